// The directory: public channels (and one's private groups) and users, found on the server by
// name as one types (browseChannels, debounced: a DDP method, off the REST limiter); a channel
// opens (and is joined if need be), a user opens a DM. A lazy chunk. One page per search,
// more on "Load more".
import { useEffect, useState } from 'react';
import { Box, Button, Icon, TextInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import type { DirectoryPage, DirectoryUser } from '../lib/finder';
import type { Room } from '../lib/types';
import { t } from '../strings';
import { useChat } from './hooks';

type Tab = 'channels' | 'users';
const DEBOUNCE_MS = 250;

// The pages found for `text` (asked DEBOUNCE_MS after the last keystroke); an answer for an
// older text is dropped.
function useSearchPages<T>(load: (text: string, offset: number) => Promise<DirectoryPage<T>>, text: string, active: boolean) {
  const [pages, setPages] = useState<(DirectoryPage<T> & { text: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!active || pages?.text === text) return;
    let live = true;
    const timer = setTimeout(
      () =>
        load(text, 0).then(
          (p) => live && (setPages({ ...p, text }), setError(null)),
          () => live && setError(t.loadFailed),
        ),
      pages ? DEBOUNCE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [active, text]); // eslint-disable-line react-hooks/exhaustive-deps -- `load` is new each render
  const more = () => {
    if (!pages) return;
    const at = pages;
    void load(at.text, at.items.length).then(
      (p) => setPages((prev) => (prev?.text === at.text ? { ...prev, items: [...prev.items, ...p.items], total: p.total } : prev)),
      () => setError(t.loadFailed),
    );
  };
  return { pages, error, more };
}

export default function Directory({ session, onClose, onNavigate }: { session: ChatSession; onClose: () => void; onNavigate: (path: string) => void }) {
  const snap = useChat(session);
  const [tab, setTab] = useState<Tab>('channels');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const text = query.trim();
  const channels = useSearchPages<Room>((q, o) => session.finder.channels(q, o), text, tab === 'channels');
  const users = useSearchPages<DirectoryUser>((q, o) => session.finder.users(q, o), text, tab === 'users');
  const current = tab === 'channels' ? channels : users;

  const openChannel = (room: Room) => {
    const path = `/${room.t === 'p' ? 'group' : 'channel'}/${encodeURIComponent(room.name ?? room._id)}`;
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

  const shownChannels = channels.pages?.items ?? [];
  const shownUsers = (users.pages?.items ?? []).filter((u) => u._id !== snap.me._id);
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
          <ul className='switcher__list directory__list' aria-label={tab === 'channels' ? t.channels : t.users} aria-busy={current.pages.text !== text}>
            {tab === 'channels'
              ? shownChannels.map((r) => (
                  <li key={r._id}>
                    <button type='button' className='directory__item' onClick={() => openChannel(r)}>
                      <Icon name={r.t === 'p' ? 'hashtag-lock' : 'hashtag'} size='x16' aria-hidden='true' /> <span className='directory__name'>{r.fname || r.name}</span>
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
