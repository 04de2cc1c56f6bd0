// Black-box: presence as other users see it (issue 4, started): user-status on
// stream-notify-logged and stream-user-presence across connect, away, back, a chosen status
// and the last disconnect, against the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpConnect } from './ddp.js';
import { createUser, loginAdmin, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const GRACE_MS = 300;

describe('presence', () => {
  let server;
  const users = {};
  const clients = [];

  const connectAs = async (name) => {
    const c = await ddpConnect(server);
    clients.push(c);
    const login = await c.loginPassword(name, PASSWORD);
    assert.ok(login.result?.token, JSON.stringify(login));
    return c;
  };
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
});
