// The session's realtime model, as RC 7's web client: which streams it opens and when (the
// user's notify-user events always; room streams only for held rooms, at most 5; user-activity
// only for the room on screen; never __my_messages__ or user-status), and how events change
// the room list and the messages.
import { beforeEach, describe, expect, test } from 'vitest';
import { ChatSession, MAX_ROOMS_OPEN, mergeMessages } from '../src/lib/chat';
import { DdpClient } from '../src/lib/ddp';
import type { Message } from '../src/lib/types';
import { FakeSocket } from './fake_socket';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
const me = { _id: 'u1', username: 'alice' };

let socket: FakeSocket;
let ddp: DdpClient;

// Plays the server: answers every method call the client has sent and not yet seen answered.
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
const openSubs = () => {
  const open = new Map<string, string>();
  for (const f of socket.sent) {
    if (f.msg === 'sub') open.set(f.id as string, `${f.name}:${(f.params as unknown[])[0]}`);
    if (f.msg === 'unsub') open.delete(f.id as string);
  }
  return [...open.values()].sort();
};

const sub = (rid: string, name: string, extra = {}) => ({ _id: `s-${rid}`, rid, name, t: 'c', open: true, unread: 0, ...extra });
const room = (rid: string, lm: number) => ({ _id: rid, t: 'c', name: rid.toLowerCase(), lm: { $date: lm } });
const msg = (id: string, rid: string, ts: number, text = id): Message => ({ _id: id, rid, msg: text, ts: { $date: ts }, u: { _id: 'u2', username: 'bob' } });

async function started() {
  const session = new ChatSession(ddp, me);
  const done = session.start();
  await flush();
  answer({
    'subscriptions/get': () => [sub('R1', 'one'), sub('R2', 'two', { unread: 3 }), sub('R3', 'three')],
    'rooms/get': () => [room('R1', 100), room('R2', 300), room('R3', 200)],
  });
  await done;
  return session;
}

beforeEach(async () => {
  answered.clear();
  ddp = new DdpClient({
    url: 'ws://x/websocket',
    socketFactory: (url) => (socket = new FakeSocket(url)),
  });
  ddp.connect();
  socket.open();
  socket.receive({ msg: 'connected' });
  await flush();
});

describe('streams', () => {
  test('after sign-in: only the user streams, and the room list by activity', async () => {
    const session = await started();
    expect(openSubs()).toEqual([
      'stream-notify-logged:roles-change', // a global role given or taken (RC's userRoles.ts)
      'stream-notify-user:u1/notification',
      'stream-notify-user:u1/rooms-changed',
      'stream-notify-user:u1/subscriptions-changed',
      'stream-notify-user:u1/userData', // one's own document (RC's userData.ts)
      'stream-user-presence:', // oneself
    ]);
    expect(session.snapshot().subs.map((s) => s.rid)).toEqual(['R2', 'R3', 'R1']);
  });

  test('opening rooms: room streams for held rooms (5 at most), user-activity for the open one', async () => {
    const session = await started();
    session.openRoom('R1');
    await flush();
    expect(openSubs()).toEqual([
      'stream-notify-logged:roles-change',
      'stream-notify-room:R1/deleteMessage',
      'stream-notify-room:R1/user-activity',
      'stream-notify-user:u1/notification',
      'stream-notify-user:u1/rooms-changed',
      'stream-notify-user:u1/subscriptions-changed',
      'stream-notify-user:u1/userData',
      'stream-room-messages:R1',
      'stream-user-presence:',
    ]);
    expect(socket.methods('loadHistory')[0].params).toEqual(['R1', null, 50, null]);

    for (const rid of ['R2', 'R3', 'R4', 'R5', 'R6']) session.openRoom(rid);
    await flush();
    const subs = openSubs();
    expect(subs.filter((s) => s.endsWith('/user-activity'))).toEqual(['stream-notify-room:R6/user-activity']);
    expect(subs.filter((s) => s.startsWith('stream-room-messages')).length).toBe(MAX_ROOMS_OPEN);
    expect(subs).not.toContain('stream-room-messages:R1'); // the least recent was let go
    expect(session.heldRooms()).toEqual(['R6', 'R5', 'R4', 'R3', 'R2']);

    // Going back to a held room fetches nothing again.
    const loads = socket.methods('loadHistory').length;
    session.openRoom('R3');
    await flush();
    expect(socket.methods('loadHistory').length).toBe(loads);

    const all = socket.sent.filter((f) => f.msg === 'sub').map((f) => `${f.name}:${(f.params as unknown[])[0]}`);
    expect(all.some((s) => s.includes('__my_messages__') || s.includes('user-status'))).toBe(false);
  });

  test('opening a room with unread marks it read at once', async () => {
    const session = await started();
    session.openRoom('R2');
    await flush();
    expect(socket.methods('readMessages')[0].params).toEqual(['R2']);
    expect(session.snapshot().subs.find((s) => s.rid === 'R2')?.unread).toBe(0);
    // Where the new messages start: after what the user had seen (ls) when opening.
    expect(session.snapshot().unreadSince.get('R2')).toBe(0);
    session.openRoom('R1');
    expect(session.snapshot().unreadSince.has('R1')).toBe(false);
  });
});

describe('events', () => {
  test('messages arrive, are edited and deleted through the room streams', async () => {
    const session = await started();
    session.openRoom('R1');
    await flush();
    answer({ loadHistory: () => ({ messages: [msg('m2', 'R1', 20), msg('m1', 'R1', 10)] }) });
    await flush();
    const ids = () => session.snapshot().messages.get('R1')!.list.map((m) => `${m._id}:${m.msg}`);
    expect(ids()).toEqual(['m1:m1', 'm2:m2']);

    const changed = (eventName: string, args: unknown[], collection = 'stream-room-messages') =>
      socket.receive({ msg: 'changed', collection, id: 'id', fields: { eventName, args } });
    changed('R1', [msg('m3', 'R1', 30, 'new')]);
    changed('R1', [{ ...msg('m1', 'R1', 10, 'm1 edited'), editedAt: { $date: 40 }, _updatedAt: { $date: 40 } }]);
    expect(ids()).toEqual(['m1:m1 edited', 'm2:m2', 'm3:new']);
    changed('R1/deleteMessage', [{ _id: 'm2' }], 'stream-notify-room');
    expect(ids()).toEqual(['m1:m1 edited', 'm3:new']);
  });

  test('rooms-changed and subscriptions-changed reorder the list and set badges', async () => {
    const session = await started();
    const notify = (event: string, args: unknown[]) =>
      socket.receive({ msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: `u1/${event}`, args } });
    notify('rooms-changed', ['updated', room('R1', 500)]);
    notify('subscriptions-changed', ['updated', sub('R1', 'one', { unread: 1, alert: true, userMentions: 1 })]);
    const list = session.snapshot().subs;
    expect(list.map((s) => s.rid)).toEqual(['R1', 'R2', 'R3']);
    expect(list[0]).toMatchObject({ unread: 1, userMentions: 1 });
    notify('subscriptions-changed', ['removed', sub('R3', 'three')]);
    expect(session.snapshot().subs.map((s) => s.rid)).toEqual(['R1', 'R2']);
  });

  test('typing from others shows, and clears on their message', async () => {
    const session = await started();
    session.openRoom('R1');
    await flush();
    const activity = (args: unknown[]) =>
      socket.receive({ msg: 'changed', collection: 'stream-notify-room', id: 'id', fields: { eventName: 'R1/user-activity', args } });
    activity(['bob', ['user-typing'], {}]);
    activity(['alice', ['user-typing'], {}]); // oneself: not shown
    expect(session.snapshot().typing.get('R1')).toEqual(['bob']);
    answer({ loadHistory: () => ({ messages: [] }) });
    await flush();
    socket.receive({ msg: 'changed', collection: 'stream-room-messages', id: 'id', fields: { eventName: 'R1', args: [msg('m9', 'R1', 99)] } });
    expect(session.snapshot().typing.get('R1')).toEqual([]);
  });
});

test('presence: oneself and DM partners only, in RC 7 batch form, statuses from their events', async () => {
  const session = new ChatSession(ddp, me);
  const done = session.start();
  await flush();
  answer({
    'subscriptions/get': () => [sub('R1', 'one'), { ...sub('D1', 'bob'), t: 'd' }],
    'rooms/get': () => [room('R1', 100), { _id: 'D1', t: 'd', uids: ['u1', 'u2'], usernames: ['alice', 'bob'] }],
  });
  await done;
  const batches = socket.sent.filter((f) => f.msg === 'sub' && f.name === 'stream-user-presence');
  // Oneself (the sidebar's own status) and the DM partner; not the channel's members.
  expect(batches.map((f) => f.params)).toEqual([['', { added: ['u1', 'u2'], removed: [] }]]);
  socket.receive({ msg: 'changed', collection: 'stream-user-presence', id: 'id', fields: { eventName: 'u1', args: [['alice', 3, 'in a meeting']] } });
  expect(session.snapshot().myStatus).toEqual({ status: 'busy', text: 'in a meeting' });
  socket.receive({ msg: 'changed', collection: 'stream-user-presence', id: 'id', fields: { eventName: 'u1', args: [['alice', 0, '']] } });
  expect(session.snapshot().myStatus.status).toBe('invisible');
  socket.receive({ msg: 'changed', collection: 'stream-user-presence', id: 'id', fields: { eventName: 'u2', args: [['bob', 2, '']] } });
  expect(session.snapshot().presence.get('u2')).toBe('away');
  // The DM goes: the user leaves the set.
  socket.receive({ msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: 'u1/subscriptions-changed', args: ['removed', { ...sub('D1', 'bob'), t: 'd' }] } });
  const last = socket.sent.filter((f) => f.msg === 'sub' && f.name === 'stream-user-presence').pop();
  expect(last?.params).toEqual(['', { added: [], removed: ['u2'] }]);
});

test('mergeMessages keeps order by ts and replaces a pending copy', () => {
  const pending = { ...msg('a', 'R', 50), pending: true };
  const merged = mergeMessages([msg('b', 'R', 10), pending], [{ ...msg('a', 'R', 40), _updatedAt: { $date: 41 } }]);
  expect(merged.map((m) => [m._id, m.pending ?? false])).toEqual([
    ['b', false],
    ['a', false],
  ]);
});

test('dispose ends every subscription the session opened', async () => {
  const session = new ChatSession(ddp, me);
  const done = session.start();
  await flush();
  answer({
    'subscriptions/get': () => [{ ...sub('D1', 'bob'), t: 'd' }],
    'rooms/get': () => [{ _id: 'D1', t: 'd', uids: ['u1', 'u2'] }],
  });
  await done;
  session.openRoom('D1');
  session.dispose();
  expect(openSubs()).toEqual([]);
  expect(ddp.subscriptionNames()).toEqual([]);
});
