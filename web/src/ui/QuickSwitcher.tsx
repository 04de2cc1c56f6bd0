// Ctrl/Cmd+K: jump to a room by typing part of its name (arrows choose, Enter opens, Escape
// closes), as in Rocket.Chat. The user's own rooms match at once; spotlight (debounced) adds
// people without a DM yet and public channels not joined, which open a DM or join on pick.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, TextInput } from '@rocket.chat/fuselage';
import { switcherItems, type SwitcherItem } from '../lib/finder';
import type { ChatSession } from '../lib/chat';
import { t } from '../strings';
import { useChat, useDebouncedQuery } from './hooks';

export function QuickSwitcher({ session, onPick, onClose }: { session: ChatSession; onPick: (item: SwitcherItem) => void; onClose: () => void }) {
  const snap = useChat(session);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const q = query.trim();
  const found = useDebouncedQuery(q || null, (text) => session.finder.spotlight(text, { users: true, rooms: true }));
  const matches = useMemo(
    () => switcherItems(snap.subs, q, found?.key === q ? found.value : null, snap.me.username),
    [snap.subs, q, found, snap.me.username],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && matches[active]) {
      e.preventDefault();
      onPick(matches[active]);
    }
  };

  return (
    <div className='switcher-backdrop' onMouseDown={onClose}>
      <div className='switcher' role='dialog' aria-modal='true' aria-label={t.quickSwitcher} onMouseDown={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        <TextInput
          ref={input}
          aria-label={t.quickSwitcher}
          placeholder={t.quickSwitcherPlaceholder}
          value={query}
          role='combobox'
          aria-expanded='true'
          aria-controls='switcher-list'
          aria-activedescendant={matches[active] ? `switcher-${active}` : undefined}
          onChange={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setActive(0);
          }}
        />
        <ul id='switcher-list' role='listbox' className='switcher__list' aria-label={t.rooms}>
          {matches.length === 0 && <Box is='li' color='hint' padding={8}>{t.noMatches}</Box>}
          {matches.map((item, i) => (
            <li
              key={item.key}
              id={`switcher-${i}`}
              role='option'
              aria-selected={i === active}
              className={`switcher__item${i === active ? ' switcher__item--active' : ''}`}
              onMouseDown={() => onPick(item)}
            >
              {item.label}
              {item.kind !== 'sub' && <span className='switcher__hint'> {item.kind === 'user' ? t.startDm : t.joinChannel}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
