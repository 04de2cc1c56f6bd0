// Pinned, starred, or search results: a list of messages, each with a jump to it in the room.
// Pinned and starred are fetched once when the panel opens (REST) and kept current from the
// room's own messages; search asks the server on Enter only (REST chat.search: the limiter).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Box, Button, TextInput } from '@rocket.chat/fuselage';
import { isStarredBy, liveFilter } from '../../lib/messages';
import { RoomApi } from '../../lib/room_api';
import { ms, type Message } from '../../lib/types';
import { t } from '../../strings';
import { Markdown } from '../Markdown';
import { roomPath, useChat } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';

function ResultItem({ m, onJump }: { m: Message; onJump: (m: Message) => void }) {
  return (
    <li className='result'>
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

export function MessagesPanel({ session, sub, kind, onClose, onNavigate }: PanelProps & { kind: 'pinned' | 'starred' | 'search'; onClose: () => void }) {
  const snap = useChat(session);
  const api = useMemo(() => new RoomApi(session.auth), [session]);
  const [fetched, setFetched] = useState<Message[] | null>(kind === 'search' ? [] : null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState(false);

  useEffect(() => {
    if (kind === 'search') return;
    const load = kind === 'pinned' ? api.pinned(sub.rid) : api.starred(sub.rid);
    load.then(setFetched, () => setError(t.loadFailed));
  }, [api, kind, sub.rid]);

  const held = snap.messages.get(sub.rid)?.list;
  const list = useMemo(() => {
    if (!fetched) return null;
    if (kind === 'search') return fetched;
    const matches = kind === 'pinned' ? (m: Message) => !!m.pinned : (m: Message) => isStarredBy(m, snap.me._id);
    return liveFilter(fetched, held ?? [], matches);
  }, [fetched, held, kind, snap.me._id]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    const text = query.trim();
    if (!text) return;
    setError(null);
    setFetched(null);
    api.search(sub.rid, text).then(
      (r) => {
        setFetched(r);
        setSearched(true);
      },
      () => setError(t.loadFailed),
    );
  };
  const jump = (m: Message) => onNavigate(`${roomPath(sub.t, sub.name, sub.rid)}?msg=${encodeURIComponent(m._id)}`);
  const title = kind === 'pinned' ? t.pinnedMessages : kind === 'starred' ? t.starredMessages : t.searchMessages;
  const empty = kind === 'pinned' ? t.noPinned : kind === 'starred' ? t.noStarred : searched ? t.noResults : t.searchHint;

  return (
    <PanelFrame title={title} onClose={onClose}>
      {kind === 'search' && (
        <Box is='form' padding={12} onSubmit={search} role='search'>
          <TextInput aria-label={t.searchMessages} placeholder={t.searchPlaceholder} value={query} autoFocus onChange={(e) => setQuery((e.target as HTMLInputElement).value)} />
        </Box>
      )}
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
            <ResultItem key={m._id} m={m} onJump={jump} />
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}
