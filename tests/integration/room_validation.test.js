// Black-box: Rocket.Chat's exact refusals for names and ids (issue 11 item 10).
// Room names as RC's getValidRoomName checks them (apps/meteor/app/utils/server/lib/
// getValidRoomName.ts): the UTF8_Channel_Names_Validation pattern (default [0-9a-zA-Z-_.]+),
// the reserved Accounts_SystemBlockedUsernameList (admin, administrator, system, user), and
// UI_Allow_room_names_with_special_chars (the display name is kept as fname, the name is its
// slug). subscriptions.read's body schema (v1/subscriptions.ts: {rid} or {roomId}, nothing
// else) and its error-invalid-subscription.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Validation-pass-1';

describe('room validation', () => {
  let server;
  let admin;
  let user;

  const createChannel = (name, auth = admin) => post(server, '/api/v1/channels.create', { name }, { auth });
  const invalidName = (r, name) => {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errorType, 'error-invalid-room-name');
    assert.equal(r.body.error, `${name} is not a valid room name [error-invalid-room-name]`);
  };
  const setSetting = async (id, value) => {
    const r = await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin });
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'val', name: 'Val', email: 'val@example.com', password: PASSWORD });
    user = await login(server, 'val', PASSWORD);
  });

  after(async () => {
    await server?.dispose();
  });

  test('reserved names are refused, whatever their case', async () => {
    for (const name of ['admin', 'administrator', 'System', 'USER']) invalidName(await createChannel(name), name);
    const group = await post(server, '/api/v1/groups.create', { name: 'admin' }, { auth: admin });
    invalidName(group, 'admin');
    // A name that only contains a reserved word is fine.
    const ok = await createChannel('admins-corner');
    assert.equal(ok.status, 200, ok.text);
    const renamed = await post(server, '/api/v1/channels.rename', { roomId: ok.body.channel._id, name: 'system' }, { auth: admin });
    invalidName(renamed, 'system');
  });

  test('special characters are refused by the default pattern', async () => {
    for (const name of ['town hall', 'café', 'a/b', 'hash#tag']) invalidName(await createChannel(name), name);
    const ok = await createChannel('Mixed_Case-1.0');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.channel.name, 'Mixed_Case-1.0');
  });

  test('UTF8_Channel_Names_Validation changes the pattern at once', async () => {
    await setSetting('UTF8_Channel_Names_Validation', '[a-z]+');
    try {
      invalidName(await createChannel('abc1'), 'abc1');
      const ok = await createChannel('lettersonly');
      assert.equal(ok.status, 200, ok.text);
    } finally {
      await setSetting('UTF8_Channel_Names_Validation', '[0-9a-zA-Z-_.]+');
    }
  });

  test('UI_Allow_room_names_with_special_chars keeps the display name and slugs the name', async () => {
    await setSetting('UI_Allow_room_names_with_special_chars', true);
    try {
      const r = await createChannel('Town Hall!');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.channel.name, 'Town-Hall');
      assert.equal(r.body.channel.fname, 'Town Hall!');
      const info = await get(server, '/api/v1/channels.info?roomName=Town-Hall', { auth: admin });
      assert.equal(info.body.channel.fname, 'Town Hall!');
      // Still reserved, once slugged.
      invalidName(await createChannel('Admin'), 'Admin');
    } finally {
      await setSetting('UI_Allow_room_names_with_special_chars', false);
    }
    invalidName(await createChannel('Town Hall 2'), 'Town Hall 2');
  });

  test('subscriptions.read refuses a body that names the room twice, and a room not joined', async () => {
    const room = await createChannel('read-me');
    const rid = room.body.channel._id;
    const both = await post(server, '/api/v1/subscriptions.read', { rid, roomId: rid }, { auth: admin });
    assert.equal(both.status, 400, both.text);
    assert.equal(both.body.success, false);
    assert.equal(both.body.errorType, 'invalid-params');
    const mismatched = await post(server, '/api/v1/subscriptions.read', { rid, roomId: 'GENERAL' }, { auth: admin });
    assert.equal(mismatched.status, 400, mismatched.text);
    assert.equal(mismatched.body.errorType, 'invalid-params');

    const notJoined = await post(server, '/api/v1/subscriptions.read', { rid }, { auth: user });
    assert.equal(notJoined.status, 400, notJoined.text);
    assert.equal(notJoined.body.errorType, 'error-invalid-subscription');
    const ok = await post(server, '/api/v1/subscriptions.read', { roomId: rid }, { auth: admin });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { success: true });
  });

  test('unknown rooms are error-room-not-found', async () => {
    const r = await get(server, '/api/v1/channels.info?roomId=no-such-room', { auth: admin });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errorType, 'error-room-not-found');
  });
});
