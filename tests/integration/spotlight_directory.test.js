// Black-box: the finders RC 7's web client calls while someone types. DDP spotlight and REST
// GET spotlight (apps/meteor/server/publications/spotlight.ts, server/lib/spotlight.js), DDP
// browseChannels and REST GET directory (server/methods/browseChannels.ts, api v1 misc.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('spotlight and directory', () => {
  let server;
  let admin;
  let eve; // a plain user
  let ddp;
  const rooms = {};
  const clients = [];

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const [username, name] of [['eve', 'Eve Adams'], ['zed', 'Zed Zulu'], ['zara', 'Zara Quinn'], ['zoe', 'Zoe Park'], ['gone', 'Gone Away']]) {
      await createUser(server, admin, { username, name, email: `${username}@example.com`, password: PASSWORD });
    }
    const gone = await get(server, '/api/v1/users.info?username=gone', { auth: admin });
    await post(server, '/api/v1/users.setActiveStatus', { userId: gone.body.user._id, activeStatus: false }, { auth: admin });
    eve = await login(server, 'eve', PASSWORD);
    rooms.mine = (await post(server, '/api/v1/channels.create', { name: 'zebra-mine', members: ['eve'] }, { auth: admin })).body.channel;
    rooms.open = (await post(server, '/api/v1/channels.create', { name: 'zebra-open' }, { auth: admin })).body.channel;
    rooms.secret = (await post(server, '/api/v1/groups.create', { name: 'zebra-secret' }, { auth: admin })).body.group;
    rooms.hers = (await post(server, '/api/v1/groups.create', { name: 'zebra-hers' }, { auth: eve })).body.group;
    ddp = await ddpLoggedIn(server, 'eve', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('DDP spotlight: users (outside: true, RC fields) and public rooms the user is not in', async () => {
    const r = await ddp.call('spotlight', ['z', [], { users: true, rooms: true }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result.users.map((u) => u.username), ['zara', 'zed', 'zoe']);
    const zed = r.result.users[1];
    assert.deepEqual(Object.keys(zed).sort(), ['_id', 'name', 'outside', 'status', 'username']);
    assert.equal(zed.outside, true);
    assert.equal(zed.status, 'offline');
    // Rooms: only zebra-open. zebra-mine is already hers; groups are never listed.
    assert.deepEqual(r.result.rooms.map((x) => x.name), ['zebra-open']);
    assert.deepEqual(r.result.rooms[0], { _id: rooms.open._id, t: 'c', name: 'zebra-open', fname: 'zebra-open' });
  });

  test('DDP spotlight: # asks for rooms only, @ for users only, an exact username comes first', async () => {
    const hash = await ddp.call('spotlight', ['#zebra']);
    assert.deepEqual(hash.result.users, []);
    assert.deepEqual(hash.result.rooms.map((x) => x.name), ['zebra-open']);
    const at = await ddp.call('spotlight', ['@zoe']);
    assert.deepEqual(at.result.rooms, []);
    assert.deepEqual(at.result.users.map((u) => u.username), ['zoe']);
    const exact = await ddp.call('spotlight', ['zed', [], { users: true }]);
    assert.equal(exact.result.users[0].username, 'zed');
    assert.deepEqual(exact.result.rooms, []);
  });

  test('DDP spotlight: excluded usernames, inactive users and the room members first', async () => {
    const excluded = await ddp.call('spotlight', ['z', ['zara', 'ZED'], { users: true }]);
    assert.deepEqual(excluded.result.users.map((u) => u.username), ['zoe']);
    const inactive = await ddp.call('spotlight', ['gone', [], { users: true }]);
    assert.deepEqual(inactive.result.users, []);
    await post(server, '/api/v1/channels.invite', { roomId: rooms.mine._id, username: 'zoe' }, { auth: admin });
    const inRoom = await ddp.call('spotlight', ['z', [], { users: true }, rooms.mine._id]);
    assert.equal(inRoom.result.users[0].username, 'zoe');
    assert.equal(inRoom.result.users[0].outside, undefined, 'a member is not an outsider');
    assert.deepEqual(inRoom.result.users.slice(1).map((u) => [u.username, u.outside]), [['zara', true], ['zed', true]]);
  });

  test('DDP spotlight: Number_of_users_autocomplete_suggestions limits the users', async () => {
    await post(server, '/api/v1/settings/Number_of_users_autocomplete_suggestions', { value: 2 }, { auth: admin });
    try {
      const r = await ddp.call('spotlight', ['z', [], { users: true }]);
      assert.equal(r.result.users.length, 2);
    } finally {
      await post(server, '/api/v1/settings/Number_of_users_autocomplete_suggestions', { value: 5 }, { auth: admin });
    }
  });

  test('DDP spotlight: bad arguments are Meteor check failures', async () => {
    for (const params of [[], [7], ['z', 'zed'], ['z', [3]], ['z', [], 'users'], ['z', [], {}, 9]]) {
      const r = await ddp.call('spotlight', params);
      assert.equal(r.error?.error, 400, JSON.stringify(params));
      assert.equal(r.error?.reason, 'Match failed');
    }
  });

  test('REST spotlight: {users, rooms, success}; query is required', async () => {
    const r = await get(server, '/api/v1/spotlight?query=%23zebra', { auth: eve });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.users, []);
    assert.deepEqual(r.body.rooms.map((x) => x.name), ['zebra-open']);
    const users = await get(server, '/api/v1/spotlight?query=%40zara', { auth: eve });
    assert.deepEqual(users.body.users.map((u) => u.username), ['zara']);
    const missing = await get(server, '/api/v1/spotlight', { auth: eve });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.success, false);
    assert.equal(missing.body.errorType, 'invalid-params');
    assert.equal((await get(server, '/api/v1/spotlight?query=z')).status, 401);
  });

  test('REST directory channels: public rooms and her own groups, never others\' groups', async () => {
    const r = await get(server, '/api/v1/directory?type=channels&text=zebra&sort=%7B%22name%22%3A1%7D', { auth: eve });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.result.map((x) => x.name), ['zebra-hers', 'zebra-mine', 'zebra-open']);
    assert.equal(r.body.count, 3);
    assert.equal(r.body.offset, 0);
    assert.equal(r.body.total, 3);
    const open = r.body.result[2];
    assert.equal(open._id, rooms.open._id);
    assert.equal(open.t, 'c');
    assert.equal(open.usersCount, 1);
    assert.equal(typeof open.ts, 'string', 'REST dates are ISO strings');
    // Without a sort, RC sorts by name descending.
    const desc = await get(server, '/api/v1/directory?type=channels&text=zebra', { auth: eve });
    assert.deepEqual(desc.body.result.map((x) => x.name), ['zebra-open', 'zebra-mine', 'zebra-hers']);
    const paged = await get(server, '/api/v1/directory?type=channels&text=zebra&count=1&offset=1', { auth: eve });
    assert.deepEqual(paged.body.result.map((x) => x.name), ['zebra-mine']);
    assert.equal(paged.body.total, 3);
    assert.equal(paged.body.offset, 1);
  });

  test('REST directory users: active users, emails only for view-full-other-user-info', async () => {
    const r = await get(server, '/api/v1/directory?type=users&text=z&sort=%7B%22username%22%3A1%7D', { auth: eve });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.result.map((u) => u.username), ['zara', 'zed', 'zoe']);
    assert.equal(r.body.result[0].name, 'Zara Quinn');
    assert.equal(typeof r.body.result[0].createdAt, 'string');
    assert.equal(r.body.result[0].emails, undefined);
    const asAdmin = await get(server, '/api/v1/directory?type=users&text=zara', { auth: admin });
    assert.deepEqual(asAdmin.body.result[0].emails, [{ address: 'zara@example.com', verified: false }]);
    const byEmail = await get(server, '/api/v1/directory?type=users&text=zoe%40example&workspace=all', { auth: eve });
    assert.deepEqual(byEmail.body.result.map((u) => u.username), ['zoe']);
    const teams = await get(server, '/api/v1/directory?type=teams', { auth: eve });
    assert.deepEqual([teams.status, teams.body.result, teams.body.total], [200, [], 0]);
  });

  test('REST directory: refusals in RC shape', async () => {
    const badType = await get(server, '/api/v1/directory?type=bots', { auth: eve });
    assert.equal(badType.status, 400);
    assert.deepEqual(badType.body, { success: false, error: 'Please verify the parameters' });
    const badSort = await get(server, '/api/v1/directory?type=users&sort=%7B%22lastMessage%22%3A1%7D', { auth: eve });
    assert.deepEqual(badSort.body, { success: false, error: 'Please verify the parameters' });
    const twoSorts = await get(server, '/api/v1/directory?sort=%7B%22name%22%3A1%2C%22ts%22%3A1%7D', { auth: eve });
    assert.deepEqual(twoSorts.body, { success: false, error: 'This method support only one "sort" parameter' });
    const notJson = await get(server, '/api/v1/directory?sort=name', { auth: eve });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.success, false);
  });

  test('DDP browseChannels: {total, results}; unknown parameters answer nothing', async () => {
    const r = await ddp.call('browseChannels', [{ text: 'zebra', type: 'channels', sortBy: 'name', sortDirection: 'asc', limit: 2 }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.result.total, 3);
    assert.deepEqual(r.result.results.map((x) => x.name), ['zebra-hers', 'zebra-mine']);
    assert.ok(r.result.results[0].ts.$date, 'DDP dates are EJSON');
    const page = await ddp.call('browseChannels', [{ text: 'zebra', page: 1, limit: 2 }]);
    assert.deepEqual(page.result.results.map((x) => x.name), ['zebra-open']);
    for (const params of [{ type: 'bots' }, { sortDirection: 'up' }, { type: 'users', sortBy: 'usersCount2' }]) {
      const none = await ddp.call('browseChannels', [params]);
      assert.equal(none.error, undefined);
      assert.equal('result' in none, false, JSON.stringify(params));
    }
    const bad = await ddp.call('browseChannels', ['zebra']);
    assert.equal(bad.error?.reason, 'Match failed');
  });
});
