// Black-box: saveRoomSettings (DDP) and rooms.saveRoomSettings (REST), RC 7's room edit panel
// (apps/meteor/app/channel-settings/server/methods/saveRoomSettings.ts), including room avatars
// (issue 10): roomAvatar stores an image, the room gets avatarETag, /avatar/room/<rid> serves
// it, updateAvatar {rid, etag} goes out on stream-notify-logged, and "" brings the initials back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { makePng } from './png.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('room settings', () => {
  let server;
  let admin;
  let ownerAuth;
  let memberAuth;
  let owner; // DDP as the group's owner
  let member; // DDP as a plain member
  let group;
  const clients = [];

  const save = (client, ...params) => client.call('saveRoomSettings', params);
  const groupInfo = async () => (await get(server, `/api/v1/groups.info?roomId=${group._id}`, { auth: ownerAuth })).body.group;
  const lastMessage = async (rid, auth = ownerAuth) => {
    const h = await get(server, `/api/v1/channels.history?roomId=${rid}&count=1`, { auth });
    if (h.status === 200) return h.body.messages[0];
    return (await get(server, `/api/v1/groups.history?roomId=${rid}&count=1`, { auth })).body.messages[0];
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'olga', name: 'Olga', email: 'olga@example.com', password: PASSWORD });
    await createUser(server, admin, { username: 'mick', name: 'Mick', email: 'mick@example.com', password: PASSWORD });
    ownerAuth = await login(server, 'olga', PASSWORD);
    memberAuth = await login(server, 'mick', PASSWORD);
    const created = await post(server, '/api/v1/groups.create', { name: 'ops', members: ['mick'] }, { auth: ownerAuth });
    assert.equal(created.status, 200, created.text);
    group = created.body.group;
    owner = await ddpLoggedIn(server, 'olga', PASSWORD, clients);
    member = await ddpLoggedIn(server, 'mick', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('several settings in one call, answered {result: true, rid}', async () => {
    const r = await save(owner, group._id, {
      roomTopic: 'deploys',
      roomDescription: 'the ops room',
      roomAnnouncement: 'freeze on friday',
      reactWhenReadOnly: true,
      systemMessages: ['uj', 'ul'],
      roomCustomFields: { team: 'infra' },
    });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result, { result: true, rid: group._id });
    const info = await groupInfo();
    assert.equal(info.topic, 'deploys');
    assert.equal(info.description, 'the ops room');
    assert.equal(info.announcement, 'freeze on friday');
    assert.equal(info.reactWhenReadOnly, true);
    assert.deepEqual(info.sysMes, ['uj', 'ul']);
    assert.deepEqual(info.customFields, { team: 'infra' });
  });

  test('the one-setting form (rid, name, value) works too', async () => {
    const r = await save(owner, group._id, 'roomTopic', 'incidents');
    assert.deepEqual(r.result, { result: true, rid: group._id });
    assert.equal((await groupInfo()).topic, 'incidents');
    const m = await lastMessage(group._id);
    assert.equal(m.t, 'room_changed_topic');
    assert.equal(m.msg, 'incidents');
  });

  test('a refused setting saves nothing: unknown names, wrong types, retention, join codes', async () => {
    const unknown = await save(owner, group._id, { roomTopic: 'nope', shoeSize: 42 });
    assertMeteorError(assert, unknown.error, 'error-invalid-settings', 'Invalid settings provided');
    const wrongType = await save(owner, group._id, { roomTopic: 'nope', readOnly: 'yes' });
    assertMeteorError(assert, wrongType.error, 'error-invalid-settings');
    const retention = await save(owner, group._id, { roomTopic: 'nope', retentionEnabled: true });
    assertMeteorError(assert, retention.error, 'error-action-not-allowed', 'Room does not have retention policy');
    const joinCode = await save(owner, group._id, { joinCode: 'secret' });
    assertMeteorError(assert, joinCode.error, 'error-action-not-allowed');
    assert.equal((await groupInfo()).topic, 'incidents');
  });

  test('permissions: a plain member may not edit; an owner may not set default', async () => {
    const r = await save(member, group._id, { roomTopic: 'mine now' });
    assertMeteorError(assert, r.error, 'error-action-not-allowed', 'Editing room is not allowed');
    const d = await save(owner, group._id, { default: true });
    assertMeteorError(assert, d.error, 'error-action-not-allowed', 'Viewing room administration is not allowed');
    const missing = await save(owner, 'no-such-room', { roomTopic: 'x' });
    assertMeteorError(assert, missing.error, 'error-invalid-room');
    assert.equal((await groupInfo()).topic, 'incidents');
  });

  test('roomType turns the group into a channel, for the room and every subscription', async () => {
    const r = await save(owner, group._id, { roomType: 'c' });
    assert.deepEqual(r.result, { result: true, rid: group._id });
    const info = await get(server, `/api/v1/channels.info?roomId=${group._id}`, { auth: memberAuth });
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.channel.t, 'c');
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: memberAuth });
    assert.equal(sub.body.subscription.t, 'c');
    const m = await lastMessage(group._id);
    assert.equal(m.t, 'room_changed_privacy');
    assert.equal(m.msg, 'public');
    // A user outside the room can read it now, as a public channel.
    const back = await save(owner, group._id, { roomType: 'p' });
    assert.equal(back.error, undefined);
    assert.equal((await get(server, `/api/v1/groups.info?roomId=${group._id}`, { auth: memberAuth })).status, 200);
    const dm = await save(owner, group._id, { roomType: 'd' });
    assertMeteorError(assert, dm.error, 'error-invalid-room-type');
  });

  test('REST rooms.saveRoomSettings renames the room', async () => {
    const r = await post(server, '/api/v1/rooms.saveRoomSettings', { rid: group._id, roomName: 'ops-team' }, { auth: ownerAuth });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { rid: group._id, result: true, success: true });
    assert.equal((await groupInfo()).name, 'ops-team');
    const bad = await post(server, '/api/v1/rooms.saveRoomSettings', { rid: group._id, nope: 1 }, { auth: ownerAuth });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.success, false);
    assert.equal(bad.body.errorType, 'error-invalid-settings');
    const noRid = await post(server, '/api/v1/rooms.saveRoomSettings', { roomName: 'x' }, { auth: ownerAuth });
    assert.equal(noRid.status, 400);
  });

  test('roomAvatar: stored, served at /avatar/room/<rid>, announced, and reset', async () => {
    const watcher = await ddpLoggedIn(server, 'mick', PASSWORD, clients);
    const sub = await watcher.sub('stream-notify-logged', ['updateAvatar', { useCollection: false, args: [] }]);
    assert.equal(sub.msg, 'ready');
    const before = await fetch(`${server.url}/avatar/room/${group._id}`);
    assert.equal(before.headers.get('content-type'), 'image/svg+xml');

    const png = makePng(24, 24, [10, 120, 200]);
    const notAllowed = await save(member, group._id, { roomAvatar: `data:image/png;base64,${png.toString('base64')}` });
    // edit-room is checked before edit-room-avatar, as in RC.
    assertMeteorError(assert, notAllowed.error, 'error-action-not-allowed', 'Editing room is not allowed');
    const bad = await save(owner, group._id, { roomAvatar: 'data:text/plain;base64,aGVsbG8=' });
    assertMeteorError(assert, bad.error, 'error-avatar-invalid-content-type');
    const notUri = await save(owner, group._id, { roomAvatar: 'http://example.com/a.png' });
    assertMeteorError(assert, notUri.error, 'error-invalid-data');

    const r = await save(owner, group._id, { roomAvatar: `data:image/png;base64,${png.toString('base64')}` });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const etag = (await groupInfo()).avatarETag;
    assert.match(etag, /^[A-Za-z0-9]{17}$/);
    const event = await watcher.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields.eventName === 'updateAvatar',
      { what: 'updateAvatar' },
    );
    assert.deepEqual(event.fields.args, [{ rid: group._id, etag }]);
    const served = await fetch(`${server.url}/avatar/room/${group._id}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('etag'), `"${etag}"`);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
    const cached = await fetch(`${server.url}/avatar/room/${group._id}`, { headers: { 'If-None-Match': `"${etag}"` } });
    assert.equal(cached.status, 304);
    const m = await lastMessage(group._id);
    assert.equal(m.t, 'room_changed_avatar');

    const reset = await save(owner, group._id, { roomAvatar: '' });
    assert.equal(reset.error, undefined);
    assert.equal((await groupInfo()).avatarETag, undefined);
    const after = await fetch(`${server.url}/avatar/room/${group._id}`);
    assert.equal(after.headers.get('content-type'), 'image/svg+xml');
  });
});
