// The session's new features against a fake socket and a fake fetch: threads (getThreadMessages
// once, then live from the room stream), pin/star, members and hide as DDP methods, jumping back
// to an old message, the members panel's presence, `notification` events, and one's roles
// following userData / roles-change live.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { ChatSession, HISTORY_PAGE, THREAD_PAGE } from '../src/lib/chat';
import { DdpClient } from '../src/lib/ddp';
import type { Message } from '../src/lib/types';
import { FakeSocket } from './fake_socket';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
const me = { _id: 'u1', username: 'alice' };
const auth = { userId: 'u1', authToken: 'tok' };
let socket: FakeSocket;
let ddp: DdpClient;
let fetches: string[];
let fetchAnswer: (url: string) => unknown;

const answered = new Set<unknown>();
function answer(results: Record<string, (params: unknown[]) => unknown>) {
  for (const f of socket.methods()) {
    if (answered.has(f.id)) continue;
    const fn = results[f.method as string];
    if (!fn) continue;
    answered.add(f.id);
    socket.receive({ msg: 'result', id: f.id, result: fn(f.params as unknown[]) });
  }
}
const msg = (id: string, ts: number, extra: Partial<Message> = {}): Message => ({ _id: id, rid: 'R1', msg: id, ts: { $date: ts }, u: { _id: 'u2', username: 'bob' }, ...extra });
const roomEvent = (m: Message) => socket.receive({ msg: 'changed', collection: 'stream-room-messages', id: 'id', fields: { eventName: m.rid, args: [m] } });

async function started() {
  const session = new ChatSession(ddp, me, () => auth);
  fetchAnswer = (url) => (url.includes('users.presence') ? { users: [{ _id: 'u1', status: 'away', statusText: 'lunch' }] } : { messages: [] });
  const done = session.start();
  await flush();
  answer({
    'subscriptions/get': () => [{ _id: 's1', rid: 'R1', name: 'one', t: 'c', open: true }],
    'rooms/get': () => [{ _id: 'R1', t: 'c', name: 'one' }],
  });
  await done;
  expect(fetches).toEqual(['/api/v1/users.presence?ids=u1']); // one's own status, at start
  await flush();
  expect(session.snapshot().myStatus).toEqual({ status: 'away', text: 'lunch' });
  fetches.length = 0;
  fetchAnswer = () => ({ messages: [] });
  return session;
}

beforeEach(async () => {
  answered.clear();
  fetches = [];
  fetchAnswer = () => ({ messages: [] });
  vi.stubGlobal('fetch', async (url: string) => {
    fetches.push(url);
    return { ok: true, status: 200, json: async () => fetchAnswer(url) };
  });
  ddp = new DdpClient({ url: 'ws://x/websocket', socketFactory: (url) => (socket = new FakeSocket(url)) });
  ddp.connect();
  socket.open();
  socket.receive({ msg: 'connected' });
  await flush();
});
afterEach(() => vi.unstubAllGlobals());

test('a thread: replies fetched once, then live from the room stream; a reply carries tmid', async () => {
  const session = await started();
  session.openRoom('R1');
  await flush();
  answer({ loadHistory: () => ({ messages: [msg('p', 10, { tcount: 1 }), msg('r1', 11, { tmid: 'p' })] }) });
  await flush();
  // getThreadMessages answers the parent first, then the replies newest first.
  const opened = session.openThread('R1', 'p');
  await flush();
  answer({ getThreadMessages: () => [msg('p', 10, { tcount: 1 }), msg('r1', 11, { tmid: 'p' })] });
  await opened;
  expect(socket.methods('getThreadMessages').map((f) => f.params)).toEqual([[{ tmid: 'p', limit: THREAD_PAGE, skip: 0 }]]);
  expect(fetches).toEqual([]); // no REST
  const replies = () => session.snapshot().threads.get('p')!.list.map((m) => m._id);
  expect(replies()).toEqual(['r1']);

  // Someone replies: it arrives on the room stream with the parent's new tcount.
  roomEvent(msg('r2', 12, { tmid: 'p' }));
  roomEvent(msg('p', 10, { tcount: 2, _updatedAt: { $date: 12 } }));
  expect(replies()).toEqual(['r1', 'r2']);
  expect(session.snapshot().messages.get('R1')!.list.find((m) => m._id === 'p')?.tcount).toBe(2);

  // Replying: shown at once, sent with tmid.
  void session.send('R1', 'my reply', 'p').catch(() => undefined);
  expect(socket.methods('sendMessage')[0].params).toEqual([expect.objectContaining({ rid: 'R1', msg: 'my reply', tmid: 'p' })]);
  expect(replies()).toHaveLength(3);

  // Opening it again fetches nothing; a deleted reply leaves it.
  await session.openThread('R1', 'p');
  expect(socket.methods('getThreadMessages')).toHaveLength(1);
  socket.receive({ msg: 'changed', collection: 'stream-notify-room', id: 'id', fields: { eventName: 'R1/deleteMessage', args: [{ _id: 'r1' }] } });
  expect(replies()).not.toContain('r1');

  // An empty thread of the room is released with the room (5 newer rooms opened), and is
  // fetched again when opened after that.
  const empty = session.openThread('R1', 'q');
  await flush();
  answer({ getThreadMessages: () => [] });
  await empty;
  for (const rid of ['R2', 'R3', 'R4', 'R5', 'R6']) session.openRoom(rid);
  expect(session.snapshot().threads.has('p')).toBe(false);
  expect(session.snapshot().threads.has('q')).toBe(false);
});

test('pin, unpin and star are DDP methods (not REST)', async () => {
  const session = await started();
  const m = msg('m1', 1);
  void session.setPinned(m, true);
  void session.setPinned(m, false);
  void session.setStarred(m, true);
  expect(socket.methods('pinMessage')[0].params).toEqual([{ _id: 'm1', rid: 'R1' }]);
  expect(socket.methods('unpinMessage')[0].params).toEqual([{ _id: 'm1', rid: 'R1' }]);
  expect(socket.methods('starMessage')[0].params).toEqual([{ _id: 'm1', rid: 'R1', starred: true }]);
  expect(fetches).toEqual([]);
});

test('reveal pages back through history until the message is held', async () => {
  const session = await started();
  session.openRoom('R1');
  await flush();
  const page = (from: number) => Array.from({ length: HISTORY_PAGE }, (_, i) => msg(`m${from - i}`, from - i));
  answer({ loadHistory: () => ({ messages: page(200) }) });
  await flush();
  const found = session.reveal('R1', 'm120');
  for (let i = 0; i < 5; i++) {
    await flush();
    answer({ loadHistory: (p) => ({ messages: page(((p[1] as { $date: number }).$date) - 1) }) });
  }
  expect(await found).toBe(true);
  expect(socket.methods('loadHistory')).toHaveLength(2); // the newest page, then one older
  expect(await session.reveal('R1', 'm180')).toBe(true); // already held: no call
  expect(socket.methods('loadHistory')).toHaveLength(2);
});

test('members shown in a panel join the presence batch, and leave it when it closes', async () => {
  const session = await started();
  session.showUsers(['u1', 'u7', 'u8']);
  session.showUsers([]);
  const batches = socket.sent.filter((f) => f.msg === 'sub' && f.name === 'stream-user-presence').map((f) => f.params);
  expect(batches).toEqual([
    ['', { added: ['u1'], removed: [] }], // oneself, from the start
    ['', { added: ['u7', 'u8'], removed: [] }],
    ['', { added: [], removed: ['u7', 'u8'] }],
  ]);
});

test('notification events reach the listeners', async () => {
  const session = await started();
  const seen: string[] = [];
  const off = session.onNotification((n) => seen.push(`${n.title}|${n.payload.rid}`));
  const note = { title: '#one', text: 'bob: hi', payload: { _id: 'm1', rid: 'R1', type: 'c', name: 'one' } };
  socket.receive({ msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: 'u1/notification', args: [note] } });
  off();
  socket.receive({ msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: 'u1/notification', args: [note] } });
  expect(seen).toEqual(['#one|R1']);
});

test('a long thread is read in pages of THREAD_PAGE until a short one', async () => {
  const session = await started();
  const opened = session.openThread('R1', 'p');
  const replies = (from: number, n: number) => Array.from({ length: n }, (_, i) => msg(`r${from - i}`, from - i, { tmid: 'p' }));
  await flush();
  answer({ getThreadMessages: () => [msg('p', 1), ...replies(1000, THREAD_PAGE)] });
  await flush();
  answer({ getThreadMessages: (p) => [msg('p', 1), ...replies(1000 - (p[0] as { skip: number }).skip, 3)] });
  await opened;
  expect(socket.methods('getThreadMessages').map((f) => (f.params as [{ skip: number }])[0].skip)).toEqual([0, THREAD_PAGE]);
  const list = session.snapshot().threads.get('p')!.list;
  expect(list).toHaveLength(THREAD_PAGE + 3);
  expect(list[0]._id).toBe('r898'); // oldest first
});

test('members and hiding are RC 7 methods: addUsersToRoom, removeUserFromRoom, hideRoom', async () => {
  const session = await started();
  const added = session.addMembers('R1', ['bob']);
  await flush();
  answer({ addUsersToRoom: () => true });
  await flush();
  answer({ getUsersOfRoom: () => ({ records: [{ _id: 'u2', username: 'bob' }] }) });
  await added;
  expect(session.snapshot().members.get('R1')?.map((m) => m.username)).toEqual(['bob']);
  const removed = session.removeMember('R1', 'bob');
  await flush();
  answer({ removeUserFromRoom: () => true });
  await flush();
  answer({ getUsersOfRoom: () => ({ records: [] }) });
  await removed;
  void session.hide('R1');
  expect(socket.methods('addUsersToRoom')[0].params).toEqual([{ rid: 'R1', users: ['bob'] }]);
  expect(socket.methods('removeUserFromRoom')[0].params).toEqual([{ rid: 'R1', username: 'bob' }]);
  expect(socket.methods('hideRoom')[0].params).toEqual(['R1']);
  expect(fetches).toEqual([]);
});

test("one's roles follow userData and roles-change live (the admin entry needs no new sign-in)", async () => {
  const session = await started();
  const stored: string[][] = [];
  session.onMeChanged((m) => stored.push(m.roles ?? []));
  const userData = (diff: Record<string, unknown>) =>
    socket.receive({ msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: 'u1/userData', args: [{ type: 'updated', id: 'u1', diff, unset: {} }] } });
  const rolesChange = (change: Record<string, unknown>) =>
    socket.receive({ msg: 'changed', collection: 'stream-notify-logged', id: 'id', fields: { eventName: 'roles-change', args: [change] } });

  userData({ roles: ['user', 'admin'] });
  expect(session.snapshot().me.roles).toEqual(['user', 'admin']);
  userData({ status: 'away' }); // not a field the app keeps for itself: no change
  // roles-change: someone else's, or a room role (scope), changes nothing.
  rolesChange({ type: 'removed', _id: 'admin', u: { _id: 'u9', username: 'zed' } });
  rolesChange({ type: 'removed', _id: 'admin', u: { _id: 'u1', username: 'alice' }, scope: 'R1' });
  expect(session.snapshot().me.roles).toEqual(['user', 'admin']);
  rolesChange({ type: 'removed', _id: 'admin', u: { _id: 'u1', username: 'alice' } });
  expect(session.snapshot().me.roles).toEqual(['user']);
  rolesChange({ type: 'added', _id: 'bot', u: { _id: 'u1', username: 'alice' } });
  userData({ name: 'Alice A.' });
  expect(session.snapshot().me).toEqual({ _id: 'u1', username: 'alice', name: 'Alice A.', roles: ['user', 'bot'] });
  expect(stored).toEqual([['user', 'admin'], ['user'], ['user', 'bot'], ['user', 'bot']]);
});

test("the roles the login publishes replace the stored ones (a reload after a change made while away)", async () => {
  // The stored session said plain user; the resume login's document says admin.
  socket.receive({ msg: 'added', collection: 'users', id: 'u1', fields: { username: 'alice', roles: ['user', 'admin'] } });
  const session = new ChatSession(ddp, { ...me, roles: ['user'] }, () => auth);
  expect(session.snapshot().me.roles).toEqual(['user', 'admin']);
  // A later login (a reconnect) publishes it again.
  socket.receive({ msg: 'added', collection: 'users', id: 'u1', fields: { username: 'alice', roles: ['user'] } });
  expect(session.snapshot().me.roles).toEqual(['user']);
  session.dispose();
});
