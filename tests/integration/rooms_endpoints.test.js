// Black-box: the rooms.* endpoints of issue 11 item 8 as RC 7 serves them
// (apps/meteor/app/api/server/v1/rooms.ts, lib/rooms.ts, v1/im.ts): rooms.isMember, the
// three autocompletes, rooms.adminRooms.getRoom, rooms.favorite, rooms.cleanHistory (with
// deleteMessageBulk on stream-notify-room), and im.open / im.close's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, http, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Rooms-endpoints-1';
const OLDEST = '2000-01-01T00:00:00.000Z';
const LATEST = '2100-01-01T00:00:00.000Z';

describe('rooms endpoints', () => {
  let server;
  let admin;
  let amy; // a plain user
  let amyAuth;
  let bob;
  let bobAuth;
  const clients = [];
  const rooms = {};

  const create = async (kind, name, auth, members = []) => {
    const r = await post(server, `/api/v1/${kind}.create`, { name, members }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.channel ?? r.body.group;
  };
  const send = async (auth, rid, msg) => {
    const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg } }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.message;
  };
  const texts = async (rid, auth = admin) => {
    const r = await get(server, `/api/v1/channels.messages?roomId=${rid}&count=0`, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.messages.filter((m) => !m.t).map((m) => m.msg).sort();
  };
  const failsWith = (r, status, fields) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.success, false, r.text);
    for (const [k, v] of Object.entries(fields)) assert.equal(r.body[k], v, `${k} in ${r.text}`);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    amy = await createUser(server, admin, { username: 'amy', name: 'Amy', email: 'amy@example.com', password: PASSWORD });
    bob = await createUser(server, admin, { username: 'bob', name: 'Bob', email: 'bob@example.com', password: PASSWORD });
    amyAuth = await login(server, 'amy', PASSWORD);
    bobAuth = await login(server, 'bob', PASSWORD);
    rooms.town = await create('channels', 'town-square', admin, ['amy']);
    rooms.tools = await create('channels', 'toolshed', amyAuth);
    rooms.hidden = await create('groups', 'town-secrets', admin);
    rooms.amyGroup = await create('groups', 'amy-den', amyAuth);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.dispose();
  });

  test('rooms.isMember answers for a room the caller can read', async () => {
    const yes = await get(server, `/api/v1/rooms.isMember?roomId=${rooms.town._id}&username=amy`, { auth: admin });
    assert.equal(yes.status, 200, yes.text);
    assert.equal(yes.body.success, true);
    assert.equal(yes.body.isMember, true);
    const no = await get(server, `/api/v1/rooms.isMember?roomId=${rooms.town._id}&userId=${bob._id}`, { auth: amyAuth });
    assert.equal(no.status, 200, no.text);
    assert.equal(no.body.isMember, false);

    // A private group amy is not in: RC's API.v1.forbidden().
    failsWith(await get(server, `/api/v1/rooms.isMember?roomId=${rooms.hidden._id}&username=admin`, { auth: amyAuth }), 403, {
      error: 'unauthorized',
    });
    failsWith(await get(server, `/api/v1/rooms.isMember?roomId=${rooms.town._id}&username=nobody`, { auth: admin }), 400, {
      error: 'error-user-not-found',
    });
    failsWith(await get(server, '/api/v1/rooms.isMember?roomId=nope&username=amy', { auth: admin }), 400, {
      errorType: 'error-room-not-found',
    });
    failsWith(await get(server, '/api/v1/rooms.isMember?username=amy', { auth: admin }), 400, { errorType: 'invalid-params' });
  });

  test('rooms.autocomplete.channelAndPrivate lists the caller\'s rooms containing the text', async () => {
    const selector = encodeURIComponent(JSON.stringify({ name: 'TOWN' }));
    const r = await get(server, `/api/v1/rooms.autocomplete.channelAndPrivate?selector=${selector}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.items.map((i) => i.name), ['town-secrets', 'town-square']);
    const item = r.body.items[1];
    assert.deepEqual(Object.keys(item).sort(), ['_id', 'fname', 'name', 't']);
    assert.equal(item._id, rooms.town._id);
    assert.equal(item.t, 'c');
    // amy is in town-square only: the group she is not in stays out.
    const mine = await get(server, `/api/v1/rooms.autocomplete.channelAndPrivate?selector=${selector}`, { auth: amyAuth });
    assert.deepEqual(mine.body.items.map((i) => i.name), ['town-square']);
    failsWith(await get(server, '/api/v1/rooms.autocomplete.channelAndPrivate', { auth: admin }), 400, {
      error: "The 'selector' param is required",
    });
  });

  test('rooms.autocomplete.adminRooms: any room starting with the text, for room administrators', async () => {
    const selector = encodeURIComponent(JSON.stringify({ name: 'to' }));
    const r = await get(server, `/api/v1/rooms.autocomplete.adminRooms?selector=${selector}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    // toolshed is amy's, and the admin is not in it; "amy-den" contains no prefix match.
    assert.deepEqual(r.body.items.map((i) => i.name), ['toolshed', 'town-secrets', 'town-square']);
    failsWith(await get(server, `/api/v1/rooms.autocomplete.adminRooms?selector=${selector}`, { auth: amyAuth }), 400, {
      error: 'error-not-authorized',
    });
  });

  test('rooms.autocomplete.availableForTeams: rooms the caller owns, by name prefix', async () => {
    const r = await get(server, '/api/v1/rooms.autocomplete.availableForTeams?name=', { auth: amyAuth });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.items.map((i) => i.name), ['amy-den', 'toolshed']);
    const prefixed = await get(server, '/api/v1/rooms.autocomplete.availableForTeams?name=TOOL', { auth: amyAuth });
    assert.deepEqual(prefixed.body.items.map((i) => i._id), [rooms.tools._id]);
  });

  test('rooms.adminRooms.getRoom gives the admin room editor its room', async () => {
    const r = await get(server, `/api/v1/rooms.adminRooms.getRoom?rid=${rooms.hidden._id}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body._id, rooms.hidden._id);
    assert.equal(r.body.name, 'town-secrets');
    assert.equal(r.body.t, 'p');
    assert.equal(r.body.default, false);
    failsWith(await get(server, '/api/v1/rooms.adminRooms.getRoom?rid=nope', { auth: admin }), 400, {
      error: 'not-allowed',
      errorType: 'Not Allowed',
    });
    failsWith(await get(server, `/api/v1/rooms.adminRooms.getRoom?rid=${rooms.town._id}`, { auth: amyAuth }), 400, {
      error: 'error-not-authorized',
    });
  });

  test('rooms.favorite stars the room in the caller\'s subscription', async () => {
    const on = await post(server, '/api/v1/rooms.favorite', { roomId: rooms.town._id, favorite: true }, { auth: amyAuth });
    assert.equal(on.status, 200, on.text);
    assert.deepEqual(on.body, { success: true });
    let sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${rooms.town._id}`, { auth: amyAuth });
    assert.equal(sub.body.subscription.f, true);
    const byName = await post(server, '/api/v1/rooms.favorite', { roomName: 'town-square', favorite: false }, { auth: amyAuth });
    assert.equal(byName.status, 200, byName.text);
    sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${rooms.town._id}`, { auth: amyAuth });
    assert.equal(sub.body.subscription.f, false);

    failsWith(await post(server, '/api/v1/rooms.favorite', { roomId: rooms.town._id }, { auth: amyAuth }), 400, {
      error: "The 'favorite' param is required",
    });
    failsWith(await post(server, '/api/v1/rooms.favorite', { roomId: rooms.town._id, favorite: true }, { auth: bobAuth }), 400, {
      errorType: 'error-invalid-subscription',
    });
    failsWith(await post(server, '/api/v1/rooms.favorite', { roomId: 'nope', favorite: true }, { auth: amyAuth }), 400, {
      errorType: 'error-room-not-found',
    });
    failsWith(await post(server, '/api/v1/rooms.favorite', { favorite: true }, { auth: amyAuth }), 400, {
      errorType: 'error-roomid-param-not-provided',
    });
  });

  test('rooms.cleanHistory deletes what matches and tells connected members', async () => {
    const room = await create('channels', 'prune-me', admin, ['amy']);
    const rid = room._id;
    await send(admin, rid, 'one');
    const pinned = await send(admin, rid, 'two (pinned)');
    await send(amyAuth, rid, 'three by amy');
    await send(admin, rid, 'four');
    const pin = await post(server, '/api/v1/chat.pinMessage', { messageId: pinned._id }, { auth: admin });
    assert.equal(pin.status, 200, pin.text);

    const ddp = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    const ready = await ddp.sub('stream-notify-room', [`${rid}/deleteMessageBulk`, false]);
    assert.equal(ready.msg, 'ready');

    // amy is a member, but clean-channel-history is the admin's.
    failsWith(await post(server, '/api/v1/rooms.cleanHistory', { roomId: rid, latest: LATEST, oldest: OLDEST }, { auth: amyAuth }), 400, {
      errorType: 'error-not-allowed',
    });
    failsWith(await post(server, '/api/v1/rooms.cleanHistory', { roomId: rid, oldest: OLDEST }, { auth: admin }), 400, {
      errorType: 'invalid-params',
    });

    // Only amy's messages.
    const amyOnly = await post(server, '/api/v1/rooms.cleanHistory', { roomId: rid, latest: LATEST, oldest: OLDEST, users: ['amy'] }, { auth: admin });
    assert.equal(amyOnly.status, 200, amyOnly.text);
    assert.equal(amyOnly.body.success, true);
    assert.equal(amyOnly.body._id, rid);
    assert.equal(amyOnly.body.count, 1);
    assert.deepEqual(await texts(rid), ['four', 'one', 'two (pinned)']);

    // Everything else but the pinned message; the system messages of the room go too.
    const rest = await post(server, '/api/v1/rooms.cleanHistory', { roomId: rid, latest: LATEST, oldest: OLDEST, excludePinned: true }, { auth: admin });
    assert.equal(rest.status, 200, rest.text);
    assert.ok(rest.body.count >= 2, rest.text);
    assert.deepEqual(await texts(rid), ['two (pinned)']);

    const bulk = await ddp.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-notify-room' && m.fields?.eventName === `${rid}/deleteMessageBulk` && m.fields.args[0].excludePinned === true,
      { what: 'deleteMessageBulk' },
    );
    const args = bulk.fields.args[0];
    assert.equal(args.rid, rid);
    assert.equal(args.ids.length, rest.body.count);
    assert.deepEqual(Object.keys(args.ts).sort(), ['$gt', '$lt']);
    assert.equal(args.ts.$gt.$date, Date.parse(OLDEST));

    // The room's counters and lastMessage follow.
    const info = await get(server, `/api/v1/channels.info?roomId=${rid}`, { auth: admin });
    assert.equal(info.body.channel.msgs, 1, info.text);
    assert.equal(info.body.channel.lastMessage._id, pinned._id);
  });

  test('rooms.cleanHistory filesOnly removes the files and keeps the messages', async () => {
    const room = await create('channels', 'prune-files', admin);
    const fd = new FormData();
    fd.append('file', new Blob(['plain text to prune\n'], { type: 'text/plain' }), 'notes.txt');
    fd.append('msg', 'with a file');
    const up = await http(server, 'POST', `/api/v1/rooms.upload/${room._id}`, { body: fd, auth: admin });
    assert.equal(up.status, 200, up.text);
    const fileId = up.body.message.file._id;
    const before = await get(server, `/file-upload/${fileId}/notes.txt`, { auth: admin });
    assert.equal(before.status, 200);
    await send(admin, room._id, 'no file here');

    const r = await post(server, '/api/v1/rooms.cleanHistory', { roomId: room._id, latest: LATEST, oldest: OLDEST, filesOnly: true }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.count, 1);
    const gone = await get(server, `/file-upload/${fileId}/notes.txt`, { auth: admin });
    assert.equal(gone.status, 404);
    const msg = await get(server, `/api/v1/chat.getMessage?msgId=${up.body.message._id}`, { auth: admin });
    assert.equal(msg.status, 200, msg.text);
    assert.equal(msg.body.message.msg, 'with a file');
    assert.equal(msg.body.message.file, undefined);
    assert.deepEqual(msg.body.message.attachments, [{ color: '#FD745E', text: '_File removed by prune_' }]);
    assert.deepEqual(await texts(room._id), ['no file here', 'with a file']);
    const files = await get(server, `/api/v1/channels.files?roomId=${room._id}`, { auth: admin });
    assert.equal(files.body.total, 0, files.text);
  });

  test('rooms.cleanHistory: limit, and a room the caller cannot read', async () => {
    const room = await create('groups', 'prune-limit', admin);
    for (const t of ['a', 'b', 'c']) await send(admin, room._id, t);
    const one = await post(server, '/api/v1/rooms.cleanHistory', { roomId: room._id, latest: LATEST, oldest: OLDEST, limit: 1 }, { auth: admin });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.count, 1);
    const left = await get(server, `/api/v1/groups.messages?roomId=${room._id}&count=0`, { auth: admin });
    assert.equal(left.body.messages.length, 2);
    failsWith(await post(server, '/api/v1/rooms.cleanHistory', { roomId: room._id, latest: LATEST, oldest: OLDEST }, { auth: amyAuth }), 400, {
      error: 'User does not have access to the room [error-not-allowed]',
      errorType: 'error-not-allowed',
    });
  });

  // rocket.cat's DM with `auth`'s user, and its newest message.
  const fromRocketCat = async (auth) => {
    const ims = await get(server, '/api/v1/im.list?count=0', { auth });
    assert.equal(ims.status, 200, ims.text);
    const dm = ims.body.ims.find((r) => (r.usernames ?? []).includes('rocket.cat'));
    assert.ok(dm, `no DM with rocket.cat in ${ims.text}`);
    const msgs = await get(server, `/api/v1/im.messages?roomId=${dm._id}&count=1`, { auth });
    assert.equal(msgs.status, 200, msgs.text);
    return msgs.body.messages[0];
  };

  test('rooms.export type file: rocket.cat sends the export to the caller\'s DM', async () => {
    const room = await create('channels', 'export-me', admin);
    await send(admin, room._id, 'hello <export>');
    await send(admin, room._id, 'second line');
    const r = await post(server, '/api/v1/rooms.export', { rid: room._id, type: 'file', format: 'json' }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });
    const message = await fromRocketCat(admin);
    assert.equal(message.u.username, 'rocket.cat');
    assert.equal(message.file.name, 'export-me.json');
    assert.match(message.msg, /export-me/);
    const download = await get(server, `/file-upload/${message.file._id}/export-me.json`, { auth: admin });
    assert.equal(download.status, 200, download.text);
    const exported = JSON.parse(download.text);
    assert.deepEqual(exported.filter((m) => !m.msg.startsWith('[')).map((m) => [m.username, m.msg]), [
      ['admin', 'hello <export>'],
      ['admin', 'second line'],
    ]);
    assert.match(exported[0].ts, /^\d{4}-\d{2}-\d{2}T/);

    const html = await post(server, '/api/v1/rooms.export', { rid: room._id, type: 'file', format: 'html' }, { auth: admin });
    assert.equal(html.status, 200, html.text);
    const htmlMessage = await fromRocketCat(admin);
    assert.equal(htmlMessage.file.name, `${room._id}.html`);
    const page = await get(server, `/file-upload/${htmlMessage.file._id}/x.html`, { auth: admin });
    assert.equal(page.status, 200);
    assert.match(page.text, /hello &lt;export&gt;/);
    // The export is the caller's: amy cannot download it.
    const theirs = await get(server, `/file-upload/${htmlMessage.file._id}/x.html`, { auth: amyAuth });
    assert.equal(theirs.status, 403);
  });

  test('rooms.export refusals', async () => {
    const rid = rooms.town._id;
    failsWith(await post(server, '/api/v1/rooms.export', { rid, type: 'file', format: 'json' }, { auth: amyAuth }), 400, {
      errorType: 'error-action-not-allowed',
    });
    failsWith(await post(server, '/api/v1/rooms.export', { rid, type: 'file' }, { auth: admin }), 400, { errorType: 'invalid-params' });
    failsWith(await post(server, '/api/v1/rooms.export', { rid: 'nope', type: 'file', format: 'json' }, { auth: admin }), 400, {
      errorType: 'error-invalid-room',
    });
    failsWith(
      await post(server, '/api/v1/rooms.export', { rid, type: 'file', format: 'json', dateFrom: '2024-05-10', dateTo: '2024-05-01' }, { auth: admin }),
      400,
      { errorType: 'error-invalid-dates', error: 'From date cannot be after To date [error-invalid-dates]' },
    );
    // parley has no mail server: the email export is refused, and says why.
    const email = await post(server, '/api/v1/rooms.export', { rid, type: 'email', toUsers: ['amy'], messages: ['x'] }, { auth: admin });
    failsWith(email, 400, { errorType: 'error-email-send-failed' });
    assert.match(email.body.error, /no mail server/);
  });

  test('im.open and im.close refuse a DM the caller is not in, and say when it is closed', async () => {
    const dm = await post(server, '/api/v1/im.create', { username: 'bob' }, { auth: amyAuth });
    assert.equal(dm.status, 200, dm.text);
    const rid = dm.body.room._id;
    failsWith(await post(server, '/api/v1/im.open', { roomId: rid }, { auth: admin }), 403, { error: 'unauthorized' });
    failsWith(await post(server, '/api/v1/im.close', { roomId: rid }, { auth: admin }), 403, { error: 'unauthorized' });
    failsWith(await post(server, '/api/v1/im.open', { roomId: 'no-such-dm' }, { auth: amyAuth }), 403, { error: 'unauthorized' });
    failsWith(await post(server, '/api/v1/im.close', { roomId: 'no-such-dm' }, { auth: amyAuth }), 400, {
      error: 'The user is not subscribed to the room',
    });

    const closed = await post(server, '/api/v1/im.close', { roomId: rid }, { auth: amyAuth });
    assert.equal(closed.status, 200, closed.text);
    failsWith(await post(server, '/api/v1/im.close', { roomId: rid }, { auth: amyAuth }), 400, {
      error: 'The direct message room, is already closed to the sender',
    });
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${rid}`, { auth: amyAuth });
    assert.equal(sub.body.subscription.open, false);
    const opened = await post(server, '/api/v1/im.open', { roomId: rid }, { auth: amyAuth });
    assert.equal(opened.status, 200, opened.text);
    assert.deepEqual(opened.body, { success: true });
    const again = await get(server, `/api/v1/subscriptions.getOne?roomId=${rid}`, { auth: amyAuth });
    assert.equal(again.body.subscription.open, true);
  });
});
