// Black-box: what a fresh server has (issue 11, item 6), as Rocket.Chat's first start makes it
// (apps/meteor/server/startup/initialData.ts): the rocket.cat bot (_id and username
// 'rocket.cat', name 'Rocket.Cat', type bot, role bot, online, active, no password), #general
// (_id GENERAL, default) with the bootstrap admin in it, and new users joining it. A restart
// adds nothing twice and does not take rocket.cat offline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, createUser, get, login, loginAdmin, post, sleep, startServer } from './server.js';

const PASSWORD = 'Fresh-server-pass-1';

describe('a fresh server', () => {
  let server;
  let admin;

  const userInfo = async (query) => {
    const r = await get(server, `/api/v1/users.info?${query}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r.body.user;
  };
  const generalMembers = async () => {
    const r = await get(server, '/api/v1/channels.members?roomId=GENERAL&count=0', { auth: admin });
    assert.equal(r.status, 200, r.text);
    return r.body.members.map((m) => m.username);
  };

  before(async () => {
    // A short presence grace, so a restart that wrongly adopted rocket.cat would show it offline.
    server = await startServer({ env: { PARLEY_PRESENCE_GRACE_MS: '200' } });
    admin = await loginAdmin(server);
  });

  after(async () => {
    await server?.dispose();
  });

  test('has the rocket.cat bot as Rocket.Chat creates it', async () => {
    const cat = await userInfo('username=rocket.cat');
    assert.equal(cat._id, 'rocket.cat');
    assert.equal(cat.username, 'rocket.cat');
    assert.equal(cat.name, 'Rocket.Cat');
    assert.equal(cat.type, 'bot');
    assert.deepEqual(cat.roles, ['bot']);
    assert.equal(cat.status, 'online');
    assert.equal(cat.active, true);
    const byId = await userInfo('userId=rocket.cat');
    assert.equal(byId.username, 'rocket.cat');
  });

  test('rocket.cat cannot log in: it has no password', async () => {
    const r = await post(server, '/api/v1/login', { user: 'rocket.cat', password: 'anything-at-all' });
    // Meteor's answer for an account without a password: error 403, "User has no password set".
    assert.equal(r.status, 401, r.text);
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.error, 403);
    assert.equal(r.body.message, 'User has no password set');
  });

  test('has #general with the bootstrap admin in it, and new users join it', async () => {
    const info = await get(server, '/api/v1/channels.info?roomName=general', { auth: admin });
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.channel._id, 'GENERAL');
    assert.equal(info.body.channel.t, 'c');
    assert.equal(info.body.channel.default, true);
    assert.deepEqual(await generalMembers(), [ADMIN.username]);

    await createUser(server, admin, { username: 'newbie', name: 'Newbie', email: 'newbie@example.com', password: PASSWORD });
    assert.deepEqual((await generalMembers()).sort(), [ADMIN.username, 'newbie'].sort());
    const auth = await login(server, 'newbie', PASSWORD);
    const mine = await get(server, '/api/v1/channels.list.joined', { auth });
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.channels.map((c) => c._id), ['GENERAL']);
  });

  test('a restart creates nothing twice and leaves rocket.cat online', async () => {
    const usersBefore = await get(server, '/api/v1/users.list?count=0', { auth: admin });
    assert.equal(usersBefore.status, 200, usersBefore.text);
    await server.stop();
    await server.start();
    admin = await loginAdmin(server);
    await sleep(1500); // well past the presence grace and several presence flushes
    const cat = await userInfo('username=rocket.cat');
    assert.equal(cat.status, 'online');
    const usersAfter = await get(server, '/api/v1/users.list?count=0', { auth: admin });
    assert.equal(usersAfter.body.total, usersBefore.body.total);
    assert.equal(usersAfter.body.users.filter((u) => u.username === 'rocket.cat').length, 1);
    const channels = await get(server, '/api/v1/channels.list?count=0', { auth: admin });
    assert.equal(channels.body.channels.filter((c) => c._id === 'GENERAL').length, 1);
  });
});
