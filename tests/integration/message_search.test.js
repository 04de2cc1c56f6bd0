// Black-box: DDP messageSearch(text, rid, limit, offset) as RC 7's search panel calls it
// (apps/meteor/server/methods/messageSearch.ts): {message: {docs}} for one room, `false` for a
// room the caller cannot read, and across the caller's rooms when rid is empty, which RC
// does only with Search.defaultProvider.GlobalSearchEnabled on (its default is off).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('messageSearch', () => {
  let server;
  let admin;
  let dora;
  let ddp;
  let ownGroup;
  let otherGroup;
  let channel;
  const clients = [];

  const send = async (auth, rid, msg) => {
    const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg } }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.message;
  };
  const search = (...params) => ddp.call('messageSearch', params);

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'dora', name: 'Dora', email: 'dora@example.com', password: PASSWORD });
    dora = await login(server, 'dora', PASSWORD);
    ownGroup = (await post(server, '/api/v1/groups.create', { name: 'doras-group' }, { auth: dora })).body.group;
    otherGroup = (await post(server, '/api/v1/groups.create', { name: 'admins-only' }, { auth: admin })).body.group;
    channel = (await post(server, '/api/v1/channels.create', { name: 'town-square', members: ['dora'] }, { auth: admin })).body.channel;
    await send(dora, ownGroup._id, 'the kangaroo report is ready');
    await send(admin, channel._id, 'kangaroo sighting downtown');
    await send(admin, otherGroup._id, 'secret kangaroo plans');
    await send(dora, ownGroup._id, 'nothing to see');
    ddp = await ddpLoggedIn(server, 'dora', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('in one room: {message: {docs}}, newest first, with RC message fields', async () => {
    const r = await search('kangaroo', ownGroup._id);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(Object.keys(r.result), ['message']);
    assert.equal(r.result.message.docs.length, 1);
    const doc = r.result.message.docs[0];
    assert.equal(doc.msg, 'the kangaroo report is ready');
    assert.equal(doc.rid, ownGroup._id);
    assert.equal(doc.u.username, 'dora');
    assert.ok(doc.ts.$date);
  });

  test('a room the caller cannot read answers false', async () => {
    const r = await search('kangaroo', otherGroup._id);
    assert.equal(r.error, undefined);
    assert.equal(r.result, false);
  });

  test('without a room and global search off (RC default): no docs', async () => {
    for (const rid of [undefined, null, '']) {
      const r = await search('kangaroo', rid);
      assert.deepEqual(r.result, { message: { docs: [] } });
    }
  });

  test('without a room and global search on: every room the caller is in, and no other', async () => {
    const on = await post(server, '/api/v1/settings/Search.defaultProvider.GlobalSearchEnabled', { value: true }, { auth: admin });
    assert.equal(on.status, 200, on.text);
    try {
      const r = await search('kangaroo', null);
      const texts = r.result.message.docs.map((m) => m.msg);
      assert.deepEqual(texts, ['kangaroo sighting downtown', 'the kangaroo report is ready']);
      const page = await search('kangaroo', null, 1, 1);
      assert.deepEqual(page.result.message.docs.map((m) => m.msg), ['the kangaroo report is ready']);
      const none = await search('wombat', null);
      assert.deepEqual(none.result, { message: { docs: [] } });
    } finally {
      await post(server, '/api/v1/settings/Search.defaultProvider.GlobalSearchEnabled', { value: false }, { auth: admin });
    }
  });

  test('limit and offset page a room search', async () => {
    await send(dora, ownGroup._id, 'a second kangaroo');
    const first = await search('kangaroo', ownGroup._id, 1, 0);
    assert.deepEqual(first.result.message.docs.map((m) => m.msg), ['a second kangaroo']);
    const second = await search('kangaroo', ownGroup._id, 1, 1);
    assert.deepEqual(second.result.message.docs.map((m) => m.msg), ['the kangaroo report is ready']);
  });

  test('bad arguments are Meteor check failures', async () => {
    for (const params of [[], [42], ['kangaroo', 7], ['kangaroo', ownGroup._id, 'ten'], ['kangaroo', ownGroup._id, 1, {}]]) {
      const r = await ddp.call('messageSearch', params);
      assert.equal(r.error?.error, 400, JSON.stringify(params));
      assert.equal(r.error?.reason, 'Match failed');
    }
  });
});
