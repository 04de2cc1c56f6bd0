// Black-box: the user administration endpoints (issue 9, defect 7) as Rocket.Chat answers them
// (apps/meteor/app/api/server/v1/users.ts): users.setActiveStatus, users.update, users.delete,
// with their permissions, refusals, events (Users:NameChanged, Users:Deleted on
// stream-notify-logged) and what they change in users.info, users.list and statistics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Admin-test-pass-1';

const loggedEvent = (eventName) => (m) =>
  m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields?.eventName === eventName;

describe('user administration', () => {
  let server;
  let admin;
  let plain; // a logged-in user without admin permissions
  const clients = [];
  let n = 0;

  const fresh = async (extra = {}) => {
    const username = `adm${++n}`;
    return createUser(server, admin, {
      username,
      name: `Name ${username}`,
      email: `${username}@example.com`,
      password: PASSWORD,
      ...extra,
    });
  };
  const counters = async () => {
    const r = await get(server, '/api/v1/statistics?refresh=true', { auth: admin });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    const u = await fresh();
    plain = await login(server, u.username, PASSWORD);
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  describe('users.setActiveStatus', () => {
    test('deactivates and reactivates; lists, info, statistics and login follow', async () => {
      const user = await fresh();
      const before = await counters();
      const r = await post(server, '/api/v1/users.setActiveStatus', { userId: user._id, activeStatus: false }, { auth: admin });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, { user: { _id: user._id, active: false }, success: true });

      const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
      assert.equal(info.body.user.active, false, info.text);
      const list = await get(server, '/api/v1/users.list?count=0', { auth: admin });
      assert.equal(list.body.users.find((u) => u._id === user._id).active, false);
      const afterOff = await counters();
      assert.equal(afterOff.activeUsers, before.activeUsers - 1, JSON.stringify([before.activeUsers, afterOff.activeUsers]));
      assert.equal(afterOff.nonActiveUsers, before.nonActiveUsers + 1);

      const refused = await post(server, '/api/v1/login', { user: user.username, password: PASSWORD });
      assert.equal(refused.status, 401, refused.text);
      assert.equal(refused.body.error, 'error-user-is-not-activated', refused.text);

      const on = await post(server, '/api/v1/users.setActiveStatus', { userId: user._id, activeStatus: true }, { auth: admin });
      assert.equal(on.status, 200, on.text);
      assert.deepEqual(on.body.user, { _id: user._id, active: true });
      await login(server, user.username, PASSWORD);
      const afterOn = await counters();
      assert.equal(afterOn.activeUsers, before.activeUsers);
    });

    test('a user without edit-other-user-active-status gets RC\'s 403', async () => {
      const user = await fresh();
      const r = await post(server, '/api/v1/users.setActiveStatus', { userId: user._id, activeStatus: false }, { auth: plain });
      assert.equal(r.status, 403, r.text);
      assert.deepEqual(r.body, { success: false, error: 'unauthorized' });
      const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
      assert.equal(info.body.user.active, true);
    });

    test('unknown user, bad params, the last active admin', async () => {
      let r = await post(server, '/api/v1/users.setActiveStatus', { userId: 'nosuchuser', activeStatus: false }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.body, { success: false, error: 'User not found' });

      r = await post(server, '/api/v1/users.setActiveStatus', { userId: plain.userId }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'invalid-params', r.text);
      r = await post(server, '/api/v1/users.setActiveStatus', { userId: plain.userId, activeStatus: 'no' }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'invalid-params', r.text);

      r = await post(server, '/api/v1/users.setActiveStatus', { userId: admin.userId, activeStatus: false }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
      await assertAdminStillWorks();
    });

    test('the last owner of a room needs confirmRelinquish', async () => {
      const user = await fresh();
      const auth = await login(server, user.username, PASSWORD);
      const room = await post(server, '/api/v1/channels.create', { name: `owned${n}`, members: [ADMIN.username] }, { auth });
      assert.equal(room.status, 200, room.text);
      let r = await post(server, '/api/v1/users.setActiveStatus', { userId: user._id, activeStatus: false }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'user-last-owner', r.text);
      r = await post(
        server,
        '/api/v1/users.setActiveStatus',
        { userId: user._id, activeStatus: false, confirmRelinquish: true },
        { auth: admin },
      );
      assert.equal(r.status, 200, r.text);
      // The admin, the other member, inherits the ownership.
      const roles = await get(server, `/api/v1/channels.roles?roomId=${room.body.channel._id}`, { auth: admin });
      assert.equal(roles.status, 200, roles.text);
      const adminRoles = roles.body.roles.find((x) => x.u._id === admin.userId);
      assert.ok(adminRoles?.roles.includes('owner'), roles.text);
    });
  });

  const assertAdminStillWorks = async () => {
    const me = await get(server, '/api/v1/me', { auth: admin });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.active, true, me.text);
  };

  describe('users.update', () => {
    test('changes username and name, announces Users:NameChanged, answers {user}', async () => {
      const user = await fresh();
      const watcher = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
      const sub = await watcher.sub('stream-notify-logged', ['Users:NameChanged', { useCollection: false, args: [] }]);
      assert.equal(sub.msg, 'ready', JSON.stringify(sub));
      const from = watcher.frames.length;
      const r = await post(
        server,
        '/api/v1/users.update',
        { userId: user._id, data: { username: `renamed${n}`, name: 'New Name', requirePasswordChange: true } },
        { auth: admin },
      );
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.success, true);
      assert.equal(r.body.user._id, user._id);
      assert.equal(r.body.user.username, `renamed${n}`);
      assert.equal(r.body.user.name, 'New Name');
      const event = await watcher.waitFor(loggedEvent('Users:NameChanged'), { from });
      assert.deepEqual(event.fields.args, [{ _id: user._id, name: 'New Name', username: `renamed${n}` }]);
      const info = await get(server, `/api/v1/users.info?username=renamed${n}`, { auth: admin });
      assert.equal(info.body.user._id, user._id, info.text);
    });

    test('email, roles and active; a username clash is error-could-not-save-identity', async () => {
      const user = await fresh();
      const other = await fresh();
      let r = await post(
        server,
        '/api/v1/users.update',
        { userId: user._id, data: { email: `moved${n}@example.com`, verified: true, roles: ['user', 'bot'], active: false } },
        { auth: admin },
      );
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.user.emails, [{ address: `moved${n}@example.com`, verified: true }]);
      assert.deepEqual(r.body.user.roles, ['user', 'bot']);
      assert.equal(r.body.user.active, false);

      r = await post(server, '/api/v1/users.update', { userId: user._id, data: { username: other.username } }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-could-not-save-identity', r.text);
      assert.equal(r.body.error, 'Could not save user identity [error-could-not-save-identity]');

      r = await post(server, '/api/v1/users.update', { userId: user._id, data: { email: other.emails[0].address } }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-field-unavailable', r.text);

      r = await post(server, '/api/v1/users.update', { userId: user._id, data: { username: 'has space' } }, { auth: admin });
      assert.equal(r.body.errorType, 'error-input-is-not-a-valid-field', r.text);
      r = await post(server, '/api/v1/users.update', { userId: user._id, data: { roles: ['emperor'] } }, { auth: admin });
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
    });

    test('a password set by an admin replaces the old one and ends the tokens', async () => {
      const user = await fresh();
      const old = await login(server, user.username, PASSWORD);
      const r = await post(server, '/api/v1/users.update', { userId: user._id, data: { password: 'Other-pass-9' } }, { auth: admin });
      assert.equal(r.status, 200, r.text);
      const me = await get(server, '/api/v1/me', { auth: old });
      assert.equal(me.status, 401, me.text);
      const wrong = await post(server, '/api/v1/login', { user: user.username, password: PASSWORD });
      assert.equal(wrong.status, 401, wrong.text);
      await login(server, user.username, 'Other-pass-9');
    });

    test('refusals: someone else without edit-other-user-info, roles, unknown user, bad params', async () => {
      const user = await fresh();
      let r = await post(server, '/api/v1/users.update', { userId: user._id, data: { name: 'x' } }, { auth: plain });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
      r = await post(server, '/api/v1/users.update', { userId: plain.userId, data: { roles: ['admin'] } }, { auth: plain });
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
      // A user may rename themself.
      r = await post(server, '/api/v1/users.update', { userId: plain.userId, data: { name: 'Plain Person' } }, { auth: plain });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.user.name, 'Plain Person');

      r = await post(server, '/api/v1/users.update', { userId: 'nosuchuser', data: { name: 'x' } }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-invalid-user', r.text);
      r = await post(server, '/api/v1/users.update', { userId: user._id }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'invalid-params', r.text);
      r = await post(server, '/api/v1/users.update', { userId: user._id, data: { name: 5 } }, { auth: admin });
      assert.equal(r.body.errorType, 'invalid-params', r.text);
      r = await post(server, '/api/v1/users.update', { data: { name: 'x' } }, { auth: admin });
      assert.equal(r.body.errorType, 'invalid-params', r.text);
    });
  });

  describe('users.delete', () => {
    test('deletes the user, announces Users:Deleted, keeps the counters right', async () => {
      const user = await fresh();
      const auth = await login(server, user.username, PASSWORD);
      const room = await post(server, '/api/v1/channels.create', { name: `doomed${n}` }, { auth: admin });
      assert.equal(room.status, 200, room.text);
      let r = await post(server, '/api/v1/channels.invite', { roomId: room.body.channel._id, userId: user._id }, { auth: admin });
      assert.equal(r.status, 200, r.text);
      const watcher = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
      await watcher.sub('stream-notify-logged', ['Users:Deleted', { useCollection: false, args: [] }]);
      const from = watcher.frames.length;
      const before = await counters();

      r = await post(server, '/api/v1/users.delete', { userId: user._id }, { auth: admin });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, { success: true });
      const event = await watcher.waitFor(loggedEvent('Users:Deleted'), { from });
      assert.equal(event.fields.args[0].userId, user._id);
      assert.ok(['Delete', 'Unlink', 'Keep'].includes(event.fields.args[0].messageErasureType));

      const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
      assert.equal(info.status, 400, info.text);
      const me = await get(server, '/api/v1/me', { auth });
      assert.equal(me.status, 401, me.text);
      const members = await get(server, `/api/v1/channels.members?roomId=${room.body.channel._id}`, { auth: admin });
      assert.ok(!members.body.members.some((m) => m._id === user._id), members.text);
      const roomInfo = await get(server, `/api/v1/channels.info?roomId=${room.body.channel._id}`, { auth: admin });
      assert.equal(roomInfo.body.channel.usersCount, 1, roomInfo.text);
      const afterDelete = await counters();
      assert.equal(afterDelete.totalUsers, before.totalUsers - 1);
      assert.equal(afterDelete.activeUsers, before.activeUsers - 1);
      // The name is free again.
      await fresh({ username: user.username, email: `again${n}@example.com` });
    });

    test('refusals: permission, unknown user, no user, the last admin', async () => {
      const user = await fresh();
      let r = await post(server, '/api/v1/users.delete', { userId: user._id }, { auth: plain });
      assert.equal(r.status, 403, r.text);
      assert.deepEqual(r.body, { success: false, error: 'unauthorized' });
      r = await post(server, '/api/v1/users.delete', { userId: 'nosuchuser' }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-invalid-user', r.text);
      r = await post(server, '/api/v1/users.delete', {}, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-user-param-not-provided', r.text);
      r = await post(server, '/api/v1/users.delete', { username: ADMIN.username }, { auth: admin });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
      await assertAdminStillWorks();
    });
  });
});

// Stricter than Rocket.Chat: RC's saveUser lets users.update take `admin` from the last admin
// (only deleteUser and removeUserFromRole check), which locks everyone out of administration.
describe('users.update never leaves the server without an admin', () => {
  let server;
  let admin;

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });

  after(async () => {
    await server?.stop();
  });

  test('the only admin cannot drop the admin role; with a second admin it can', async () => {
    let r = await post(server, '/api/v1/users.update', { userId: admin.userId, data: { roles: ['user'] } }, { auth: admin });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
    assert.equal(r.body.error, 'Leaving the app without admins is not allowed [error-action-not-allowed]');
    const me = await get(server, '/api/v1/me', { auth: admin });
    assert.ok(me.body.roles.includes('admin'), JSON.stringify(me.body.roles));

    await createUser(server, admin, {
      username: 'second',
      name: 'Second Admin',
      email: 'second@example.com',
      password: 'Second-pass-1',
      roles: ['admin', 'user'],
    });
    r = await post(server, '/api/v1/users.update', { userId: admin.userId, data: { roles: ['user'] } }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.user.roles, ['user']);
  });
});
