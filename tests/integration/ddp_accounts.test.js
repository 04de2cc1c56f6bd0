// Black-box: DDP on /websocket (rc-api.md §2) against the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, DdpClient, ddpConnect, sha256hex } from './ddp.js';
import { ADMIN, assertServes, createUser, get, loginAdmin, post, sleep, startServer } from './server.js';

const PING_AFTER_MS = 1500;
const TIMEOUT_MS = 1500;
const LOGGED_OUT_REASON = "You've been logged out by the server. Please log in again.";

describe('DDP accounts', () => {
  let server;
  let admin; // REST login of the admin
  const clients = [];

  const connect = async (opts) => {
    const c = await ddpConnect(server, opts);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startServer({
      env: {
        PARLEY_DDP_PING_AFTER_MS: String(PING_AFTER_MS),
        PARLEY_DDP_TIMEOUT_MS: String(TIMEOUT_MS),
        OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip: '1000',
      },
    });
    admin = await loginAdmin(server);
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('the first frame is exactly {"server_id":"0"}', async () => {
    const c = new DdpClient(server.wsUrl);
    clients.push(c);
    await c.open();
    await c.waitFor(() => true, { what: 'first frame' });
    assert.equal(c.rawFrames[0], '{"server_id":"0"}');
    c.close();
  });

  for (const version of ['1', 'pre2', 'pre1']) {
    test(`connect with version ${version} is accepted`, async () => {
      const c = new DdpClient(server.wsUrl);
      clients.push(c);
      const frame = await c.connect({ version, support: [version] });
      assert.equal(frame.msg, 'connected', JSON.stringify(frame));
      assert.equal(typeof frame.session, 'string');
      assert.ok(frame.session.length > 0);
      const pong = await c.ping();
      assert.deepEqual(pong, { msg: 'pong' });
      c.close();
    });
  }

  test('connect with the sdk 0.2.9 handshake (pre2, support [pre2])', async () => {
    const c = new DdpClient(server.wsUrl);
    clients.push(c);
    const frame = await c.connect({ version: 'pre2', support: ['pre2'] });
    assert.equal(frame.msg, 'connected');
    c.close();
  });

  test('connect with an unsupported version: {"msg":"failed","version":"1"}', async () => {
    const c = new DdpClient(server.wsUrl);
    clients.push(c);
    const frame = await c.connect({ version: '2', support: ['2'] });
    assert.deepEqual(frame, { msg: 'failed', version: '1' });
    c.terminate();
  });

  test('two sessions get different session ids', async () => {
    const a = await connect();
    const b = await connect();
    const sa = a.frames.find((m) => m.msg === 'connected').session;
    const sb = b.frames.find((m) => m.msg === 'connected').session;
    assert.notEqual(sa, sb);
    a.close();
    b.close();
  });

  test('ping/pong with and without id', async () => {
    const c = await connect();
    const plain = await c.ping();
    assert.deepEqual(plain, { msg: 'pong' });
    const withId = await c.ping('abc-123');
    assert.deepEqual(withId, { msg: 'pong', id: 'abc-123' });
    c.close();
  });

  test('login with a sha-256 digest', async () => {
    const c = await connect();
    const t0 = Date.now();
    const frame = await c.loginPassword(ADMIN.username, ADMIN.password);
    assert.equal(frame.error, undefined, JSON.stringify(frame));
    const r = frame.result;
    assert.equal(r.id, admin.userId);
    assert.equal(typeof r.token, 'string');
    assert.ok(r.token.length >= 43, r.token);
    assert.equal(r.type, 'password');
    assert.equal(typeof r.tokenExpires, 'object');
    assert.equal(typeof r.tokenExpires.$date, 'number', 'tokenExpires must be EJSON {$date: ms}');
    const ninetyDays = 90 * 24 * 3600 * 1000;
    assert.ok(Math.abs(r.tokenExpires.$date - (t0 + ninetyDays)) < 5 * 60 * 1000, `tokenExpires ${r.tokenExpires.$date}`);
    // The DDP token works for REST too.
    const me = await get(server, '/api/v1/me', { auth: { userId: r.id, authToken: r.token } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body._id, admin.userId);
    c.close();
  });

  test('login by email with a digest', async () => {
    const c = await connect();
    const frame = await c.call('login', [
      { user: { email: ADMIN.email }, password: { digest: sha256hex(ADMIN.password), algorithm: 'sha-256' } },
    ]);
    assert.equal(frame.error, undefined, JSON.stringify(frame));
    assert.equal(frame.result.id, admin.userId);
    c.close();
  });

  test('login with a plaintext password (sdk 0.2.9 / Asteroid)', async () => {
    const c = await connect({ version: 'pre2', support: ['pre2'] });
    const frame = await c.loginPlain(ADMIN.username, ADMIN.password);
    assert.equal(frame.error, undefined, JSON.stringify(frame));
    assert.equal(frame.result.id, admin.userId);
    assert.equal(frame.result.type, 'password');
    c.close();
  });

  test('login with a non-ASCII password: digest and plaintext agree', async () => {
    const pass = 'ünïcødé-pass-✓';
    const u = await createUser(server, admin, { email: 'uni@example.com', name: 'Uni', password: pass, username: 'uni' });
    const c = await connect();
    const a = await c.loginPassword('uni', pass);
    assert.equal(a.error, undefined, JSON.stringify(a));
    assert.equal(a.result.id, u._id);
    const b = await c.loginPlain('uni', pass);
    assert.equal(b.error, undefined, JSON.stringify(b));
    assert.equal(b.result.id, u._id);
    c.close();
  });

  test('wrong password and unknown user: Meteor error 403', async () => {
    const c = await connect();
    const wrong = await c.loginPassword(ADMIN.username, 'not-the-password');
    assert.equal(wrong.result, undefined);
    assertMeteorError(assert, wrong.error, 403, 'Incorrect password');
    const unknown = await c.loginPassword('no-such-user', 'whatever');
    assertMeteorError(assert, unknown.error, 403, 'User not found');
    // the connection is still usable
    const ok = await c.loginPassword(ADMIN.username, ADMIN.password);
    assert.equal(ok.error, undefined, JSON.stringify(ok));
    c.close();
  });

  test('resume with a REST token and with a DDP token', async () => {
    const c = await connect();
    const frame = await c.resume(admin.authToken);
    assert.equal(frame.error, undefined, JSON.stringify(frame));
    assert.equal(frame.result.id, admin.userId);
    assert.equal(frame.result.token, admin.authToken);
    assert.equal(frame.result.type, 'resume');
    assert.equal(typeof frame.result.tokenExpires?.$date, 'number');

    const pw = await c.loginPassword(ADMIN.username, ADMIN.password);
    const d = await connect();
    const again = await d.resume(pw.result.token);
    assert.equal(again.error, undefined, JSON.stringify(again));
    assert.equal(again.result.id, admin.userId);
    c.close();
    d.close();
  });

  test('bad resume token: error 403 "logged out by the server"', async () => {
    const c = await connect();
    const frame = await c.resume('this-is-not-a-valid-token-0123456789abcdefgh');
    assertMeteorError(assert, frame.error, 403, LOGGED_OUT_REASON);
    await c.ping('still-here');
    c.close();
  });

  test('logout clears the login and deletes the token', async () => {
    const c = await connect();
    const login = await c.loginPassword(ADMIN.username, ADMIN.password);
    const token = login.result.token;
    const out = await c.call('logout', []);
    assert.equal(out.error, undefined, JSON.stringify(out));
    // The token is gone everywhere: REST and DDP resume.
    const me = await get(server, '/api/v1/me', { auth: { userId: admin.userId, authToken: token } });
    assert.equal(me.status, 401, me.text);
    const d = await connect();
    const resumed = await d.resume(token);
    assertMeteorError(assert, resumed.error, 403, LOGGED_OUT_REASON);
    // Other tokens of the same user survive.
    const other = await get(server, '/api/v1/me', { auth: admin });
    assert.equal(other.status, 200, other.text);
    d.close();
    if (!c.closed) c.close();
  });

  test('unknown method: error 404 "Method \'x\' not found"', async () => {
    const c = await connect();
    const frame = await c.call('noSuchMethod', [1, 2]);
    assert.equal(frame.result, undefined);
    assertMeteorError(assert, frame.error, 404, "Method 'noSuchMethod' not found");
    c.close();
  });

  test('results carry the caller\'s id and methods are answered in order', async () => {
    const c = await connect();
    const ids = [];
    const from = c.frames.length;
    for (let i = 0; i < 12; i++) {
      const id = `ord-${i}`;
      ids.push(id);
      if (i % 3 === 0) {
        // slow: password hashing runs off the event loop
        c.sendJson({
          msg: 'method',
          id,
          method: 'login',
          params: [{ user: { username: ADMIN.username }, password: { digest: sha256hex(ADMIN.password), algorithm: 'sha-256' } }],
        });
      } else {
        c.sendJson({ msg: 'method', id, method: `missing${i}`, params: [] });
      }
    }
    await c.waitFor((m) => m.msg === 'result' && m.id === ids.at(-1), { what: 'last result' });
    const order = c.frames.slice(from).filter((m) => m.msg === 'result').map((m) => m.id);
    assert.deepEqual(order, ids);
    c.close();
  });

  test('after logout the session either stays usable (Meteor) or is closed (ddp-streamer)', async () => {
    const c = await connect();
    await c.loginPassword(ADMIN.username, ADMIN.password);
    await c.call('logout', []);
    if (!c.closed) {
      const frame = await c.call('stillNoSuchMethod', []);
      assertMeteorError(assert, frame.error, 404, "Method 'stillNoSuchMethod' not found");
      c.close();
    }
  });

  test('server pings an idle client, and a client that answers stays connected', async () => {
    const c = await connect();
    const t0 = Date.now();
    await c.waitFor((m) => m.msg === 'ping', { timeoutMs: PING_AFTER_MS + 4000, what: 'server ping' });
    const dt = Date.now() - t0;
    assert.ok(dt >= PING_AFTER_MS - 200, `server pinged after ${dt} ms, before the idle time`);
    // autoPong answered; stay idle across several ping cycles
    await sleep(PING_AFTER_MS + TIMEOUT_MS + 2500);
    assert.equal(c.closed, null, `closed: ${JSON.stringify(c.closed)}`);
    await c.ping('alive');
    c.close();
  });

  test('a client that never answers the server ping is disconnected', async () => {
    const c = await connect({ autoPong: false });
    const t0 = Date.now();
    await c.waitFor((m) => m.msg === 'ping', { timeoutMs: PING_AFTER_MS + 4000, what: 'server ping' });
    const closed = await c.waitClosed(TIMEOUT_MS + 5000);
    const dt = Date.now() - t0;
    assert.ok(dt >= PING_AFTER_MS + TIMEOUT_MS - 500, `closed after ${dt} ms: too early`);
    assert.ok(closed.code !== undefined);
  });

  test('client pings reset the idle timer', async () => {
    const c = await connect({ autoPong: false });
    const from = c.frames.length;
    const until = Date.now() + PING_AFTER_MS + TIMEOUT_MS + 2500;
    while (Date.now() < until) {
      await c.ping(`keep-${Date.now()}`);
      await sleep(300);
    }
    assert.equal(c.closed, null, 'a client sending frames must not be cut');
    assert.equal(c.frames.slice(from).filter((m) => m.msg === 'ping').length, 0, 'no server ping for an active client');
    c.close();
  });

  test('REST and DDP share one token store', async () => {
    const c = await connect();
    const frame = await c.loginPassword(ADMIN.username, ADMIN.password);
    const token = frame.result.token;
    const r = await post(server, '/api/v1/login', { resume: token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.data.userId, admin.userId);
    c.close();
  });

  test('the server still serves, and SIGTERM exits 0', async () => {
    await assertServes(server, admin);
    for (const c of clients) c.close();
    await server.stopClean();
  });
});
