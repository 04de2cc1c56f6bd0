// Black-box: presence as other users see it (issue 4, started): user-status on
// stream-notify-logged and stream-user-presence across connect, away, back, a chosen status
// and the last disconnect, against the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const GRACE_MS = 300;

describe('presence', () => {
  let server;
  const users = {};
  const clients = [];

  const connectAs = (name) => ddpLoggedIn(server, name, PASSWORD, clients);
  // The statuses (codes) `watcher` has seen for `uid`, in order.
  const seen = (watcher, uid) =>
    watcher.frames
      .filter((m) => m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields.eventName === 'user-status')
      .map((m) => m.fields.args[0])
      .filter((entry) => entry[0] === uid)
      .map((entry) => entry[2]);
  // Waits for a user-status event received after frame index `from`.
  const waitStatus = (watcher, uid, code, what, from = 0) =>
    watcher.waitFor(
      (m) =>
        m.msg === 'changed' &&
        m.collection === 'stream-notify-logged' &&
        m.fields.eventName === 'user-status' &&
        m.fields.args[0][0] === uid &&
        m.fields.args[0][2] === code,
      { what, from },
    );

  before(async () => {
    server = await startServer({ env: { PARLEY_PRESENCE_GRACE_MS: String(GRACE_MS) } });
    const admin = await loginAdmin(server);
    for (const name of ['watcher', 'walker']) {
      users[name] = await createUser(server, admin, {
        username: name,
        name: `Name ${name}`,
        email: `${name}@example.com`,
        password: PASSWORD,
      });
    }
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('connect, away, back, busy with a text, and the last disconnect are seen by others', async () => {
    const watcher = await connectAs('watcher');
    const sub = await watcher.sub('stream-notify-logged', ['user-status', { useCollection: false, args: [] }]);
    assert.equal(sub.msg, 'ready');
    const presenceSub = await watcher.sub('stream-user-presence', [users.walker._id, { useCollection: false, args: [] }]);
    assert.equal(presenceSub.msg, 'ready');
    const uid = users.walker._id;

    const walker = await connectAs('walker');
    const online = await waitStatus(watcher, uid, 1, 'online');
    assert.deepEqual(online.fields.args[0].slice(0, 5), [uid, 'walker', 1, '', 'Name walker']);
    assert.ok(Array.isArray(online.fields.args[0][5]), 'roles');

    let mark = watcher.frames.length;
    await walker.apply('UserPresence:away', []);
    await waitStatus(watcher, uid, 2, 'away', mark);
    mark = watcher.frames.length;
    await walker.apply('UserPresence:online', []);
    await waitStatus(watcher, uid, 1, 'back online', mark);

    mark = watcher.frames.length;
    await walker.apply('setUserStatus', ['busy', 'in a meeting']);
    const busy = await waitStatus(watcher, uid, 3, 'busy', mark);
    assert.equal(busy.fields.args[0][3], 'in a meeting');
    const direct = await watcher.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-user-presence' && m.fields.eventName === uid && m.fields.args[0][1] === 3,
      { what: 'stream-user-presence busy' },
    );
    assert.deepEqual(direct.fields.args[0], ['walker', 3, 'in a meeting']);

    const refused = await walker.call('UserPresence:setDefaultStatus', ['sleeping']);
    assert.ok(refused.error, 'an unknown status is refused');

    walker.close();
    await waitStatus(watcher, uid, 0, 'offline after the grace');
    // Each change was told once: no flapping, no repeats.
    assert.deepEqual(seen(watcher, uid), [1, 2, 1, 3, 0]);
  });

  test('a second connection keeps the user online when the first one closes', async () => {
    const watcher = await connectAs('watcher');
    await watcher.sub('stream-notify-logged', ['user-status', { useCollection: false, args: [] }]);
    const uid = users.walker._id;
    await (await connectAs('walker')).apply('setUserStatus', ['online', '']);
    const first = clients.at(-1);
    await waitStatus(watcher, uid, 1, 'online');
    const second = await connectAs('walker');
    first.close();
    // A later change from the second connection is the barrier: no offline came before it.
    await second.apply('UserPresence:away', []);
    await waitStatus(watcher, uid, 2, 'away');
    assert.ok(!seen(watcher, uid).includes(0), JSON.stringify(seen(watcher, uid)));
  });
  test('users.setStatus, getStatus, getPresence and users.presence over REST', async () => {
    const watcher = await connectAs('watcher');
    await watcher.sub('stream-notify-logged', ['user-status', { useCollection: false, args: [] }]);
    const uid = users.walker._id;
    const walker = await connectAs('walker');
    const auth = await login(server, 'walker', PASSWORD);
    const watcherAuth = await login(server, 'watcher', PASSWORD);

    const mark = watcher.frames.length;
    const set = await post(server, '/api/v1/users.setStatus', { status: 'away', message: 'lunch' }, { auth });
    assert.equal(set.status, 200, set.text);
    const away = await waitStatus(watcher, uid, 2, 'away via REST', mark);
    assert.equal(away.fields.args[0][3], 'lunch');

    const mine = await get(server, '/api/v1/users.getStatus', { auth });
    assert.deepEqual(mine.body, { _id: uid, message: 'lunch', status: 'away', connectionStatus: 'online', success: true });
    const theirs = await get(server, `/api/v1/users.getStatus?userId=${uid}`, { auth: watcherAuth });
    assert.deepEqual(theirs.body, { _id: uid, message: 'lunch', status: 'away', success: true });
    const presence = await get(server, '/api/v1/users.getPresence?username=walker', { auth: watcherAuth });
    assert.deepEqual(presence.body, { presence: 'away', success: true });
    const own = await get(server, '/api/v1/users.getPresence', { auth });
    assert.equal(own.body.connectionStatus, 'online');
    assert.match(own.body.lastLogin, /^\d{4}-\d{2}-\d{2}T/);

    // The operator's view: gauges by status and connected users, set after each flush.
    const gauge = (text, name) => Number((text.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1] ?? NaN);
    let metrics = '';
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      metrics = (await get(server, '/metrics')).text;
      if (gauge(metrics, 'parley_presence_users\\{status="away"\\}') >= 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(gauge(metrics, 'parley_presence_users\\{status="away"\\}') >= 1, metrics);
    assert.ok(gauge(metrics, 'parley_presence_users\\{status="online"\\}') >= 1, metrics);
    assert.ok(gauge(metrics, 'parley_connected_users') >= 2, metrics);

    const list = await get(server, '/api/v1/users.presence', { auth: watcherAuth });
    assert.equal(list.body.full, true);
    const entry = list.body.users.find((u) => u._id === uid);
    assert.deepEqual(entry, { _id: uid, username: 'walker', name: 'Name walker', status: 'away', utcOffset: 0, statusText: 'lunch' });
    const narrowed = await get(server, `/api/v1/users.presence?ids=${users.watcher._id}`, { auth: watcherAuth });
    assert.ok(narrowed.body.users.every((u) => u._id === users.watcher._id));
    assert.equal(narrowed.body.full, false);

    // `from` within the last ten minutes: only who changed since, never oneself; full:false.
    const recent = new Date(Date.now() - 60_000).toISOString();
    const since = await get(server, `/api/v1/users.presence?from=${recent}`, { auth: watcherAuth });
    assert.equal(since.status, 200, since.text);
    assert.equal(since.body.full, false);
    assert.ok(since.body.users.some((u) => u._id === uid && u.status === 'away'), since.text);
    assert.ok(!since.body.users.some((u) => u._id === users.watcher._id), since.text);
    const future = new Date(Date.now() + 60_000).toISOString();
    const nothing = await get(server, `/api/v1/users.presence?from=${future}`, { auth: watcherAuth });
    assert.deepEqual(nothing.body.users, []);
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const full = await get(server, `/api/v1/users.presence?from=${old}`, { auth: watcherAuth });
    assert.equal(full.body.full, true);
    // Not a date: the full list, as Rocket.Chat's new Date(from) (NaN) answers.
    const unparsable = await get(server, '/api/v1/users.presence?from=yesterday', { auth: watcherAuth });
    assert.equal(unparsable.status, 200, unparsable.text);
    assert.equal(unparsable.body.full, true);

    const bad = await post(server, '/api/v1/users.setStatus', { status: 'sleeping' }, { auth });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorType, 'error-invalid-status');
    const other = await post(server, '/api/v1/users.setStatus', { status: 'busy', userId: users.watcher._id }, { auth });
    assert.equal(other.status, 400);
    assert.equal(other.body.errorType, 'error-action-not-allowed');
    const none = await post(server, '/api/v1/users.setStatus', {}, { auth });
    assert.equal(none.status, 400);
    walker.close();
  });

  // Presence_broadcast_disabled (RC's troubleshooting setting; parley never sets it by itself):
  // statuses are stored but not broadcast, users.presence answers no one, and
  // presence.enableBroadcast turns it back off.
  test('with Presence_broadcast_disabled, statuses are stored but nobody is told', async () => {
    const admin = await loginAdmin(server);
    const watcher = await connectAs('watcher');
    await watcher.sub('stream-notify-logged', ['user-status', { useCollection: false, args: [] }]);
    await watcher.sub('stream-user-presence', ['', { added: [users.walker._id] }]);
    const uid = users.walker._id;
    const walker = await connectAs('walker');
    const auth = await login(server, 'walker', PASSWORD);
    const watcherAuth = await login(server, 'watcher', PASSWORD);
    await walker.apply('setUserStatus', ['online', '']);
    await waitStatus(watcher, uid, 1, 'online before');

    const off = await post(server, '/api/v1/settings/Presence_broadcast_disabled', { value: true }, { auth: admin });
    assert.equal(off.status, 200, off.text);
    const mark = watcher.frames.length;
    await walker.apply('setUserStatus', ['busy', 'quiet']);
    // Stored (users.getStatus reads the store, written by the flush that did not broadcast).
    let stored;
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      stored = (await get(server, '/api/v1/users.getStatus', { auth })).body;
      if (stored.status === 'busy') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(stored.status, 'busy', JSON.stringify(stored));
    const list = await get(server, '/api/v1/users.presence', { auth: watcherAuth });
    assert.deepEqual(list.body, { users: [], full: true, success: true });
    const some = await get(server, `/api/v1/users.presence?ids=${uid}`, { auth: watcherAuth });
    assert.deepEqual(some.body, { users: [], full: true, success: true });

    const forbidden = await post(server, '/api/v1/presence.enableBroadcast', {}, { auth: watcherAuth });
    assert.equal(forbidden.status, 403, forbidden.text);
    const on = await post(server, '/api/v1/presence.enableBroadcast', {}, { auth: admin });
    assert.deepEqual(on.body, { success: true });
    const setting = await get(server, '/api/v1/settings/Presence_broadcast_disabled', { auth: admin });
    assert.equal(setting.body.value, false, setting.text);
    // The barrier: a change after enableBroadcast arrives; the busy made while off never did.
    await walker.apply('UserPresence:setDefaultStatus', ['away']);
    await waitStatus(watcher, uid, 2, 'away after enableBroadcast', mark);
    const after = watcher.frames.slice(mark).filter((m) => m.msg === 'changed');
    const busySeen = (m) =>
      (m.collection === 'stream-notify-logged' && m.fields.args[0][0] === uid && m.fields.args[0][2] === 3) ||
      (m.collection === 'stream-user-presence' && m.fields.args[0][1] === 3);
    assert.ok(!after.some(busySeen), JSON.stringify(after));
    await watcher.waitFor((m) => m.msg === 'changed' && m.collection === 'stream-user-presence' && m.fields.args[0][1] === 2, {
      what: 'stream-user-presence away',
      from: mark,
    });
    const back = await get(server, `/api/v1/users.presence?ids=${uid}`, { auth: watcherAuth });
    assert.equal(back.body.users.length, 1, back.text);
    walker.close();
  });
});
