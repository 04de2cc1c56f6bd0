// The app shell: one DDP connection per tab, the session stored for reloads (resume token),
// a visible connection banner, and client-side routes (/channel/x, /group/x, /direct/rid).
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Box, Button, Throbber } from '@rocket.chat/fuselage';
import { ChatSession } from '../lib/chat';
import { DdpClient, type ConnectionStatus } from '../lib/ddp';
import { rest, RestError } from '../lib/rest';
import type { Subscription, UserRef } from '../lib/types';
import { t } from '../strings';
import { Login, type Registration } from './Login';
import { QuickSwitcher } from './QuickSwitcher';
import type { SwitcherItem } from '../lib/finder';
import { CreateRoom } from './CreateRoom';
import { RoomList } from './RoomList';
import { RoomView } from './RoomView';
import { roomPath, useChat } from './hooks';
import { jumpTarget } from '../lib/messages';
import { notificationPath, shouldNotify, tabTitle } from '../lib/notify';
import { adminSection, isAdmin } from '../lib/admin';
import { clearFileCookies, setFileCookies } from '../lib/cookies';

const ProfileDialog = lazy(() => import('./ProfileDialog'));
const Directory = lazy(() => import('./Directory'));
const AdminPage = lazy(() => import('./admin/AdminPage'));

const STORAGE_KEY = 'parley.session';

interface Stored {
  userId: string;
  token: string;
  user: UserRef;
}

function readStored(): Stored | null {
  try {
    const s = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    return s && s.userId && s.token && s.user?.username ? s : null;
  } catch {
    return null;
  }
}

function wsUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/websocket`;
}

// The room a path names, among the user's subscriptions.
function subForPath(path: string, subs: Subscription[]): Subscription | undefined {
  const [, kind, raw] = path.split('?')[0].split('/');
  if (!raw) return undefined;
  const key = decodeURIComponent(raw);
  if (kind === 'direct') return subs.find((s) => s.t === 'd' && (s.rid === key || s.name === key));
  if (kind === 'group') return subs.find((s) => s.t === 'p' && s.name === key);
  if (kind === 'channel') return subs.find((s) => s.t === 'c' && s.name === key);
  return undefined;
}

// The path with its query (?msg=<id> asks to jump to a message).
const here = () => window.location.pathname + window.location.search;

function usePath(): [string, (p: string) => void] {
  const [path, setPath] = useState(here);
  useEffect(() => {
    const onPop = () => setPath(here());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((p: string) => {
    if (p !== here()) window.history.pushState(null, '', p);
    setPath(p);
  }, []);
  return [path, navigate];
}

// Where a quick-switcher pick leads: one's own room, a DM (created if need be) or a public
// channel (joined first).
async function openSwitcherItem(session: ChatSession, item: SwitcherItem): Promise<string> {
  if (item.kind === 'sub') return roomPath(item.t, item.name, item.rid);
  if (item.kind === 'user') return session.createRoom('d', '', [item.username]);
  await session.join(item.rid);
  return roomPath('c', item.name, item.rid);
}

function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status === 'connected' || status === 'closed' || status === 'idle') return null;
  return (
    <Box className='connection-banner' role='status' data-status={status}>
      {status === 'reconnecting' ? t.reconnecting : t.connecting}
    </Box>
  );
}

function Main({ session, onSignOut }: { session: ChatSession; onSignOut: () => void }) {
  const snap = useChat(session);
  const [path, navigate] = usePath();
  const current = subForPath(path, snap.subs);
  const [switcher, setSwitcher] = useState(false);
  const [creating, setCreating] = useState(false);
  const [profile, setProfile] = useState(false);
  const [directory, setDirectory] = useState(false);
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'denied' : Notification.permission));
  const jumpTo = jumpTarget(path.includes('?') ? path.slice(path.indexOf('?')) : '');
  const openRid = current?.rid ?? null;
  const section = adminSection(path);
  const admin = isAdmin(snap.me.roles);

  // Browser notifications from the user's `notification` stream (mentions, DMs).
  useEffect(
    () =>
      session.onNotification((n) => {
        const hidden = document.visibilityState === 'hidden';
        if (!shouldNotify(n, { hidden, permission, openRid, myId: session.snapshot().me._id })) return;
        const note = new Notification(n.title, { body: n.text, tag: n.payload.rid, icon: '/favicon.ico' });
        note.onclick = () => {
          window.focus();
          navigate(notificationPath(n));
          note.close();
        };
      }),
    [session, permission, openRid, navigate],
  );
  const askPermission = () => void Notification.requestPermission().then(setPermission);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSwitcher((open) => !open);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    session.openRoom(current?.rid ?? null);
  }, [session, current?.rid]);

  useEffect(() => {
    document.title = tabTitle(snap.subs, t.appName);
  }, [snap.subs]);

  return (
    <Box className='shell'>
      <ConnectionBanner status={snap.status} />
      {switcher && (
        <QuickSwitcher
          session={session}
          onClose={() => setSwitcher(false)}
          onPick={(item) => {
            setSwitcher(false);
            void openSwitcherItem(session, item).then(navigate, () => undefined);
          }}
        />
      )}
      <RoomList
        subs={snap.subs}
        statusOf={(s) => {
          if (s.t !== 'd') return undefined;
          const uid = snap.rooms.get(s.rid)?.uids?.find((u) => u !== snap.me._id);
          return uid ? (snap.presence.get(uid) ?? 'offline') : undefined;
        }}
        openRid={current?.rid ?? null}
        username={snap.me.username}
        myStatus={snap.myStatus.status}
        onOpen={(s) => navigate(roomPath(s.t, s.name, s.rid))}
        onSignOut={onSignOut}
        onCreate={() => setCreating(true)}
        onProfile={() => setProfile(true)}
        onDirectory={() => setDirectory(true)}
        onAdmin={admin ? () => navigate('/admin/users') : undefined}
        onEnableNotifications={permission === 'default' ? askPermission : undefined}
      />
      {directory && (
        <Suspense fallback={null}>
          <Directory session={session} onClose={() => setDirectory(false)} onNavigate={navigate} />
        </Suspense>
      )}
      {profile && (
        <Suspense fallback={null}>
          <ProfileDialog session={session} onClose={() => setProfile(false)} />
        </Suspense>
      )}
      {creating && (
        <CreateRoom
          session={session}
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            navigate(p);
          }}
        />
      )}
      {section && admin ? (
        <Suspense fallback={null}>
          <AdminPage session={session} section={section} onNavigate={navigate} />
        </Suspense>
      ) : section ? (
        <Box is='main' className='room not-allowed'>
          <Box role='alert' marginBlockEnd={12}>
            {t.admin.notAllowed}
          </Box>
          <Button small secondary onClick={() => navigate('/home')}>
            {t.admin.back}
          </Button>
        </Box>
      ) : current ? (
        <RoomView key={current.rid} session={session} sub={current} jumpTo={jumpTo} onBack={() => navigate('/home')} onNavigate={navigate} />
      ) : (
        <Box is='main' className='room room--empty' color='hint'>
          {t.noRoomOpen}
        </Box>
      )}
    </Box>
  );
}

export function App() {
  const ddp = useMemo(() => new DdpClient({ url: wsUrl() }), []);
  const status = useSyncExternalStore(
    (l) => ddp.onStatus(l),
    () => ddp.status,
  );
  const [session, setSession] = useState<ChatSession | null>(null);
  const [resuming, setResuming] = useState(() => readStored() !== null);
  const [notice, setNotice] = useState<string | undefined>();

  const begin = useCallback(
    (user: UserRef) => {
      const s = new ChatSession(ddp, user, () =>
        ddp.userId && ddp.resumeToken ? { userId: ddp.userId, authToken: ddp.resumeToken } : null,
      );
      // Roles or a name changed (the login's user document, userData, roles-change): stored, so
      // the next reload starts from them.
      const keep = (me: UserRef) => {
        const stored = readStored();
        if (stored && stored.userId === me._id) localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, user: me }));
      };
      keep(s.snapshot().me);
      s.onMeChanged(keep);
      setSession(s);
      setResuming(false);
      void s.start();
    },
    [ddp],
  );

  useEffect(() => {
    const stored = readStored();
    if (stored) {
      ddp.resumeToken = stored.token;
      setFileCookies(stored.userId, stored.token); // downloads (/file-upload/...) send these
    }
    let started = false;
    const offLogin = ddp.onLogin(() => {
      // Every reconnect logs in again; the session is built once.
      if (started || !stored) return;
      started = true;
      begin(stored.user);
    });
    const offOut = ddp.onLoggedOut(() => {
      localStorage.removeItem(STORAGE_KEY);
      clearFileCookies();
      setSession((s) => {
        s?.dispose();
        return null;
      });
      setResuming(false);
      setNotice(t.sessionEnded);
    });
    ddp.connect();
    return () => {
      offLogin();
      offOut();
      ddp.close();
    };
  }, [ddp, begin]);

  const login = async (user: string, pass: string) => {
    const result = await ddp.loginWithPassword(user, pass);
    // The login published one's document (as Meteor does); a server that sends no roles with
    // it is asked over REST (GET me) instead.
    const doc = ddp.user;
    const me =
      doc?._id === result.id && typeof doc.username === 'string' && Array.isArray(doc.roles)
        ? { _id: doc._id, username: doc.username, name: typeof doc.name === 'string' ? doc.name : undefined, roles: doc.roles }
        : await rest<{ _id: string; username: string; name?: string; roles?: string[] }>('GET', 'me', { userId: result.id, authToken: result.token });
    const ref: UserRef = { _id: me._id, username: me.username, name: me.name, roles: me.roles };
    setFileCookies(result.id, result.token);
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ userId: result.id, token: result.token, user: ref }));
    setNotice(undefined);
    begin(ref);
  };

  // users.register (REST: there is no DDP method for it in RC's public API), then a normal
  // sign-in. Rocket.Chat limits it to one call a minute per client address.
  const register = async (r: Registration) => {
    try {
      await rest('POST', 'users.register', null, { name: r.name, username: r.username, email: r.email, pass: r.pass });
    } catch (e) {
      if (e instanceof RestError) throw new Error(e.message || t.registerFailed);
      throw e;
    }
    await login(r.username, r.pass);
  };

  const signOut = async () => {
    session?.dispose();
    setSession(null);
    localStorage.removeItem(STORAGE_KEY);
    clearFileCookies();
    window.history.pushState(null, '', '/');
    await ddp.logout().catch(() => undefined);
  };

  if (session) return <Main session={session} onSignOut={() => void signOut()} />;
  if (resuming) {
    return (
      <Box display='flex' flexDirection='column' justifyContent='center' alignItems='center' minHeight='100vh' role='status'>
        <Throbber />
        <Box marginBlockStart={8}>{status === 'reconnecting' ? t.reconnecting : t.connecting}</Box>
      </Box>
    );
  }
  return <Login ddp={ddp} onLogin={login} onRegister={register} notice={notice} />;
}
