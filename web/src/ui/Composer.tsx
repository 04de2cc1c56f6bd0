// The message box: Enter sends, Shift+Enter is a newline, and @user / #channel / :emoji:
// autocomplete (arrows and Enter or Tab pick, Escape closes). As in RC 7's composer popup, what
// is known locally shows at once (people who wrote in the room, members if loaded, the user's own
// channels) and `spotlight` (debounced) adds the server's matches: the room's members first,
// then other users, and public channels the user is not in.
import { filesOf } from '../lib/files';
import { AttachButton } from './files/AttachButton';
import { lazy, Suspense, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { IconButton, TextAreaInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { applyCompletion, findTrigger, rank, type Trigger } from '../lib/compose';
import { mergeByKey, type SpotlightResult } from '../lib/finder';
import type { Message } from '../lib/types';
import { t } from '../strings';
import { useChat, useDebouncedQuery } from './hooks';

const EmojiPicker = lazy(() => import('./EmojiPicker'));

interface Suggestion {
  key: string;
  label: string;
  insert: string;
}

// The emoji list is a chunk of its own, loaded the first time ':' or the picker needs it.
let emojiList: Array<[string, string]> | null = null;
const loadEmoji = () => import('./emoji').then((m) => (emojiList = m.EMOJI));

// The people who wrote in the room's held messages, newest first (RC's usersFromRoomMessages).
function authors(list: Message[] | undefined, myId: string): Array<{ _id: string; username: string; name?: string }> {
  const seen = new Map<string, { _id: string; username: string; name?: string }>();
  for (const m of [...(list ?? [])].reverse()) if (m.u?._id && m.u._id !== myId && !m.t && !seen.has(m.u._id)) seen.set(m.u._id, m.u);
  return [...seen.values()];
}

const userSuggestion = (u: { _id: string; username: string; name?: string }): Suggestion => ({
  key: u._id,
  label: u.name && u.name !== u.username ? `${u.username} (${u.name})` : u.username,
  insert: `@${u.username}`,
});

function useSuggestions(session: ChatSession, rid: string, trigger: Trigger | null): Suggestion[] {
  const snap = useChat(session);
  const [, setEmojiReady] = useState(0);
  useEffect(() => {
    if (trigger?.kind === ':' && !emojiList) void loadEmoji().then(() => setEmojiReady((n) => n + 1));
  }, [trigger?.kind]);
  const asked = trigger && trigger.kind !== ':' ? `${trigger.kind}${trigger.query}` : null;
  const found = useDebouncedQuery(asked, (key): Promise<SpotlightResult> =>
    session.finder.spotlight(key.slice(1), key[0] === '@' ? { users: true } : { rooms: true }, { rid }),
  );
  const server = asked && found?.key === asked ? found.value : null;
  if (!trigger) return [];
  if (trigger.kind === '@') {
    const known = [...authors(snap.messages.get(rid)?.list, snap.me._id), ...(snap.members.get(rid) ?? []).filter((m) => m._id !== snap.me._id)];
    const local = rank(known, trigger.query, (m) => [m.username, m.name ?? '']).map(userSuggestion);
    const remote = (server?.users ?? []).filter((u) => u._id !== snap.me._id).map(userSuggestion);
    const special = ['all', 'here'].filter((s) => s.startsWith(trigger.query.toLowerCase()));
    return [...mergeByKey(local, remote), ...special.map((s) => ({ key: s, label: s, insert: `@${s}` }))];
  }
  if (trigger.kind === '#') {
    const rooms = snap.subs.filter((s) => s.t === 'c' || s.t === 'p');
    const local = rank(rooms, trigger.query, (s) => [s.name, s.fname ?? '']).map((s) => ({ key: s.rid, label: s.name, insert: `#${s.name}` }));
    const remote = (server?.rooms ?? []).map((r) => ({ key: r._id, label: r.name, insert: `#${r.name}` }));
    return mergeByKey(local, remote);
  }
  return rank(emojiList ?? [], trigger.query, ([name]) => [name]).map(([name, char]) => ({ key: name, label: `${char} :${name}:`, insert: `:${name}:` }));
}

export function Composer({
  session,
  rid,
  value,
  onChange,
  onSubmit,
  onKeyDown,
  label,
  placeholder,
  inputRef,
  onFiles,
}: {
  session: ChatSession;
  rid: string;
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void; // after autocomplete had its turn
  label: string;
  placeholder: string;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  onFiles?: (files: File[]) => void; // pasted or picked files (uploads)
}) {
  const own = useRef<HTMLTextAreaElement>(null);
  const input = inputRef ?? own;
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [picker, setPicker] = useState(false);
  const trigger = useMemo(() => {
    const tr = findTrigger(value, caret);
    return tr && tr.start !== dismissed ? tr : null;
  }, [value, caret, dismissed]);
  const suggestions = useSuggestions(session, rid, trigger);
  const open = suggestions.length > 0;
  const listId = `composer-suggestions${useId().replace(/:/g, '')}`; // two composers: room and thread

  useEffect(() => setActive(0), [trigger?.kind, trigger?.query]);

  const insertAt = (tr: Trigger, text: string) => {
    const next = applyCompletion(value, tr, caret, text);
    pendingCaret.current = next.caret;
    onChange(next.text);
    setCaret(next.caret);
  };
  // The caret after a pick, set as soon as the new text is in the box (not a frame later:
  // by then the next keystroke may have landed, and moving the caret back would misplace it).
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    input.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [value, input]);
  const insertEmoji = (name: string) => {
    const el = input.current;
    const at = el ? el.selectionStart : value.length;
    const before = value.slice(0, at);
    const sep = before && !/\s$/.test(before) ? ' ' : '';
    insertAt({ kind: ':', query: '', start: at }, `${sep}:${name}:`);
    setPicker(false);
    el?.focus();
  };

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && trigger) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insertAt(trigger, suggestions[Math.min(active, suggestions.length - 1)].insert);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(trigger.start);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      onSubmit();
      return;
    }
    onKeyDown?.(e);
  };

  return (
    <div className='composer'>
      {open && (
        <ul className='suggestions' id={listId} role='listbox' aria-label={t.suggestions}>
          {suggestions.map((s, i) => (
            <li
              key={s.key}
              id={`${listId}-${i}`}
              role='option'
              aria-selected={i === active}
              className={`suggestion${i === active ? ' suggestion--active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                if (trigger) insertAt(trigger, s.insert);
              }}
            >
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {picker && (
        <Suspense fallback={null}>
          <EmojiPicker onPick={insertEmoji} onClose={() => setPicker(false)} />
        </Suspense>
      )}
      <div className='composer__row'>
        <TextAreaInput
          ref={input}
          aria-label={label}
          placeholder={placeholder}
          rows={1}
          value={value}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-autocomplete='list'
          onChange={(e) => {
            const el = e.target as HTMLTextAreaElement;
            setCaret(el.selectionStart);
            if (dismissed !== null && !findTrigger(el.value, el.selectionStart)) setDismissed(null);
            onChange(el.value);
          }}
          onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart)}
          onKeyDown={keyDown}
          onPaste={(e) => {
            const files = onFiles ? filesOf(e.clipboardData) : [];
            if (files.length === 0) return;
            e.preventDefault(); // a pasted picture is uploaded, not its file name typed
            onFiles?.(files);
          }}
        />
        {onFiles && <AttachButton onFiles={onFiles} />}
        <IconButton icon='emoji' marginInlineStart={8} title={t.emojiPicker} aria-label={t.emojiPicker} aria-expanded={picker} onClick={() => setPicker((p) => !p)} />
        <IconButton icon='send' primary marginInlineStart={4} title={t.send} aria-label={t.send} disabled={!value.trim()} onClick={onSubmit} />
      </div>
    </div>
  );
}
