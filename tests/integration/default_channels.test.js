// Black-box: what a new team finds on a fresh server (issue 14), as Rocket.Chat does it:
// #general (_id GENERAL, default: true) from the first start with the bootstrap admin in it
// (server/startup/initialData.ts), new users joining every default room
// (apps/meteor/app/lib/server/functions/addUserToDefaultChannels.ts; users.create's
// joinDefaultChannels), and channels.setDefault (apps/meteor/app/api/server/v1/channels.ts,
// saveRoomSettings' view-room-administration).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Default-test-pass-1';

describe('default channels', () => {
  let server;
  let admin;
  let n = 0;

  const fields = (extra = {}) => {
    const username = `dc${++n}`;
    return { username, name: `Name ${username}`, email: `${username}@example.com`, ...extra };
  };
  const members = async (roomId) => {
    const r = await get(server, `/api/v1/channels.members?roomId=${roomId}&count=0`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    return r.body.members.map((m) => m.username);
  };
  const info = async (roomId) => {
    const r = await get(server, `/api/v1/channels.info?roomId=${roomId}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    return r.body.channel;
  };
  const lastMessageType = async (roomId, auth) => {
    const r = await get(server, `/api/v1/channels.messages?roomId=${roomId}&count=1`, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.messages[0]?.t;
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });

  after(async () => {
    await server?.dispose();
  });

  test('a fresh server has #general, a default channel with the admin in it', async () => {
    const general = await info('GENERAL');
    assert.equal(general._id, 'GENERAL');
    assert.equal(general.name, 'general');
    assert.equal(general.t, 'c');
    assert.equal(general.default, true);
    assert.deepEqual(await members('GENERAL'), [ADMIN.username]);
    // The admin joined silently, as Rocket.Chat's addUserToDefaultChannels(admin, true).
    const history = await get(server, '/api/v1/channels.messages?roomId=GENERAL', { auth: admin });
    assert.equal(history.body.total, 0, history.text);
    const byName = await get(server, '/api/v1/channels.info?roomName=general', { auth: admin });
    assert.equal(byName.body.channel?._id, 'GENERAL', byName.text);
  });

  test('users.create joins the default channels unless joinDefaultChannels is false', async () => {
    const joined = await createUser(server, admin, fields({ password: PASSWORD }));
    assert.ok((await members('GENERAL')).includes(joined.username));
    assert.equal(await lastMessageType('GENERAL', admin), 'uj');
    const auth = await login(server, joined.username, PASSWORD);
    const sub = await get(server, '/api/v1/subscriptions.getOne?roomId=GENERAL', { auth });
    assert.equal(sub.status, 200, sub.text);
    assert.equal(sub.body.subscription.alert, true);
    assert.deepEqual(sub.body.subscription.roles ?? [], []);

    const kept = await createUser(
      server,
      admin,
      fields({ password: PASSWORD, joinDefaultChannels: false }),
    );
    assert.ok(!(await members('GENERAL')).includes(kept.username));
  });

  test('users.register always joins the default channels', async () => {
    const f = fields();
    const r = await post(server, '/api/v1/users.register', { ...f, pass: PASSWORD });
    assert.equal(r.status, 200, r.text);
    assert.ok((await members('GENERAL')).includes(f.username));
  });

  test('channels.setDefault marks another default channel that later users join', async () => {
    const created = await post(server, '/api/v1/channels.create', { name: 'announcements' }, { auth: admin });
    assert.equal(created.status, 200, created.text);
    const rid = created.body.channel._id;
    assert.equal(created.body.channel.default, false);

    const set = await post(server, '/api/v1/channels.setDefault', { roomId: rid, default: true }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.success, true);
    assert.equal(set.body.channel._id, rid);
    assert.equal(set.body.channel.default, true);
    assert.equal((await info(rid)).default, true);

    const same = await post(server, '/api/v1/channels.setDefault', { roomId: rid, default: true }, { auth: admin });
    assert.equal(same.status, 400, same.text);
    assert.equal(same.body.errorType, 'error-channels-setdefault-missing-default-param');
    assert.equal(same.body.error, 'The channel default setting is the same as what it would be changed to.');
    const missing = await post(server, '/api/v1/channels.setDefault', { roomId: rid }, { auth: admin });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.body.errorType, 'error-channels-setdefault-is-same');

    const later = await createUser(server, admin, fields({ password: PASSWORD }));
    assert.ok((await members('GENERAL')).includes(later.username));
    assert.ok((await members(rid)).includes(later.username));

    const unset = await post(server, '/api/v1/channels.setDefault', { roomId: rid, default: false }, { auth: admin });
    assert.equal(unset.status, 200, unset.text);
    assert.equal(unset.body.channel.default, false);
    const last = await createUser(server, admin, fields({ password: PASSWORD }));
    assert.ok(!(await members(rid)).includes(last.username));
  });

  test('a user without view-room-administration gets Rocket.Chat refusal', async () => {
    const f = fields({ password: PASSWORD });
    await createUser(server, admin, f);
    const auth = await login(server, f.username, PASSWORD);
    // Even the channel's owner: edit-room passes, view-room-administration does not.
    const own = await post(server, '/api/v1/channels.create', { name: `own-${f.username}` }, { auth });
    assert.equal(own.status, 200, own.text);
    const mine = await post(
      server,
      '/api/v1/channels.setDefault',
      { roomId: own.body.channel._id, default: true },
      { auth },
    );
    assert.equal(mine.status, 400, mine.text);
    assert.equal(mine.body.success, false);
    assert.equal(mine.body.errorType, 'error-action-not-allowed');
    assert.equal(mine.body.error, 'Viewing room administration is not allowed [error-action-not-allowed]');
    // A plain member of #general cannot edit it at all.
    const general = await post(server, '/api/v1/channels.setDefault', { roomId: 'GENERAL', default: false }, { auth });
    assert.equal(general.status, 400, general.text);
    assert.equal(general.body.errorType, 'error-action-not-allowed');
    assert.equal(general.body.error, 'Editing room is not allowed [error-action-not-allowed]');
    assert.equal((await info('GENERAL')).default, true);
  });

  test('a restart keeps #general as it is', async () => {
    const before = await info('GENERAL');
    await server.stop();
    await server.start();
    admin = await loginAdmin(server);
    const after = await info('GENERAL');
    assert.equal(after.default, true);
    assert.equal(after.usersCount, before.usersCount);
    assert.equal(after.ts, before.ts);
    const channels = await get(server, '/api/v1/channels.list?count=0', { auth: admin });
    assert.equal(channels.body.channels.filter((c) => c.name === 'general').length, 1);
  });
});
