// Black-box: the members panel and sidebar methods of RC 7's web client. DDP addUsersToRoom,
// removeUserFromRoom (apps/meteor/app/lib/server/methods/addUsersToRoom.ts,
// server/methods/removeUserFromRoom.ts), hideRoom / openRoom (server/methods/hideRoom.ts,
// openRoom.ts) and REST rooms.hide / rooms.open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('addUsersToRoom, removeUserFromRoom, hideRoom, openRoom, rooms.hide, rooms.open', () => {
  let server;
  let admin;
  let owner; // DDP as the group's owner
  let member; // DDP as a plain member
  let ownerAuth;
  let memberAuth;
  let group;
  let dm;
  const clients = [];

  const members = async () =>
    (await get(server, `/api/v1/groups.members?roomId=${group._id}`, { auth: ownerAuth })).body.members.map((m) => m.username).sort();
  const lastMessage = async () => (await get(server, `/api/v1/groups.history?roomId=${group._id}&count=1`, { auth: ownerAuth })).body.messages[0];
  const subscription = async (auth, rid) => (await get(server, `/api/v1/subscriptions.getOne?roomId=${rid}`, { auth })).body.subscription;

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const u of ['owen', 'mia', 'kim', 'lea']) {
      await createUser(server, admin, { username: u, name: u, email: `${u}@example.com`, password: PASSWORD });
    }
    ownerAuth = await login(server, 'owen', PASSWORD);
    memberAuth = await login(server, 'mia', PASSWORD);
    group = (await post(server, '/api/v1/groups.create', { name: 'crew', members: ['mia'] }, { auth: ownerAuth })).body.group;
    dm = (await post(server, '/api/v1/im.create', { username: 'mia' }, { auth: ownerAuth })).body.room;
    owner = await ddpLoggedIn(server, 'owen', PASSWORD, clients);
    member = await ddpLoggedIn(server, 'mia', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('addUsersToRoom adds users (a leading @ is dropped), posts "au", answers true', async () => {
    const r = await owner.call('addUsersToRoom', [{ rid: group._id, users: ['kim', '@lea'] }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.result, true);
    assert.deepEqual(await members(), ['kim', 'lea', 'mia', 'owen']);
    const m = await lastMessage();
    assert.equal(m.t, 'au');
    assert.equal(m.msg, 'lea');
    assert.equal(m.u.username, 'owen');
  });

  test('addUsersToRoom: a user already in the room is told to the caller as an ephemeral message', async () => {
    await owner.sub('stream-notify-user', [`${(await ownerAuth).userId}/message`, { useCollection: false, args: [] }]);
    const from = owner.frames.length;
    const r = await owner.call('addUsersToRoom', [{ rid: group._id, users: ['kim'] }]);
    assert.equal(r.result, true);
    const note = await owner.waitFor(
      (f) => f.msg === 'changed' && f.collection === 'stream-notify-user' && f.fields.eventName.endsWith('/message'),
      { from, what: 'ephemeral message' },
    );
    assert.equal(note.fields.args[0].msg, '@kim is already in here.');
    assert.equal(note.fields.args[0].rid, group._id);
  });

  test('addUsersToRoom: refusals in RC order and shape', async () => {
    assertMeteorError(assert, (await owner.call('addUsersToRoom', [{ rid: 7, users: ['kim'] }])).error, 'error-invalid-room', 'Invalid room');
    assertMeteorError(assert, (await owner.call('addUsersToRoom', [{ rid: 'nope', users: ['kim'] }])).error, 'error-invalid-room', 'Invalid room');
    assertMeteorError(
      assert,
      (await owner.call('addUsersToRoom', [{ rid: dm._id, users: ['kim'] }])).error,
      'error-cant-invite-for-direct-room',
      "Can't invite user to direct rooms",
    );
    const outsider = await ddpLoggedIn(server, 'lea', PASSWORD, clients);
    const other = (await post(server, '/api/v1/groups.create', { name: 'private-club' }, { auth: admin })).body.group;
    assertMeteorError(assert, (await outsider.call('addUsersToRoom', [{ rid: other._id, users: ['kim'] }])).error, 'error-not-allowed', 'Not allowed');
    assertMeteorError(assert, (await owner.call('addUsersToRoom', [{ rid: group._id, users: 'kim' }])).error, 'error-invalid-arguments', 'Invalid arguments');
    assertMeteorError(assert, (await owner.call('addUsersToRoom', [{ rid: group._id }])).error, 'error-invalid-arguments', 'Invalid arguments');
    assertMeteorError(assert, (await owner.call('addUsersToRoom', [{ rid: group._id, users: ['nobody'] }])).error, 'error-user-not-found', 'User not found');
  });

  test('removeUserFromRoom removes a member with an "ru" message and answers true', async () => {
    const r = await owner.call('removeUserFromRoom', [{ rid: group._id, username: 'lea' }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.result, true);
    assert.deepEqual(await members(), ['kim', 'mia', 'owen']);
    const m = await lastMessage();
    assert.equal(m.t, 'ru');
    assert.equal(m.msg, 'lea');
  });

  test('removeUserFromRoom: refusals in RC shape', async () => {
    assertMeteorError(assert, (await member.call('removeUserFromRoom', [{ rid: group._id, username: 'kim' }])).error, 'error-not-allowed', 'Not allowed');
    assertMeteorError(assert, (await owner.call('removeUserFromRoom', [{ rid: 'nope', username: 'kim' }])).error, 'error-not-allowed', 'Not allowed');
    assertMeteorError(assert, (await owner.call('removeUserFromRoom', [{ rid: dm._id, username: 'mia' }])).error, 'error-not-allowed', 'Not allowed');
    assertMeteorError(assert, (await owner.call('removeUserFromRoom', [{ rid: group._id, username: 'lea' }])).error, 'error-user-not-in-room', 'User is not in this room');
    const kicked = await owner.call('removeUserFromRoom', [{ rid: group._id, username: 'owen' }]);
    assertMeteorError(assert, kicked.error, 'error-you-are-last-owner', 'You are the last owner. Please set new owner before leaving the room.');
    for (const params of [[], [{ rid: group._id }], [{ rid: group._id, username: 3 }], ['crew']]) {
      const r = await owner.call('removeUserFromRoom', params);
      assert.equal(r.error?.reason, 'Match failed', JSON.stringify(params));
    }
  });

  test('hideRoom closes the subscription (open and alert false) with subscriptions-changed; openRoom reopens', async () => {
    await member.sub('stream-notify-user', [`${memberAuth.userId}/subscriptions-changed`, { useCollection: false, args: [] }]);
    const from = member.frames.length;
    const hidden = await member.call('hideRoom', [group._id]);
    assert.equal(hidden.error, undefined, JSON.stringify(hidden.error));
    assert.equal(hidden.result, 1);
    const ev = await member.waitFor(
      (f) => f.msg === 'changed' && f.fields?.eventName === `${memberAuth.userId}/subscriptions-changed` && f.fields.args[1]?.rid === group._id,
      { from, what: 'subscriptions-changed' },
    );
    assert.equal(ev.fields.args[0], 'updated');
    assert.equal(ev.fields.args[1].open, false);
    assert.equal(ev.fields.args[1].alert, false);
    assert.equal((await subscription(memberAuth, group._id)).open, false);
    assert.equal((await member.call('hideRoom', [group._id])).result, 0, 'already hidden: modifiedCount 0');
    assert.equal((await member.call('openRoom', [group._id])).result, 1);
    assert.equal((await subscription(memberAuth, group._id)).open, true);
    assert.equal((await member.call('openRoom', [group._id])).result, 0);
    assert.equal((await member.call('hideRoom', ['not-mine'])).result, 0);
    for (const m of ['hideRoom', 'openRoom']) {
      const bad = await member.call(m, [{ rid: group._id }]);
      assert.equal(bad.error?.reason, 'Match failed');
    }
  });

  test('REST rooms.hide and rooms.open', async () => {
    const hide = await post(server, '/api/v1/rooms.hide', { roomId: group._id }, { auth: memberAuth });
    assert.equal(hide.status, 200, hide.text);
    assert.deepEqual(hide.body, { success: true });
    assert.equal((await subscription(memberAuth, group._id)).open, false);
    const again = await post(server, '/api/v1/rooms.hide', { roomId: group._id }, { auth: memberAuth });
    assert.deepEqual([again.status, again.body], [400, { success: false, error: 'error-room-already-hidden' }]);
    const open = await post(server, '/api/v1/rooms.open', { roomId: group._id }, { auth: memberAuth });
    assert.deepEqual([open.status, open.body], [200, { success: true }]);
    assert.equal((await subscription(memberAuth, group._id)).open, true);
    const lea = await login(server, 'lea', PASSWORD);
    const stranger = await post(server, '/api/v1/rooms.hide', { roomId: group._id }, { auth: lea });
    assert.deepEqual([stranger.status, stranger.body], [403, { success: false, error: 'unauthorized' }]);
    for (const route of ['rooms.hide', 'rooms.open']) {
      const missing = await post(server, `/api/v1/${route}`, {}, { auth: memberAuth });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errorType, 'invalid-params');
    }
  });
});
