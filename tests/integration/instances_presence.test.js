// Black-box: this process as Rocket.Chat's admin pages see it (issue 11 item 9):
// instances.get (apps/meteor/app/api/server/v1/instances.ts: one entry per instance with its
// InstanceStatus record), presence.getConnections / presence.enableBroadcast (v1/presence.ts,
// manage-user-status), and /api/info's `build` as RC 7 writes it for users with
// view-statistics (rocketchat-version's compile-version.js).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Instances-pass-1';

describe('instances and presence connections', () => {
  let server;
  let admin;
  let plain;
  const clients = [];

  const forbidden = (r) => {
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errorType, 'error-unauthorized');
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'pat', name: 'Pat', email: 'pat@example.com', password: PASSWORD });
    plain = await login(server, 'pat', PASSWORD);
    // Two logged-in DDP connections of the admin and one of pat.
    await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    await ddpLoggedIn(server, 'pat', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.dispose();
  });

  test('instances.get lists this instance with its InstanceStatus record', async () => {
    const r = await get(server, '/api/v1/instances.get', { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body.instances.length, 1);
    const [instance] = r.body.instances;
    assert.equal(typeof instance.address, 'string');
    assert.equal(instance.broadcastAuth, true);
    assert.equal(instance.currentStatus.connected, true);
    assert.equal(instance.currentStatus.local, true);
    assert.equal(typeof instance.currentStatus.lastHeartbeatTime, 'number');
    const record = instance.instanceRecord;
    assert.match(record._id, /^[0-9A-Za-z]{17}$/);
    assert.equal(record.name, 'parley');
    assert.equal(typeof record.pid, 'number');
    assert.ok(Date.parse(record._createdAt) <= Date.parse(record._updatedAt), r.text);
    const extra = record.extraInformation;
    assert.equal(extra.host, 'localhost');
    assert.equal(extra.port, String(server.port));
    assert.equal(extra.conns, 3);
    assert.equal(extra.os.platform, 'linux');
    assert.equal(typeof extra.os.release, 'string');
    assert.equal(typeof extra.os.cpus, 'number');
    assert.ok(extra.os.totalmem > 0, r.text);
    assert.equal(typeof extra.nodeVersion, 'string');

    // The id is the process's: the same on the next call.
    const again = await get(server, '/api/v1/instances.get', { auth: admin });
    assert.equal(again.body.instances[0].instanceRecord._id, record._id);
    forbidden(await get(server, '/api/v1/instances.get', { auth: plain }));
  });

  test('presence.getConnections counts logged-in connections', async () => {
    const r = await get(server, '/api/v1/presence.getConnections', { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body).sort(), ['current', 'max', 'success']);
    assert.equal(r.body.current, 3);
    assert.ok(r.body.max >= r.body.current, r.text);

    clients.pop().close();
    let current = 3;
    for (let i = 0; i < 50 && current !== 2; i++) {
      await new Promise((res) => setTimeout(res, 100));
      current = (await get(server, '/api/v1/presence.getConnections', { auth: admin })).body.current;
    }
    assert.equal(current, 2);
    forbidden(await get(server, '/api/v1/presence.getConnections', { auth: plain }));
  });

  test('presence.enableBroadcast succeeds for manage-user-status (a no-op while broadcasting)', async () => {
    const r = await post(server, '/api/v1/presence.enableBroadcast', {}, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });
    forbidden(await post(server, '/api/v1/presence.enableBroadcast', {}, { auth: plain }));
  });

  test('/api/info reports build as RC 7 does, to view-statistics only', async () => {
    const r = await get(server, '/api/info', { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    const { build } = r.body.info;
    assert.deepEqual(Object.keys(build).sort(), [
      'arch', 'cpus', 'date', 'freeMemory', 'nodeVersion', 'osRelease', 'platform', 'totalMemory',
    ]);
    assert.match(build.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(build.platform, 'linux');
    assert.ok(['x64', 'arm64'].includes(build.arch) || build.arch.length > 0, r.text);
    assert.ok(build.cpus > 0 && build.totalMemory > 0, r.text);
    assert.equal(typeof build.osRelease, 'string');

    const anonymous = await get(server, '/api/info');
    assert.equal(anonymous.status, 200, anonymous.text);
    assert.equal(anonymous.body.info, undefined);
    const user = await get(server, '/api/info', { auth: plain });
    assert.equal(user.body.info, undefined);
  });
});
