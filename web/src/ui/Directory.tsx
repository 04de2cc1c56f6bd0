// The directory: every public channel and every user, filtered by name; a channel opens (and
// is joined if need be), a user opens a DM. A lazy chunk. One page (100) per list is fetched
// when its tab first shows, more on "Load more", never per keystroke (REST limiter).
import { useEffect, useMemo, useState } from 'react';
import { Box, Button, Icon, TextInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { filterByName, RoomApi, type DirectoryUser } from '../lib/room_api';
import type { Room } from '../lib/types';
import { t } from '../strings';
import { useChat } from './hooks';

type Tab = 'channels' | 'users';
interface Pages<T> {
  items: T[];
  total: number;
}

function usePages<T>(load: (offset: number) => Promise<Pages<T>>, active: boolean) {
  const [pages, setPages] = useState<Pages<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const more = (offset: number) =>
    load(offset).then(
      (p) => setPages((prev) => ({ items: [...(prev?.items ?? []), ...p.items], total: p.total })),
      () => setError(t.loadFailed),
    );
  // The first page when the tab first shows; later pages only on "Load more".
  useEffect(() => {
    if (active && !pages) void more(0);
  }, [active]); // eslint-disable-line react-hooks/exhaustive-deps -- `more` is new each render
  return { pages, error, more: () => void more(pages?.items.length ?? 0) };
}

export default function Directory({ session, onClose, onNavigate }: { session: ChatSession; onClose: () => void; onNavigate: (path: string) => void }) {
  const snap = useChat(session);
  const api = useMemo(() => new RoomApi(session.auth), [session]);
  const [tab, setTab] = useState<Tab>('channels');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const channels = usePages<Room>((o) => api.channelsPage(o), tab === 'channels');
  const users = usePages<DirectoryUser>((o) => api.usersPage(o), tab === 'users');
  const current = tab === 'channels' ? channels : users;

  const openChannel = (room: Room) => {
    const path = `/channel/${encodeURIComponent(room.name ?? room._id)}`;
    const joined = snap.subs.some((s) => s.rid === room._id);
    (joined ? Promise.resolve() : session.join(room._id)).then(
      () => {
        onClose();
        onNavigate(path);
      },
      (e: Error) => setError(e.message || t.actionFailed),
    );
  };
  const openUser = (u: DirectoryUser) =>
    session.createRoom('d', '', [u.username]).then(
      (path) => {
        onClose();
        onNavigate(path);
      },
      (e: Error) => setError(e.message || t.actionFailed),
    );

  const shownChannels = filterByName(channels.pages?.items ?? [], query, (r) => [r.name, r.fname, r.topic]);
  const shownUsers = filterByName(users.pages?.items ?? [], query, (u) => [u.username, u.name]).filter((u) => u._id !== snap.me._id);
  const hasMore = !!current.pages && current.pages.items.length < current.pages.total;

  return (
    <div className='switcher-backdrop' onMouseDown={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <Box className='switcher directory' role='dialog' aria-modal='true' aria-label={t.directory} onMouseDown={(e) => e.stopPropagation()}>
        <Box is='h2' fontScale='h4' marginBlockEnd={12}>
          {t.directory}
        </Box>
        <Box display='flex' marginBlockEnd={8} role='group' aria-label={t.directory}>
          {(['channels', 'users'] as const).map((k) => (
            <Button key={k} small primary={tab === k} secondary={tab !== k} aria-pressed={tab === k} marginInlineEnd={8} onClick={() => setTab(k)}>
              {k === 'channels' ? t.channels : t.users}
            </Button>
          ))}
        </Box>
        <TextInput aria-label={t.directorySearch} placeholder={t.directorySearch} value={query} autoFocus onChange={(e) => setQuery((e.target as HTMLInputElement).value)} />
        {(error || current.error) && (
          <Box role='alert' color='danger' marginBlock={8}>
            {error || current.error}
          </Box>
        )}
        {!current.pages ? (
          <Box padding={8} color='hint'>
            {t.loading}
          </Box>
        ) : (
          <ul className='switcher__list directory__list' aria-label={tab === 'channels' ? t.channels : t.users}>
            {tab === 'channels'
              ? shownChannels.map((r) => (
                  <li key={r._id}>
                    <button type='button' className='directory__item' onClick={() => openChannel(r)}>
                      <Icon name='hashtag' size='x16' aria-hidden='true' /> <span className='directory__name'>{r.fname || r.name}</span>
                      {r.topic && <span className='directory__topic'>{r.topic}</span>}
                    </button>
                  </li>
                ))
              : shownUsers.map((u) => (
                  <li key={u._id}>
                    <button type='button' className='directory__item' onClick={() => void openUser(u)}>
                      <img className='avatar avatar--small' src={`/avatar/${encodeURIComponent(u.username)}`} alt='' />
                      <span className='directory__name'>{u.username}</span>
                      {u.name && u.name !== u.username && <span className='directory__topic'>{u.name}</span>}
                    </button>
                  </li>
                ))}
            {(tab === 'channels' ? shownChannels : shownUsers).length === 0 && (
              <Box is='li' padding={8} color='hint'>
                {t.noMatchesDirectory}
              </Box>
            )}
          </ul>
        )}
        {hasMore && (
          <Button small secondary marginBlockStart={8} onClick={current.more}>
            {t.loadMore}
          </Button>
        )}
      </Box>
    </div>
  );
}
