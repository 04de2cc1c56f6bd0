// The composer's paper clip: a hidden file input behind a labelled button.
import { useRef } from 'react';
import { IconButton } from '@rocket.chat/fuselage';
import { t } from '../../strings';

export function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type='file'
        multiple
        className='visually-hidden'
        aria-label={t.files.attach}
        tabIndex={-1}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <IconButton icon='clip' small title={t.files.attach} aria-label={t.files.attach} onClick={() => input.current?.click()} />
    </>
  );
}
