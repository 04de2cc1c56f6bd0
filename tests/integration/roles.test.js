// Black-box: roles.* as Rocket.Chat 7 answers them (apps/meteor/app/api/server/v1/roles.ts and,
// for create/update, ee/server/api/roles.ts as a licensed server): the role documents, RC's
// refusals (protected roles, the last admin, roles in use), room roles (scope Subscriptions) and
// the events connected clients hear (stream-roles `roles`, stream-notify-logged `roles-change`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Roles-test-pass-1';

const loggedEvent = (eventName) => (m) =>
  m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields?.eventName === eventName;
const rolesEvent = (m) => m.msg === 'changed' && m.collection === 'stream-roles';

describe('roles', () => {
  let server;
  let admin;
  let plain;
  let plainUser;
  let room;
  const clients = [];
  let n = 0;

  const fresh = () => {
    const username = `role${++n}`;
    return createUser(server, admin, { username, name: username, email: `${username}@example.com`, password: PASSWORD });
  };
  const call = (route, body, auth = admin) => post(server, `/api/v1/${route}`, body, { auth });
  const fail = (r, status, errorType) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.success, false, r.text);
    if (errorType) assert.equal(r.body.errorType, errorType, r.text);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    plainUser = await fresh();
    plain = await login(server, plainUser.username, PASSWORD);
    const created = await call('channels.create', { name: 'roles-room', members: [plainUser.username] });
    assert.equal(created.status, 200, created.text);
    room = created.body.channel;
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  describe('roles.list', () => {
    test("RC's default roles in creation order, without _updatedAt", async () => {
      const r = await get(server, '/api/v1/roles.list', { auth: plain });
      assert.equal(r.status, 200, r.text);
      const ids = r.body.roles.map((x) => x._id);
      assert.deepEqual(ids.slice(0, 4), ['admin', 'moderator', 'leader', 'owner']);
      const owner = r.body.roles.find((x) => x._id === 'owner');
      assert.deepEqual(owner, { _id: 'owner', name: 'owner', scope: 'Subscriptions', description: 'Owner', protected: true, mandatory2fa: false });
    });
  });

  describe('roles.create / roles.update / roles.delete / roles.sync', () => {
    test('creates a role, announces it, lists it; update and delete follow', async () => {
      const watcher = await ddpLoggedIn(server, plainUser.username, PASSWORD, clients);
      assert.equal((await watcher.sub('stream-roles', ['roles', { useCollection: false, args: [] }])).msg, 'ready');
      assert.equal((await watcher.sub('stream-notify-logged', ['roles-change', { useCollection: false, args: [] }])).msg, 'ready');
      const since = new Date().toISOString();
      let from = watcher.frames.length;
      const r = await call('roles.create', { name: 'Reviewer', description: 'Reviews', scope: 'Users' });
      assert.equal(r.status, 200, r.text);
      const role = r.body.role;
      assert.equal(role.name, 'Reviewer');
      assert.equal(role.scope, 'Users');
      assert.equal(role.description, 'Reviews');
      assert.equal(role.protected, false);
      assert.equal(typeof role._id, 'string');
      assert.equal(typeof role._updatedAt, 'string');
      const announced = await watcher.waitFor(rolesEvent, { from });
      assert.equal(announced.fields.args[0].type, 'changed');
      assert.equal(announced.fields.args[0]._id, role._id);
      const change = await watcher.waitFor(loggedEvent('roles-change'), { from });
      assert.deepEqual(change.fields.args, [{ type: 'changed', _id: role._id }]);

      const list = await get(server, '/api/v1/roles.list', { auth: admin });
      assert.ok(list.body.roles.some((x) => x._id === role._id && x.name === 'Reviewer'));
      const sync = await get(server, `/api/v1/roles.sync?updatedSince=${encodeURIComponent(since)}`, { auth: admin });
      assert.equal(sync.status, 200, sync.text);
      assert.deepEqual(sync.body.roles.update.map((x) => x._id), [role._id]);
      const none = await get(server, '/api/v1/roles.sync', { auth: admin });
      assert.deepEqual(none.body.roles, { update: [], remove: [] });

      // A permission can name the new role at once.
      const grant = await call('permissions.update', { permissions: [{ _id: 'view-statistics', roles: ['admin', role._id] }] });
      assert.equal(grant.status, 200, grant.text);

      const renamed = await call('roles.update', { roleId: role._id, name: 'Senior Reviewer', scope: 'Users' });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.body.role.name, 'Senior Reviewer');
      assert.equal(renamed.body.role.description, '');

      const dup = await call('roles.create', { name: 'Senior Reviewer' });
      fail(dup, 400, 'error-duplicate-role-names-not-allowed');

      // In use: refused until nobody holds it.
      const member = await fresh();
      assert.equal((await call('roles.addUserToRole', { roleId: role._id, username: member.username })).status, 200);
      // The holder gets view-statistics on the next call.
      const memberAuth = await login(server, member.username, PASSWORD);
      assert.equal((await get(server, '/api/v1/statistics', { auth: memberAuth })).status, 200);
      fail(await call('roles.delete', { roleId: role._id }), 400, 'error-role-in-use');
      assert.equal((await call('roles.removeUserFromRole', { roleId: role._id, username: member.username })).status, 200);
      assert.equal((await get(server, '/api/v1/statistics', { auth: memberAuth })).status, 403);

      from = watcher.frames.length;
      const del = await call('roles.delete', { roleId: 'Senior Reviewer' }); // by name, as RC allows
      assert.equal(del.status, 200, del.text);
      assert.deepEqual(del.body, { success: true });
      const removed = await watcher.waitFor((m) => rolesEvent(m) && m.fields.args[0].type === 'removed', { from });
      assert.equal(removed.fields.args[0]._id, role._id);
      const after = await get(server, `/api/v1/roles.sync?updatedSince=${encodeURIComponent(since)}`, { auth: admin });
      assert.deepEqual(after.body.roles.remove.map((x) => x._id), [role._id]);
      assert.equal(typeof after.body.roles.remove[0]._deletedAt, 'string');
      fail(await call('roles.delete', { roleId: role._id }), 400, 'error-invalid-roleId');
    });

    test('protected roles cannot be deleted, renamed or rescoped', async () => {
      for (const id of ['admin', 'user', 'bot', 'owner', 'moderator', 'leader', 'app', 'guest', 'anonymous', 'livechat-agent']) {
        fail(await call('roles.delete', { roleId: id }), 400, 'error-role-protected');
      }
      fail(await call('roles.update', { roleId: 'user', name: 'member' }), 400, 'error-role-protected');
      fail(await call('roles.update', { roleId: 'owner', name: 'owner', scope: 'Users' }), 400, 'error-role-protected');
      // Its description may change.
      const ok = await call('roles.update', { roleId: 'leader', name: 'leader', description: 'Leads' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.role.description, 'Leads');
      assert.equal(ok.body.role.protected, true);
    });

    test("RC's refusals for bad input and missing permission", async () => {
      fail(await call('roles.create', {}), 400, 'error-invalid-role-properties');
      fail(await call('roles.create', { name: 'x', scope: 'Rooms' }), 400, 'error-invalid-role-properties');
      fail(await call('roles.create', { name: 'x', extra: 1 }), 400, 'error-invalid-role-properties');
      fail(await call('roles.create', { name: 'x' }, plain), 400, 'error-action-not-allowed');
      fail(await call('roles.update', { name: 'x' }), 400, 'error-invalid-role-properties');
      fail(await call('roles.update', { roleId: 'nope', name: 'x' }), 400, 'error-invalid-roleId');
      fail(await call('roles.update', { roleId: 'user', name: 'user' }, plain), 400, 'error-action-not-allowed');
      fail(await call('roles.delete', {}), 400, 'invalid-params');
      fail(await call('roles.delete', { roleId: 'user' }, plain), 403, 'error-unauthorized');
      fail(await call('roles.delete', { roleId: 'nope' }), 400, 'error-invalid-roleId');
    });
  });

  describe('roles.addUserToRole / roles.removeUserFromRole', () => {
    test('a global role: added, announced, listed, removed', async () => {
      const user = await fresh();
      const watcher = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
      assert.equal((await watcher.sub('stream-notify-logged', ['roles-change', { useCollection: false, args: [] }])).msg, 'ready');
      let from = watcher.frames.length;
      const r = await call('roles.addUserToRole', { roleId: 'bot', username: user.username });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.role._id, 'bot');
      const added = await watcher.waitFor(loggedEvent('roles-change'), { from });
      assert.deepEqual(added.fields.args, [{ type: 'added', _id: 'bot', u: { _id: user._id, username: user.username } }]);
      const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
      assert.ok(info.body.user.roles.includes('bot'), info.text);
      const inRole = await get(server, '/api/v1/roles.getUsersInRole?role=bot', { auth: admin });
      assert.equal(inRole.status, 200, inRole.text);
      const listed = inRole.body.users.find((u) => u._id === user._id);
      assert.equal(listed.username, user.username);
      assert.equal(typeof listed.createdAt, 'string');
      assert.ok(inRole.body.total >= 1);

      fail(await call('roles.addUserToRole', { roleId: 'bot', username: user.username }), 400, 'error-user-already-in-role');

      from = watcher.frames.length;
      const rm = await call('roles.removeUserFromRole', { roleId: 'bot', username: user.username });
      assert.equal(rm.status, 200, rm.text);
      const removed = await watcher.waitFor(loggedEvent('roles-change'), { from });
      assert.equal(removed.fields.args[0].type, 'removed');
      fail(await call('roles.removeUserFromRole', { roleId: 'bot', username: user.username }), 400, 'error-user-not-in-role');
    });

    test('a room role (scope Subscriptions) lives on the subscription', async () => {
      const r = await call('roles.addUserToRole', { roleId: 'moderator', username: plainUser.username, roomId: room._id });
      assert.equal(r.status, 200, r.text);
      const roles = await get(server, `/api/v1/channels.roles?roomId=${room._id}`, { auth: admin });
      const mine = roles.body.roles.find((x) => x.u._id === plainUser._id);
      assert.deepEqual(mine.roles, ['moderator']);
      const inRoom = await get(server, `/api/v1/roles.getUsersInRole?role=moderator&roomId=${room._id}`, { auth: admin });
      assert.deepEqual(inRoom.body.users.map((u) => u._id), [plainUser._id]);
      assert.equal(inRoom.body.total, 1);
      const info = await get(server, `/api/v1/users.info?userId=${plainUser._id}`, { auth: admin });
      assert.ok(!info.body.user.roles.includes('moderator'));
      const outsider = await fresh();
      fail(await call('roles.addUserToRole', { roleId: 'moderator', username: outsider.username, roomId: room._id }), 400, 'error-invalid-user');
      const rm = await call('roles.removeUserFromRole', { roleId: 'moderator', username: plainUser.username, scope: room._id });
      assert.equal(rm.status, 200, rm.text);
      const gone = await get(server, `/api/v1/roles.getUsersInRole?role=moderator&roomId=${room._id}`, { auth: admin });
      assert.equal(gone.body.total, 0);
    });

    test('the last admin cannot leave the admin role', async () => {
      const r = await call('roles.removeUserFromRole', { roleId: 'admin', username: ADMIN.username });
      fail(r, 400, 'error-admin-required');
      assert.equal(r.body.error, 'You need to have at least one admin [error-admin-required]');
    });

    test("RC's refusals", async () => {
      fail(await call('roles.addUserToRole', { roleId: 'bot' }), 400, 'invalid-params');
      fail(await call('roles.addUserToRole', { roleId: 'bot', username: 'nobody-here' }), 400, 'error-invalid-user');
      const noRole = await call('roles.addUserToRole', { username: plainUser.username });
      assert.deepEqual(noRole.body, { success: false, error: 'error-invalid-role-properties' });
      const unknown = await call('roles.addUserToRole', { roleId: 'nope', username: plainUser.username });
      assert.deepEqual(unknown.body, { success: false, error: 'error-role-not-found', errorType: 'Role not found' });
      fail(await call('roles.addUserToRole', { roleId: 'bot', username: plainUser.username }, plain), 400, 'error-action-not-allowed');
      fail(await call('roles.removeUserFromRole', { roleId: 'bot', username: plainUser.username }, plain), 403, 'error-unauthorized');
      fail(await call('roles.removeUserFromRole', { roleId: 'nope', username: plainUser.username }), 400, 'error-invalid-roleId');
      fail(await call('roles.removeUserFromRole', { roleId: 'bot', username: 'nobody-here' }), 400, 'error-invalid-user');
    });
  });

  describe('roles.getUsersInRole', () => {
    test("RC's refusals", async () => {
      fail(await get(server, '/api/v1/roles.getUsersInRole?role=admin', { auth: plain }), 403, 'error-unauthorized');
      fail(await get(server, '/api/v1/roles.getUsersInRole', { auth: admin }), 400, 'error-param-not-provided');
      fail(await get(server, '/api/v1/roles.getUsersInRole?role=nope', { auth: admin }), 400, 'error-invalid-roleId');
    });

    test('admins, paged', async () => {
      const r = await get(server, '/api/v1/roles.getUsersInRole?role=admin&count=1', { auth: admin });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.users.length, 1);
      assert.equal(r.body.users[0].username, ADMIN.username);
      assert.equal(r.body.total, 1);
    });
  });
});
