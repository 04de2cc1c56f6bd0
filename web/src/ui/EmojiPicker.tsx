// A grid of the app's emoji set; a chunk of its own (lazy), so the first screen does not carry it.
import { useEffect, useRef } from 'react';
import { t } from '../strings';
import { EMOJI } from './emoji';

export default function EmojiPicker({ onPick, onClose }: { onPick: (name: string) => void; onClose: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className='emoji-picker' role='dialog' aria-label={t.emojiPicker} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {EMOJI.map(([name, char], i) => (
        <button key={name} ref={i === 0 ? first : undefined} type='button' className='emoji-picker__item' title={`:${name}:`} aria-label={`:${name}:`} onClick={() => onPick(name)}>
          {char}
        </button>
      ))}
    </div>
  );
}
