// The DDP client against a fake socket: handshake, ping/pong, calls by id, subscriptions with
// ready/nosub, streams, and what matters most for a tab left open all day: reconnect with
// backoff, resume login before anything else, subscriptions restored, queued calls sent.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DdpClient, MethodError } from '../src/lib/ddp';
import { FakeSocket } from './fake_socket';

let sockets: FakeSocket[];
function client(opts: Partial<ConstructorParameters<typeof DdpClient>[0]> = {}) {
  return new DdpClient({
    url: 'ws://parley/websocket',
    socketFactory: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    minBackoffMs: 100,
    maxBackoffMs: 1000,
    pingIntervalMs: 10_000,
    random: () => 1, // no jitter: delay = base
    ...opts,
  });
}
// Opens the newest socket and completes the handshake.
async function handshake() {
  const s = sockets[sockets.length - 1];
  s.open();
  expect(s.last()).toEqual({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
  s.receive({ msg: 'connected', session: 'x' });
  await flush();
  return s;
}
const flush = () => new Promise<void>((r) => queueMicrotask(() => setTimeout(r, 0)));
// Waits (real timers) for something asynchronous outside our control, e.g. Web Crypto.
async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeEach(() => {
  sockets = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connection', () => {
  test('handshake, status and ping/pong', async () => {
    const c = client();
    const seen: string[] = [];
    c.onStatus((s) => seen.push(s));
    c.connect();
    expect(c.status).toBe('connecting');
    const s = await handshake();
    expect(c.status).toBe('connected');
    s.receive({ msg: 'ping', id: 'p1' });
    expect(s.last()).toEqual({ msg: 'pong', id: 'p1' });
    s.receive({ msg: 'ping' });
    expect(s.last()).toEqual({ msg: 'pong' });
    expect(seen).toEqual(['connecting', 'connected']);
  });

  test('method calls resolve and reject by id, in any order', async () => {
    const c = client();
    c.connect();
    const s = await handshake();
    const a = c.call('first', 1);
    const b = c.call('second', { x: 2 });
    const [fa, fb] = s.methods();
    expect(fa).toMatchObject({ method: 'first', params: [1] });
    expect(fb).toMatchObject({ method: 'second', params: [{ x: 2 }] });
    expect(fa.id).not.toEqual(fb.id);
    s.receive({ msg: 'result', id: fb.id, error: { error: 'error-not-allowed', reason: 'Not allowed' } });
    s.receive({ msg: 'result', id: fa.id, result: 'ok' });
    await expect(a).resolves.toBe('ok');
    const err = (await b.catch((e) => e)) as MethodError;
    expect(err).toBeInstanceOf(MethodError);
    expect(err.error).toBe('error-not-allowed');
    expect(err.message).toBe('Not allowed');
  });

  test('calls made before the handshake wait for it', async () => {
    const c = client();
    c.connect();
    const p = c.call('early');
    expect(sockets[0].methods()).toHaveLength(0);
    const s = await handshake();
    const [m] = s.methods('early');
    s.receive({ msg: 'result', id: m.id, result: 5 });
    await expect(p).resolves.toBe(5);
  });

  test('password login sends the SHA-256 digest, never the password', async () => {
    const c = client();
    c.connect();
    const s = await handshake();
    const p = c.loginWithPassword('alice', 'secret');
    await until(() => s.methods('login').length > 0); // after the digest (Web Crypto is async)
    const [m] = s.methods('login');
    expect(m.params).toEqual([
      {
        user: { username: 'alice' },
        password: { digest: '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b', algorithm: 'sha-256' },
      },
    ]);
    s.receive({ msg: 'result', id: m.id, result: { id: 'u1', token: 'T1' } });
    await expect(p).resolves.toMatchObject({ id: 'u1', token: 'T1' });
    expect(c.resumeToken).toBe('T1');
    expect(c.userId).toBe('u1');
  });

  test("the login's own user document (Meteor's users collection) is kept, changes merged", async () => {
    const c = client();
    c.connect();
    const s = await handshake();
    const seen: unknown[] = [];
    c.onUser((u) => seen.push(u.roles));
    const p = c.loginWithToken('T0');
    await flush();
    const [m] = s.methods('login');
    // The server publishes the document before the result, as Meteor does.
    s.receive({ msg: 'added', collection: 'users', id: 'u1', fields: { username: 'alice', name: 'Alice', roles: ['user'] } });
    s.receive({ msg: 'result', id: m.id, result: { id: 'u1', token: 'T0' } });
    await p;
    expect(c.user).toEqual({ _id: 'u1', username: 'alice', name: 'Alice', roles: ['user'] });
    s.receive({ msg: 'changed', collection: 'users', id: 'u1', fields: { roles: ['user', 'admin'] } });
    expect(c.user).toEqual({ _id: 'u1', username: 'alice', name: 'Alice', roles: ['user', 'admin'] });
    expect(seen).toEqual([['user'], ['user', 'admin']]);
    const out = c.logout();
    await flush();
    s.receive({ msg: 'result', id: s.methods('logout')[0].id, result: null });
    await out;
    expect(c.user).toBeNull();
  });
});

describe('subscriptions and streams', () => {
  test('ready resolves; nosub rejects and reports', async () => {
    const c = client();
    c.connect();
    const s = await handshake();
    const ok = c.subscribe('stream-notify-user', ['u1/rooms-changed', { useCollection: false, args: [] }]);
    const errors: unknown[] = [];
    const bad = c.subscribe('stream-notify-user', ['u2/rooms-changed', {}], (e) => errors.push(e));
    const [subOk, subBad] = s.sent.filter((f) => f.msg === 'sub');
    s.receive({ msg: 'ready', subs: [subOk.id] });
    s.receive({ msg: 'nosub', id: subBad.id, error: { error: 'not-allowed', reason: 'Not allowed' } });
    await expect(ok.ready).resolves.toBeUndefined();
    await expect(bad.ready).rejects.toMatchObject({ error: 'not-allowed' });
    expect(errors).toHaveLength(1);
    ok.stop();
    expect(s.last()).toEqual({ msg: 'unsub', id: subOk.id });
  });

  test('stream events reach the listeners of that event only', async () => {
    const c = client();
    c.connect();
    const s = await handshake();
    const got: unknown[] = [];
    const stop = c.stream('stream-room-messages', 'R1', (args) => got.push(args));
    expect(s.last('sub')).toMatchObject({ name: 'stream-room-messages', params: ['R1', { useCollection: false, args: [] }] });
    s.receive({ msg: 'changed', collection: 'stream-room-messages', id: 'id', fields: { eventName: 'R1', args: [{ _id: 'm1' }] } });
    s.receive({ msg: 'changed', collection: 'stream-room-messages', id: 'id', fields: { eventName: 'R2', args: [{ _id: 'm2' }] } });
    expect(got).toEqual([[{ _id: 'm1' }]]);
    stop();
    s.receive({ msg: 'changed', collection: 'stream-room-messages', id: 'id', fields: { eventName: 'R1', args: [{ _id: 'm3' }] } });
    expect(got).toHaveLength(1);
  });
});

describe('reconnect', () => {
  test('backs off, resumes the login first, then restores subscriptions and sends queued calls', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const c = client();
    c.resumeToken = 'T1';
    const statuses: string[] = [];
    c.onStatus((s) => statuses.push(s));
    c.connect();
    let s = sockets[0];
    s.open();
    s.receive({ msg: 'connected', session: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    // First start with a stored token: login by resume before anything else.
    let [login] = s.methods('login');
    expect(login.params).toEqual([{ resume: 'T1' }]);
    const subBeforeLogin = c.subscribe('stream-notify-user', ['u1/rooms-changed', { useCollection: false, args: [] }]);
    expect(s.sent.filter((f) => f.msg === 'sub')).toHaveLength(0);
    s.receive({ msg: 'result', id: login.id, result: { id: 'u1', token: 'T1' } });
    await vi.advanceTimersByTimeAsync(0);
    const [sub] = s.sent.filter((f) => f.msg === 'sub');
    expect(sub.id).toBe(subBeforeLogin.id);
    s.receive({ msg: 'ready', subs: [sub.id] });

    // The socket dies; a call made meanwhile waits.
    s.drop();
    expect(c.status).toBe('reconnecting');
    const pending = c.call('sendMessage', { _id: 'm1', rid: 'R', msg: 'hi' });
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(1); // backoff: 100 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    // The second attempt fails too: the next wait doubles.
    sockets[1].drop();
    await vi.advanceTimersByTimeAsync(199);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);

    s = sockets[2];
    s.open();
    s.receive({ msg: 'connected', session: 'b' });
    await vi.advanceTimersByTimeAsync(0);
    // Only the resume login so far.
    expect(s.sent.map((f) => f.msg)).toEqual(['connect', 'method']);
    [login] = s.methods('login');
    expect(login.params).toEqual([{ resume: 'T1' }]);
    s.receive({ msg: 'result', id: login.id, result: { id: 'u1', token: 'T1' } });
    await vi.advanceTimersByTimeAsync(0);
    // Then the same subscription id again, then the queued call.
    expect(s.sent.filter((f) => f.msg === 'sub').map((f) => f.id)).toEqual([sub.id]);
    const [send] = s.methods('sendMessage');
    expect(send.params).toEqual([{ _id: 'm1', rid: 'R', msg: 'hi' }]);
    s.receive({ msg: 'result', id: send.id, result: { _id: 'm1' } });
    await expect(pending).resolves.toEqual({ _id: 'm1' });
    expect(c.status).toBe('connected');
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    // After a good connection the backoff starts from the minimum again.
    s.drop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(4);
  });

  test('a call in flight when the socket drops is sent again after the reconnect', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const c = client();
    c.connect();
    let s = sockets[0];
    s.open();
    s.receive({ msg: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    const p = c.call('sendMessage', { _id: 'm9', rid: 'R', msg: 'x' });
    const first = s.methods('sendMessage')[0];
    s.drop();
    await vi.advanceTimersByTimeAsync(100);
    s = sockets[1];
    s.open();
    s.receive({ msg: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    const again = s.methods('sendMessage')[0];
    expect(again.id).toBe(first.id);
    s.receive({ msg: 'result', id: again.id, result: 'done' });
    await expect(p).resolves.toBe('done');
  });

  test('a refused resume ends the session and the client goes on anonymously', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const c = client();
    c.resumeToken = 'EXPIRED';
    const out: unknown[] = [];
    c.onLoggedOut((e) => out.push(e));
    c.connect();
    const s = sockets[0];
    s.open();
    s.receive({ msg: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    const [login] = s.methods('login');
    s.receive({ msg: 'result', id: login.id, error: { error: 403, reason: "You've been logged out by the server. Please log in again." } });
    await vi.advanceTimersByTimeAsync(0);
    expect(out).toHaveLength(1);
    expect(c.resumeToken).toBeNull();
    expect(c.status).toBe('connected');
  });

  test('silence is noticed: ping after one interval, reconnect after the next', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const c = client();
    c.connect();
    const s = sockets[0];
    s.open();
    s.receive({ msg: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(10_000); // heard the 'connected' during this interval
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.last()).toMatchObject({ msg: 'ping' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.closed).toEqual({ code: 4000 });
    expect(c.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
  });

  test('close() is final: no reconnect, pending calls fail', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const c = client();
    c.connect();
    const s = sockets[0];
    s.open();
    s.receive({ msg: 'connected' });
    await vi.advanceTimersByTimeAsync(0);
    const p = c.call('slow');
    c.close();
    await expect(p).rejects.toMatchObject({ error: 'closed' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(c.status).toBe('closed');
  });
});
