// Pinned, starred, or search results: a list of messages, each with a jump to it in its room.
// Pinned and starred are fetched once when the panel opens (REST) and kept current from the
// room's own messages. Search is RC 7's messageSearch method as one types (debounced); while
// the server's global search is on (Search.defaultProvider.GlobalSearchEnabled) a switch
// widens it to every room of the user, as RC's "Global search" toggle does.
import { useEffect, useMemo, useState } from 'react';
import { Box, Button, CheckBox, TextInput } from '@rocket.chat/fuselage';
import { isStarredBy, liveFilter } from '../../lib/messages';
import { RoomApi } from '../../lib/room_api';
import { ms, type Message } from '../../lib/types';
import { t } from '../../strings';
import { Markdown } from '../Markdown';
import { roomPath, useChat, useDebouncedQuery } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';

function ResultItem({ m, room, onJump }: { m: Message; room?: string; onJump: (m: Message) => void }) {
  return (
    <li className='result'>
      {room && (
        <Box fontScale='c2' color='hint'>
          {room}
        </Box>
      )}
      <Box fontScale='p2b'>
        {m.u?.name || m.u?.username}{' '}
        <Box is='span' color='hint' fontScale='c1'>
          {new Date(ms(m.ts)).toLocaleString()}
        </Box>
      </Box>
      <Box className='message-body result__body'>
        <Markdown md={m.md} fallback={m.msg} />
      </Box>
      <Button small secondary onClick={() => onJump(m)}>
        {t.jumpTo}
      </Button>
    </li>
  );
}

// Pinned or starred: fetched once, then kept current from the room's held messages.
function useListed(session: PanelProps['session'], rid: string, kind: 'pinned' | 'starred') {
  const snap = useChat(session);
  const api = useMemo(() => new RoomApi(session.auth), [session]);
  const [fetched, setFetched] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = kind === 'pinned' ? api.pinned(rid) : api.starred(rid);
    load.then(setFetched, () => setError(t.loadFailed));
  }, [api, kind, rid]);
  const held = snap.messages.get(rid)?.list;
  const list = useMemo(() => {
    if (!fetched) return null;
    const matches = kind === 'pinned' ? (m: Message) => !!m.pinned : (m: Message) => isStarredBy(m, snap.me._id);
    return liveFilter(fetched, held ?? [], matches);
  }, [fetched, held, kind, snap.me._id]);
  return { list, error };
}

// messageSearch for the typed words, in this room or (`everywhere`) in all of the user's.
function useSearch(session: PanelProps['session'], rid: string, text: string, everywhere: boolean) {
  const key = text ? `${everywhere ? '*' : rid}\u0000${text}` : null;
  const found = useDebouncedQuery(key, () => session.finder.search(text, everywhere ? null : rid).catch(() => null), 300);
  const answer = key === null ? [] : found?.key === key ? found.value : undefined;
  return { list: answer ?? null, failed: answer === null };
}

// Whether the server searches across rooms: read when the panel opens, then followed while
// it shows.
function useGlobalSearchEnabled(session: PanelProps['session']): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    let live = true;
    const stop = session.finder.watchGlobalSearch((on) => setEnabled(on));
    session.finder.globalSearchEnabled().then((on) => live && setEnabled(on), () => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [session]);
  return enabled;
}

export function MessagesPanel({ session, sub, kind, onClose, onNavigate }: PanelProps & { kind: 'pinned' | 'starred' | 'search'; onClose: () => void }) {
  return kind === 'search' ? (
    <SearchPanel session={session} sub={sub} onClose={onClose} onNavigate={onNavigate} />
  ) : (
    <ListedPanel session={session} sub={sub} kind={kind} onClose={onClose} onNavigate={onNavigate} />
  );
}

type Props = Pick<PanelProps, 'session' | 'sub' | 'onNavigate'> & { onClose: () => void };

function ListedPanel({ session, sub, kind, onClose, onNavigate }: Props & { kind: 'pinned' | 'starred' }) {
  const { list, error } = useListed(session, sub.rid, kind);
  const jump = (m: Message) => onNavigate(`${roomPath(sub.t, sub.name, sub.rid)}?msg=${encodeURIComponent(m._id)}`);
  const title = kind === 'pinned' ? t.pinnedMessages : t.starredMessages;
  return (
    <PanelFrame title={title} onClose={onClose}>
      <Results title={title} list={list} error={error} empty={kind === 'pinned' ? t.noPinned : t.noStarred} onJump={jump} />
    </PanelFrame>
  );
}

function SearchPanel({ session, sub, onClose, onNavigate }: Props) {
  const snap = useChat(session);
  const [query, setQuery] = useState('');
  const [everywhere, setEverywhere] = useState(false);
  const text = query.trim();
  const globalEnabled = useGlobalSearchEnabled(session);
  const wide = everywhere && globalEnabled;
  const { list, failed } = useSearch(session, sub.rid, text, wide);
  const subOf = (rid: string) => (rid === sub.rid ? sub : snap.subs.find((s) => s.rid === rid));
  const jump = (m: Message) => {
    const target = subOf(m.rid);
    if (target) onNavigate(`${roomPath(target.t, target.name, target.rid)}?msg=${encodeURIComponent(m._id)}`);
  };
  const roomOf = (m: Message) => {
    const s = subOf(m.rid);
    return s ? `${s.t === 'd' ? '@' : '#'}${s.fname || s.name}` : undefined;
  };
  return (
    <PanelFrame title={t.searchMessages} onClose={onClose}>
      <Box is='form' padding={12} onSubmit={(e) => e.preventDefault()} role='search'>
        <TextInput aria-label={t.searchMessages} placeholder={wide ? t.searchEverywherePlaceholder : t.searchPlaceholder} value={query} autoFocus onChange={(e) => setQuery((e.target as HTMLInputElement).value)} />
        {globalEnabled && (
          <Box is='label' display='flex' alignItems='center' marginBlockStart={8} fontScale='p2'>
            <CheckBox checked={everywhere} onChange={() => setEverywhere((v) => !v)} />
            <Box is='span' marginInlineStart={8}>
              {t.searchEverywhere}
            </Box>
          </Box>
        )}
      </Box>
      <Results title={t.searchMessages} list={list} error={failed ? t.loadFailed : null} empty={text ? t.noResults : t.searchHint} roomOf={wide ? roomOf : undefined} onJump={jump} />
    </PanelFrame>
  );
}

function Results({ title, list, error, empty, roomOf, onJump }: { title: string; list: Message[] | null; error: string | null; empty: string; roomOf?: (m: Message) => string | undefined; onJump: (m: Message) => void }) {
  return (
    <>
      {error && (
        <Box role='alert' color='danger' padding={12}>
          {error}
        </Box>
      )}
      {!list ? (
        !error && (
          <Box padding={16} color='hint'>
            {t.loading}
          </Box>
        )
      ) : list.length === 0 ? (
        <Box padding={16} color='hint'>
          {empty}
        </Box>
      ) : (
        <ul className='results' aria-label={title}>
          {list.map((m) => (
            <ResultItem key={m._id} m={m} room={roomOf?.(m)} onJump={onJump} />
          ))}
        </ul>
      )}
    </>
  );
}
