// Black-box: removing a login token ends the DDP sessions that use it (issue 9, defect 6), as
// Meteor closes a connection whose login token is removed (rc7-client-streams.md §4): REST
// logout, users.logoutOtherClients, users.removeOtherTokens, the DDP logout method, an admin's
// password change and deactivation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpConnect } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Session-pass-1';

describe('token removal ends DDP sessions', () => {
  let server;
  let admin;
  let channel;
  const clients = [];
  let n = 0;

  // A fresh user per test, so one test's revocations never touch another's sessions.
  const freshUser = async () => {
    const username = `sess${++n}`;
    const user = await createUser(server, admin, {
      username,
      name: username,
      email: `${username}@example.com`,
      password: PASSWORD,
      roles: ['user', 'bot'], // exempt from the sendMessage rate limit
    });
    const r = await post(server, '/api/v1/channels.invite', { roomId: channel._id, userId: user._id }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    return user;
  };
  // A DDP connection logged in with {resume: token}.
  const resumed = async (token) => {
    const c = await ddpConnect(server);
    clients.push(c);
    const r = await c.resume(token);
    assert.equal(r.error, undefined, JSON.stringify(r));
    return c;
  };
  // A DDP connection logged in by password; resolves [client, token].
  const byPassword = async (username) => {
    const c = await ddpConnect(server);
    clients.push(c);
    const r = await c.loginPassword(username, PASSWORD);
    assert.equal(r.error, undefined, JSON.stringify(r));
    return [c, r.result.token];
  };
  // The connection is closed by the server, and a sendMessage sent right away cannot be stored.
  const assertEnded = async (c, label) => {
    const id = `ended${String(++n).padStart(12, '0')}`;
    const attempt = await c
      .call('sendMessage', [{ _id: id, rid: channel._id, msg: 'after logout' }], { timeoutMs: 5000 })
      .then(
        (frame) => frame,
        (err) => ({ failed: err.message }),
      );
    assert.ok(attempt.failed || attempt.error, `${label}: sendMessage answered ${JSON.stringify(attempt)}`);
    const closed = await c.waitClosed(5000);
    assert.ok(closed.code, `${label}: close code`);
    const stored = await get(server, `/api/v1/chat.getMessage?msgId=${id}`, { auth: admin });
    assert.notEqual(stored.status, 200, `${label}: the message was stored: ${stored.text}`);
  };
  const assertServing = async (c, label) => {
    assert.equal(c.closed, null, `${label}: closed ${JSON.stringify(c.closed)}`);
    const sent = await c.call('sendMessage', [{ rid: channel._id, msg: `still here ${label}` }]);
    assert.equal(sent.error, undefined, `${label}: ${JSON.stringify(sent)}`);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    const r = await post(server, '/api/v1/channels.create', { name: 'sessions' }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('REST logout with T closes the DDP session that resumed with T, not another token', async () => {
    const user = await freshUser();
    const t1 = await login(server, user.username, PASSWORD);
    const t2 = await login(server, user.username, PASSWORD);
    const victim = await resumed(t1.authToken);
    const other = await resumed(t2.authToken);
    await assertServing(victim, 'before logout');

    const out = await post(server, '/api/v1/logout', undefined, { auth: t1 });
    assert.equal(out.status, 200, out.text);
    await assertEnded(victim, 'resumed with T');
    await assertServing(other, 'other token');
    const again = await resumed(t2.authToken);
    await assertServing(again, 'a new session with the other token');
    const dead = await ddpConnect(server);
    clients.push(dead);
    const refused = await dead.resume(t1.authToken);
    assert.equal(refused.error?.error, 403, JSON.stringify(refused));
  });

  test('REST logout ends a session that logged in by password and got T', async () => {
    const user = await freshUser();
    const [c, token] = await byPassword(user.username);
    const out = await post(server, '/api/v1/logout', undefined, { auth: { userId: user._id, authToken: token } });
    assert.equal(out.status, 200, out.text);
    await assertEnded(c, 'password session');
  });

  test('users.logoutOtherClients ends the other sessions and keeps the caller', async () => {
    const user = await freshUser();
    const mine = await login(server, user.username, PASSWORD);
    const [c1] = await byPassword(user.username);
    const [c2] = await byPassword(user.username);
    const same = await resumed(mine.authToken);

    const r = await post(server, '/api/v1/users.logoutOtherClients', {}, { auth: mine });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body.token, mine.authToken);
    assert.ok(!Number.isNaN(Date.parse(r.body.tokenExpires)), r.text);
    await assertEnded(c1, 'other client 1');
    await assertEnded(c2, 'other client 2');
    await assertServing(same, "the caller's own token");
    const me = await get(server, '/api/v1/me', { auth: mine });
    assert.equal(me.status, 200, me.text);
  });

  test('users.removeOtherTokens ends the other sessions and keeps the caller', async () => {
    const user = await freshUser();
    const mine = await login(server, user.username, PASSWORD);
    const theirs = await login(server, user.username, PASSWORD);
    const [c1] = await byPassword(user.username);
    const same = await resumed(mine.authToken);

    const r = await post(server, '/api/v1/users.removeOtherTokens', {}, { auth: mine });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });
    await assertEnded(c1, 'other client');
    await assertServing(same, "the caller's own token");
    const gone = await get(server, '/api/v1/me', { auth: theirs });
    assert.equal(gone.status, 401, gone.text);
  });

  test('the Meteor method removeOtherTokens ends the other sessions', async () => {
    const user = await freshUser();
    const [caller] = await byPassword(user.username);
    const [c1] = await byPassword(user.username);
    const r = await caller.call('removeOtherTokens', []);
    assert.equal(r.error, undefined, JSON.stringify(r));
    await assertEnded(c1, 'other client');
    await assertServing(caller, 'the caller');
  });

  test('DDP logout logs the connection out and ends other sessions on the same token', async () => {
    const user = await freshUser();
    const [c, token] = await byPassword(user.username);
    const twin = await resumed(token);
    const r = await c.call('logout', []);
    assert.equal(r.error, undefined, JSON.stringify(r));
    // As Meteor's own logout: the calling connection stays, logged out.
    const after = await c.call('sendMessage', [{ rid: channel._id, msg: 'logged out' }]);
    assert.equal(after.error?.error, 'error-not-allowed', JSON.stringify(after));
    await assertEnded(twin, 'the same token on another connection');
  });

  test("an admin's password change ends every session of the user", async () => {
    const user = await freshUser();
    const [c1] = await byPassword(user.username);
    const [c2] = await byPassword(user.username);
    const r = await post(
      server,
      '/api/v1/users.update',
      { userId: user._id, data: { password: 'Brand-new-pass-2' } },
      { auth: admin },
    );
    assert.equal(r.status, 200, r.text);
    await assertEnded(c1, 'session 1');
    await assertEnded(c2, 'session 2');
    await login(server, user.username, 'Brand-new-pass-2');
  });

  test('deactivation ends every session of the user', async () => {
    const user = await freshUser();
    const rest = await login(server, user.username, PASSWORD);
    const [c1] = await byPassword(user.username);
    const c2 = await resumed(rest.authToken);
    const r = await post(server, '/api/v1/users.setActiveStatus', { userId: user._id, activeStatus: false }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    await assertEnded(c1, 'password session');
    await assertEnded(c2, 'resumed session');
    const me = await get(server, '/api/v1/me', { auth: rest });
    assert.equal(me.status, 401, me.text);
  });
});
