// Black-box: permissions.listAll and permissions.update as Rocket.Chat 7 answers them
// (apps/meteor/app/api/server/v1/permissions.ts): the admin's refusals and RC's error ids, the
// `permissions-changed` event a connected DDP client hears on stream-notify-logged, and a change
// taking effect on the very next call (create-c taken from `user`, then given back).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Perm-test-pass-1';
const DEFAULT_CREATE_C = ['admin', 'user', 'bot', 'app'];

const loggedEvent = (eventName) => (m) =>
  m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields?.eventName === eventName;

describe('permissions', () => {
  let server;
  let admin;
  let plain;
  let plainUser;
  const clients = [];

  const listAll = async (query = '') => {
    const r = await get(server, `/api/v1/permissions.listAll${query}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const rolesOf = async (id) => (await listAll()).update.find((p) => p._id === id)?.roles;
  const update = (permissions, auth = admin) =>
    post(server, '/api/v1/permissions.update', { permissions }, { auth });

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    plainUser = await createUser(server, admin, {
      username: 'permplain',
      name: 'Perm Plain',
      email: 'permplain@example.com',
      password: PASSWORD,
    });
    plain = await login(server, plainUser.username, PASSWORD);
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  describe('permissions.listAll', () => {
    test('every permission with its roles and _updatedAt, EmbeddedChat indices in place', async () => {
      const r = await get(server, '/api/v1/permissions.listAll', { auth: plain });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.success, true);
      assert.deepEqual(r.body.remove, []);
      const { update: all } = r.body;
      assert.ok(all.length >= 151, `${all.length} permissions`);
      assert.equal(all[28]._id, 'edit-message');
      assert.equal(all[70]._id, 'view-full-other-user-info');
      assert.equal(all[140]._id, 'post-readonly');
      assert.equal(all[150]._id, 'pin-message');
      const createC = all.find((p) => p._id === 'create-c');
      assert.deepEqual(createC.roles, DEFAULT_CREATE_C);
      assert.match(createC._updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    test('updatedSince lists only what changed after it', async () => {
      const before = new Date().toISOString();
      assert.deepEqual((await listAll(`?updatedSince=${before}`)).update, []);
      const r = await update([{ _id: 'pin-message', roles: ['admin', 'owner'] }]);
      assert.equal(r.status, 200, r.text);
      const since = await listAll(`?updatedSince=${encodeURIComponent(before)}`);
      assert.deepEqual(since.update.map((p) => p._id), ['pin-message']);
      assert.deepEqual(since.update[0].roles, ['admin', 'owner']);
      assert.ok(since.update[0]._updatedAt > before);
      // Back to RC's default, so other tests see the defaults.
      const back = await update([{ _id: 'pin-message', roles: ['owner', 'moderator', 'admin'] }]);
      assert.equal(back.status, 200, back.text);
    });

    test('a bad updatedSince is RC\'s error-roomId-param-invalid', async () => {
      const r = await get(server, '/api/v1/permissions.listAll?updatedSince=yesterday', { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorType, 'error-roomId-param-invalid');
    });

    test('needs a login', async () => {
      const r = await get(server, '/api/v1/permissions.listAll');
      assert.equal(r.status, 401, r.text);
    });
  });

  describe('permissions.update', () => {
    test('answers every permission after the change, and the change is stored', async () => {
      const r = await update([{ _id: 'view-statistics', roles: ['admin', 'user'] }]);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.success, true);
      assert.ok(r.body.permissions.length >= 151);
      const changed = r.body.permissions.find((p) => p._id === 'view-statistics');
      assert.deepEqual(changed.roles, ['admin', 'user']);
      assert.equal(typeof changed._updatedAt, 'string');
      assert.deepEqual(await rolesOf('view-statistics'), ['admin', 'user']);
      // The plain user now holds view-statistics: the next call says so.
      const stats = await get(server, '/api/v1/statistics', { auth: plain });
      assert.equal(stats.status, 200, stats.text);
      const back = await update([{ _id: 'view-statistics', roles: ['admin'] }]);
      assert.equal(back.status, 200, back.text);
      const refused = await get(server, '/api/v1/statistics', { auth: plain });
      assert.equal(refused.status, 403, refused.text);
    });

    test('without access-permissions: 403 error-unauthorized', async () => {
      const r = await update([{ _id: 'create-c', roles: ['admin'] }], plain);
      assert.equal(r.status, 403, r.text);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorType, 'error-unauthorized');
      assert.deepEqual(await rolesOf('create-c'), DEFAULT_CREATE_C);
    });

    test('an unknown permission: error-invalid-permission, nothing changes', async () => {
      const r = await update([
        { _id: 'create-c', roles: ['admin'] },
        { _id: 'no-such-permission', roles: ['admin'] },
      ]);
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.body, { success: false, error: 'Invalid permission', errorType: 'error-invalid-permission' });
      assert.deepEqual(await rolesOf('create-c'), DEFAULT_CREATE_C);
    });

    test('an unknown role: error-invalid-role, nothing changes', async () => {
      const r = await update([{ _id: 'create-c', roles: ['admin', 'superhero'] }]);
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.body, { success: false, error: 'Invalid role', errorType: 'error-invalid-role' });
      assert.deepEqual(await rolesOf('create-c'), DEFAULT_CREATE_C);
    });

    for (const [what, body] of [
      ['no permissions', {}],
      ['permissions not an array', { permissions: 'create-c' }],
      ['an entry without roles', { permissions: [{ _id: 'create-c' }] }],
      ['roles not strings', { permissions: [{ _id: 'create-c', roles: [1] }] }],
      ['duplicate roles', { permissions: [{ _id: 'create-c', roles: ['admin', 'admin'] }] }],
      ['an extra field', { permissions: [{ _id: 'create-c', roles: [], x: 1 }] }],
    ]) {
      test(`a body with ${what}: 400 invalid-params`, async () => {
        const r = await post(server, '/api/v1/permissions.update', body, { auth: admin });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body.success, false);
        assert.equal(r.body.errorType, 'invalid-params');
        assert.deepEqual(await rolesOf('create-c'), DEFAULT_CREATE_C);
      });
    }

    test('a connected DDP client hears permissions-changed; the change applies to the next call', async () => {
      const watcher = await ddpLoggedIn(server, plainUser.username, PASSWORD, clients);
      const sub = await watcher.sub('stream-notify-logged', ['permissions-changed', { useCollection: false, args: [] }]);
      assert.equal(sub.msg, 'ready', JSON.stringify(sub));

      const allowed = await post(server, '/api/v1/channels.create', { name: 'perm-before' }, { auth: plain });
      assert.equal(allowed.status, 200, allowed.text);

      let from = watcher.frames.length;
      const without = DEFAULT_CREATE_C.filter((r) => r !== 'user');
      const r = await update([{ _id: 'create-c', roles: without }]);
      assert.equal(r.status, 200, r.text);
      // Refused at once: the very next call.
      const refused = await post(server, '/api/v1/channels.create', { name: 'perm-refused' }, { auth: plain });
      // parley answers channels.create's refusal as RC's createChannel method does (400
      // error-not-allowed), as it did before permissions could change.
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.success, false);
      assert.equal(refused.body.errorType, 'error-not-allowed');
      const event = await watcher.waitFor(loggedEvent('permissions-changed'), { from });
      const [action, permission] = event.fields.args;
      assert.equal(action, 'updated');
      assert.equal(permission._id, 'create-c');
      assert.deepEqual(permission.roles, without);
      assert.equal(typeof permission._updatedAt.$date, 'number');
      // DDP's createChannel follows the same rule.
      const viaDdp = await watcher.call('createChannel', ['perm-ddp-refused', [], false]);
      assert.equal(viaDdp.error?.error, 'error-not-allowed', JSON.stringify(viaDdp));

      from = watcher.frames.length;
      const back = await update([{ _id: 'create-c', roles: DEFAULT_CREATE_C }]);
      assert.equal(back.status, 200, back.text);
      const again = await post(server, '/api/v1/channels.create', { name: 'perm-after' }, { auth: plain });
      assert.equal(again.status, 200, again.text);
      const restored = await watcher.waitFor(loggedEvent('permissions-changed'), { from });
      assert.deepEqual(restored.fields.args[1].roles, DEFAULT_CREATE_C);
    });

    test('changes survive a restart (they are stored)', async () => {
      const r = await update([{ _id: 'clean-channel-history', roles: ['admin', 'owner'] }]);
      assert.equal(r.status, 200, r.text);
      await server.restart();
      admin = await loginAdmin(server);
      plain = await login(server, plainUser.username, PASSWORD);
      assert.deepEqual(await rolesOf('clean-channel-history'), ['admin', 'owner']);
    });
  });
});
