// Ctrl/Cmd+K: jump to a room by typing part of its name (arrows choose, Enter opens, Escape
// closes), as in Rocket.Chat.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, TextInput } from '@rocket.chat/fuselage';
import type { Subscription } from '../lib/types';
import { t } from '../strings';

export function QuickSwitcher({ subs, onPick, onClose }: { subs: Subscription[]; onPick: (s: Subscription) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const named = subs.map((s) => ({ s, name: (s.fname || s.name).toLowerCase() }));
    const hits = q ? named.filter((x) => x.name.includes(q) || x.s.name.toLowerCase().includes(q)) : named;
    // Names that start with the query first, then the list's own order (activity).
    return hits
      .map((x, i) => ({ ...x, rank: q && x.name.startsWith(q) ? 0 : 1, i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .slice(0, 10)
      .map((x) => x.s);
  }, [subs, query]);

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
          aria-activedescendant={matches[active] ? `switcher-${matches[active].rid}` : undefined}
          onChange={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setActive(0);
          }}
        />
        <ul id='switcher-list' role='listbox' className='switcher__list' aria-label={t.rooms}>
          {matches.length === 0 && <Box is='li' color='hint' padding={8}>{t.noMatches}</Box>}
          {matches.map((s, i) => (
            <li
              key={s.rid}
              id={`switcher-${s.rid}`}
              role='option'
              aria-selected={i === active}
              className={`switcher__item${i === active ? ' switcher__item--active' : ''}`}
              onMouseDown={() => onPick(s)}
            >
              {s.t === 'd' ? '@' : '#'} {s.fname || s.name}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
