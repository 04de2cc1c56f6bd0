// Black-box: room administration as RC 7 serves it to its admin pages. rooms.adminRooms
// (apps/meteor/app/api/server/v1/rooms.ts, lib/rooms.ts findAdminRooms: view-room-administration,
// name/fname filter, types, default rooms first), and deleting rooms through channels.delete,
// groups.delete and the eraseRoom method (server/lib/eraseRoom.ts: delete-<t>, the room, its
// messages and every membership go, and each member's sidebar hears "removed").
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, http, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const changed = (eventName) => (m) => m.msg === 'changed' && m.collection === 'stream-notify-user' && m.fields?.eventName === eventName;

describe('room administration', () => {
  let server;
  let admin;
  let zoe; // a plain user
  let zoeAuth;
  const clients = [];
  const rooms = {};

  const create = async (kind, name, auth = admin, members = []) => {
    const r = await post(server, `/api/v1/${kind}.create`, { name, members }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.channel ?? r.body.group;
  };
  const adminRooms = (query, auth = admin) => get(server, `/api/v1/rooms.adminRooms${query}`, { auth });

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    zoe = await createUser(server, admin, { username: 'zoe', name: 'Zoe', email: 'zoe@example.com', password: PASSWORD, joinDefaultChannels: false });
    zoeAuth = await login(server, 'zoe', PASSWORD);
    rooms.alpha = await create('channels', 'alpha-team', admin, ['zoe']);
    rooms.beta = await create('channels', 'beta_team');
    rooms.secret = await create('groups', 'secret-alpha', admin, ['zoe']);
    rooms.zoeOwn = await create('groups', 'zoe-own', zoeAuth);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stopClean();
  });

  test('private-settings/get gives the admin pages each setting\'s type, default and choices', async () => {
    const adminDdp = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    const list = await adminDdp.apply('private-settings/get', []);
    const byId = Object.fromEntries(list.map((s) => [s._id, s]));
    assert.deepEqual(byId.Accounts_RegistrationForm.values.map((v) => v.key), ['Public', 'Disabled', 'Secret URL']);
    assert.equal(byId.Accounts_RegistrationForm.type, 'select');
    assert.equal(byId.Accounts_RegistrationForm.group, 'Accounts');
    assert.equal(byId.Message_MaxAllowedSize.type, 'int');
    assert.equal(byId.Message_MaxAllowedSize.packageValue, 5000);
    assert.equal(byId.API_Enable_Rate_Limiter.type, 'boolean');
    assert.equal(byId.API_Enable_Rate_Limiter.public, false);
    assert.equal(byId.Site_Name.type, 'string');
    assert.equal(byId.Site_Name.values, undefined, 'only selects have choices');
  });

  test('rooms.adminRooms lists every room, default ones first, by name', async () => {
    const r = await adminRooms('');
    assert.equal(r.status, 200, r.text);
    const names = r.body.rooms.map((x) => x.name);
    assert.equal(names[0], 'general', 'the default room comes first');
    assert.deepEqual(names.slice(1), ['alpha-team', 'beta_team', 'secret-alpha', 'zoe-own']);
    assert.equal(r.body.total, 5);
    assert.equal(r.body.count, 5);
    assert.equal(r.body.offset, 0);
    const secret = r.body.rooms.find((x) => x.name === 'secret-alpha');
    assert.equal(secret.t, 'p');
    assert.equal(typeof secret._updatedAt, 'string', 'REST dates are ISO strings');
  });

  test('rooms.adminRooms filters by a part of the name, any case, and by types', async () => {
    const byName = await adminRooms('?filter=ALPHA');
    assert.deepEqual(
      byName.body.rooms.map((x) => x.name),
      ['alpha-team', 'secret-alpha'],
    );
    assert.equal(byName.body.total, 2);
    const groupsOnly = await adminRooms('?types=p'); // one type may come bare
    assert.deepEqual(
      groupsOnly.body.rooms.map((x) => x.name),
      ['secret-alpha', 'zoe-own'],
    );
    const both = await adminRooms('?filter=alpha&types%5B%5D=c&types%5B%5D=d');
    assert.deepEqual(
      both.body.rooms.map((x) => x.name),
      ['alpha-team'],
    );
    // LIKE's own characters are literal: "_" matches only an underscore.
    const underscore = await adminRooms('?filter=a_t');
    assert.deepEqual(
      underscore.body.rooms.map((x) => x.name),
      ['beta_team'],
    );
    const teams = await adminRooms('?types%5B%5D=teams');
    assert.equal(teams.status, 200, teams.text);
    assert.deepEqual(teams.body.rooms, [], 'no teams in parley');
  });

  test('rooms.adminRooms pages', async () => {
    const page = await adminRooms('?count=2&offset=1');
    assert.deepEqual(
      page.body.rooms.map((x) => x.name),
      ['alpha-team', 'beta_team'],
    );
    assert.equal(page.body.total, 5);
    assert.equal(page.body.offset, 1);
  });

  test('rooms.adminRooms needs view-room-administration', async () => {
    const r = await adminRooms('', zoeAuth);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.error, 'error-not-authorized');
  });

  test('a plain member may not delete a channel; an unknown one is not found', async () => {
    const r = await post(server, '/api/v1/channels.delete', { roomId: rooms.alpha._id }, { auth: zoeAuth });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.errorType, 'error-not-allowed');
    const none = await post(server, '/api/v1/channels.delete', { roomName: 'nope' }, { auth: admin });
    assert.equal(none.status, 400, none.text);
    assert.equal(none.body.errorType, 'error-room-not-found');
    const wrongFamily = await post(server, '/api/v1/channels.delete', { roomId: rooms.secret._id }, { auth: admin });
    assert.equal(wrongFamily.body.errorType, 'error-room-not-found', 'channels.delete is for channels');
  });

  test('channels.delete removes the room, its messages and the members hear it', async () => {
    const zoeDdp = await ddpLoggedIn(server, 'zoe', PASSWORD, clients);
    for (const e of ['subscriptions-changed', 'rooms-changed']) {
      const ready = await zoeDdp.sub('stream-notify-user', [`${zoe._id}/${e}`, { useCollection: false, args: [] }]);
      assert.equal(ready.msg, 'ready');
    }
    const posted = await post(server, '/api/v1/chat.postMessage', { roomId: rooms.alpha._id, text: 'soon gone' }, { auth: admin });
    assert.equal(posted.status, 200, posted.text);
    // A file in the room: it goes with the room (RC's deleteRoom removes the room's files).
    const fd = new FormData();
    fd.append('file', new Blob(['minutes of the meeting'], { type: 'text/plain' }), 'minutes.txt');
    const uploaded = await http(server, 'POST', `/api/v1/rooms.upload/${rooms.alpha._id}`, { body: fd, auth: admin });
    assert.equal(uploaded.status, 200, uploaded.text);
    const fileId = uploaded.body.message.file._id;
    const fileUrl = `/file-upload/${fileId}/minutes.txt`;
    const blob = path.join(server.dataDir, 'blobs', 'uploads', fileId);
    assert.equal((await get(server, fileUrl, { auth: admin })).status, 200);
    assert.ok(fs.existsSync(blob), `the upload's blob is at ${blob}`);
    const before = (await get(server, '/api/v1/statistics?refresh=true', { auth: admin })).body;
    assert.ok(before.uploadsTotal >= 1);
    const from = zoeDdp.frames.length; // the post's own updates came before

    const r = await post(server, '/api/v1/channels.delete', { roomName: 'alpha-team' }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });

    const sub = await zoeDdp.waitFor((m) => changed(`${zoe._id}/subscriptions-changed`)(m) && m.fields.args[1]?.rid === rooms.alpha._id, {
      what: 'subscriptions-changed removed',
      from,
    });
    assert.equal(sub.fields.args[0], 'removed');
    const room = await zoeDdp.waitFor((m) => changed(`${zoe._id}/rooms-changed`)(m) && m.fields.args[1]?._id === rooms.alpha._id, {
      what: 'rooms-changed removed',
      from,
    });
    assert.equal(room.fields.args[0], 'removed');

    const info = await get(server, `/api/v1/channels.info?roomId=${rooms.alpha._id}`, { auth: admin });
    assert.equal(info.body.errorType, 'error-room-not-found');
    const msg = await get(server, `/api/v1/chat.getMessage?msgId=${posted.body.message._id}`, { auth: admin });
    assert.notEqual(msg.status, 200, 'the room\'s messages are gone');
    const subs = await get(server, '/api/v1/subscriptions.get?updatedSince=1970-01-01T00:00:00.000Z', { auth: zoeAuth });
    assert.ok(!subs.body.update.some((s) => s.rid === rooms.alpha._id), 'no subscription left');
    assert.ok(subs.body.remove.some((s) => s._id === sub.fields.args[1]._id), 'the subscription is reported removed');
    assert.equal((await get(server, fileUrl, { auth: admin })).status, 404, 'the file is gone with the room');
    assert.ok(!fs.existsSync(blob), 'and so are its bytes');
    const listed = await adminRooms('?filter=alpha-team');
    assert.equal(listed.body.total, 0);
    // The name is free again.
    await create('channels', 'alpha-team');
    const afterStats = (await get(server, '/api/v1/statistics?refresh=true', { auth: admin })).body;
    assert.equal(afterStats.totalMessages, before.totalMessages - 2, 'the room\'s two messages (text, file) left the counters');
    assert.equal(afterStats.uploadsTotal, before.uploadsTotal - 1, 'and its upload the upload counter');
  });

  test('groups.delete: the owner may delete their own group; eraseRoom deletes any as admin', async () => {
    const mine = await post(server, '/api/v1/groups.delete', { roomId: rooms.zoeOwn._id }, { auth: zoeAuth });
    assert.equal(mine.status, 200, mine.text);
    const notMember = await post(server, '/api/v1/groups.delete', { roomId: rooms.secret._id }, { auth: zoeAuth });
    assert.equal(notMember.body.errorType, 'error-not-allowed', 'a member who is not an owner');

    const adminDdp = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    const erased = await adminDdp.apply('eraseRoom', [rooms.secret._id]);
    assert.equal(erased, true);
    const again = await adminDdp.call('eraseRoom', [rooms.secret._id]);
    assertMeteorError(assert, again.error, 'error-invalid-room', 'Invalid room');
    const zoeDdp = await ddpLoggedIn(server, 'zoe', PASSWORD, clients);
    const refused = await zoeDdp.call('eraseRoom', [rooms.beta._id]);
    assertMeteorError(assert, refused.error, 'error-not-allowed', 'Not allowed');
    const left = await adminRooms('?types%5B%5D=p');
    assert.deepEqual(left.body.rooms, []);
  });
});
