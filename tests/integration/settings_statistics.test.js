// Black-box: settings (environment, settings.public, an admin's change reaching DDP clients and
// taking effect) and statistics checked against what the test created, against the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpConnect } from './ddp.js';
import { createUser, get, login, loginAdmin, post, sleep, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('settings and statistics', () => {
  let server;
  let admin;
  const users = {};
  const clients = [];

  before(async () => {
    server = await startServer({
      env: {
        // `<id>` replaces the default; OVERWRITE_SETTING_<id> the value.
        Site_Name: 'Seeded name',
        OVERWRITE_SETTING_Message_MaxAllowedSize: '4000',
        PARLEY_PRESENCE_GRACE_MS: '200',
      },
    });
    admin = await loginAdmin(server);
    for (const name of ['ann', 'ben']) {
      users[name] = await createUser(server, admin, {
        username: name,
        name: `Name ${name}`,
        email: `${name}@example.com`,
        password: PASSWORD,
      });
      users[name].auth = await login(server, name, PASSWORD);
    }
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('settings.public answers anonymous clients with the environment applied', async () => {
    const r = await get(server, '/api/v1/settings.public?_id=Site_Name,Message_MaxAllowedSize,API_Enable_Rate_Limiter');
    assert.equal(r.status, 200, r.text);
    // Private settings are left out even when asked for by id.
    assert.deepEqual(
      r.body.settings.map((s) => [s._id, s.value]),
      [
        ['Message_MaxAllowedSize', 4000],
        ['Site_Name', 'Seeded name'],
      ],
    );
    assert.equal(r.body.total, 2);
  });

  test("an admin's change is announced on stream-notify-all and takes effect at once", async () => {
    const anon = await ddpConnect(server);
    clients.push(anon);
    const ready = await anon.sub('stream-notify-all', ['public-settings-changed', false]);
    assert.equal(ready.msg, 'ready', JSON.stringify(ready));

    const set = await post(server, '/api/v1/settings/Message_MaxAllowedSize', { value: 10 }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    const event = await anon.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-notify-all' && m.fields.eventName === 'public-settings-changed',
      { what: 'public-settings-changed' },
    );
    assert.deepEqual(event.fields.args, ['updated', { _id: 'Message_MaxAllowedSize', value: 10 }]);

    const channel = await post(server, '/api/v1/channels.create', { name: 'limits' }, { auth: users.ann.auth });
    assert.equal(channel.status, 200, channel.text);
    const tooLong = await post(
      server,
      '/api/v1/chat.sendMessage',
      { message: { rid: channel.body.channel._id, msg: 'eleven char' } },
      { auth: users.ann.auth },
    );
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.equal(tooLong.body.errorType, 'error-message-size-exceeded');

    // A wrong type is refused and changes nothing; a user without the permission is refused.
    const wrong = await post(server, '/api/v1/settings/Message_MaxAllowedSize', { value: 'big' }, { auth: admin });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.body.errorType, 'error-invalid-setting-value');
    const notAdmin = await post(server, '/api/v1/settings/Message_MaxAllowedSize', { value: 99 }, { auth: users.ann.auth });
    assert.equal(notAdmin.status, 403, notAdmin.text);
    const now = await get(server, '/api/v1/settings/Message_MaxAllowedSize', { auth: admin });
    assert.equal(now.body.value, 10);
    await post(server, '/api/v1/settings/Message_MaxAllowedSize', { value: 5000 }, { auth: admin });
  });

  test('closing registration through the settings refuses users.register', async () => {
    const closed = await post(server, '/api/v1/settings/Accounts_RegistrationForm', { value: 'Disabled' }, { auth: admin });
    assert.equal(closed.status, 200, closed.text);
    const r = await post(server, '/api/v1/users.register', {
      username: 'newbie',
      email: 'newbie@example.com',
      pass: PASSWORD,
      name: 'Newbie',
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.errorType, 'error-user-registration-disabled');
    await post(server, '/api/v1/settings/Accounts_RegistrationForm', { value: 'Public' }, { auth: admin });
  });

  test('statistics count what was created', async () => {
    const { ann, ben } = users;
    const group = await post(server, '/api/v1/groups.create', { name: 'secret', members: ['ben'] }, { auth: ann.auth });
    assert.equal(group.status, 200, group.text);
    const dm = await post(server, '/api/v1/im.create', { username: 'ben' }, { auth: ann.auth });
    assert.equal(dm.status, 200, dm.text);
    const before = (await get(server, '/api/v1/statistics?refresh=true', { auth: admin })).body;

    for (const text of ['one', 'two', 'three']) {
      const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid: dm.body.room._id, msg: text } }, { auth: ann.auth });
      assert.equal(r.status, 200, r.text);
    }
    const sent = await post(server, '/api/v1/chat.sendMessage', { message: { rid: group.body.group._id, msg: 'x' } }, { auth: ben.auth });
    await post(server, '/api/v1/chat.delete', { roomId: group.body.group._id, msgId: sent.body.message._id }, { auth: ben.auth });

    // ben comes online over DDP; the presence flush writes it within a fraction of a second.
    const c = await ddpConnect(server);
    clients.push(c);
    await c.loginPassword('ben', PASSWORD);
    let s;
    for (let i = 0; i < 50; i++) {
      s = (await get(server, '/api/v1/statistics?refresh=true', { auth: admin })).body;
      if (s.onlineUsers === 2) break; // ben and rocket.cat, online since the first start
      await sleep(100);
    }
    assert.equal(s.success, true);
    // admin, ann, ben and the rocket.cat bot (RC counts every user, bots too).
    assert.equal(s.totalUsers, 4);
    assert.equal(s.activeUsers, 4);
    assert.equal(s.nonActiveUsers, 0);
    assert.equal(s.onlineUsers, 2);
    assert.equal(s.onlineUsers + s.awayUsers + s.busyUsers + s.offlineUsers, 4);
    assert.equal(s.totalConnectedUsers, 1);
    assert.equal(s.totalChannels, 2); // #general (GENERAL) and "limits" from the test before
    assert.equal(s.totalPrivateGroups, 1);
    assert.equal(s.totalDirect, 1);
    assert.equal(s.totalRooms, 4);
    assert.equal(s.totalDirectMessages - before.totalDirectMessages, 3);
    // The group message was deleted: it does not count.
    assert.equal(s.totalPrivateGroupMessages, before.totalPrivateGroupMessages);
    assert.equal(s.totalMessages, s.totalChannelMessages + s.totalPrivateGroupMessages + s.totalDirectMessages + s.totalLivechatMessages);
    assert.equal(s.uploadsTotal, 0);
    assert.equal(s.totalThreads, 0);
    // The latest login (ben's, just now) and the latest message, as ISO dates.
    assert.ok(Date.parse(s.lastLogin) >= Date.parse(before.createdAt) - 1000, s.lastLogin);
    assert.ok(Date.parse(s.lastMessageSentAt) >= Date.parse(before.createdAt) - 1000, s.lastMessageSentAt);
    assert.equal(s.instanceCount, 1);
    assert.match(s.version, /^\d+\.\d+\.\d+/);
    assert.ok(s.process.uptime >= 0);
    assert.ok(Array.isArray(s.os.cpus) && s.os.cpus.length >= 1, JSON.stringify(s.os));
    assert.ok(s.uniqueId.length > 0);

    // Without refresh, the newest snapshot comes back; the list holds them all, newest first.
    const again = (await get(server, '/api/v1/statistics', { auth: admin })).body;
    assert.equal(again._id, s._id);
    const list = (await get(server, '/api/v1/statistics.list?count=1', { auth: admin })).body;
    assert.equal(list.statistics[0]._id, s._id);
    assert.ok(list.total >= 2);

    const refused = await get(server, '/api/v1/statistics', { auth: ann.auth });
    assert.equal(refused.status, 403);
  });

  test("the Prometheus scrape tells what the server is doing", async () => {
    const r = await fetch(`${server.url}/metrics`);
    assert.equal(r.status, 200);
    const text = await r.text();
    const value = (series) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      assert.ok(line, `${series} is missing from the scrape`);
      return Number(line.split(' ')[1]);
    };
    // ann's three DMs and ben's deleted group message were received; the rest of the
    // earlier tests' traffic was refused (too long) or system messages.
    assert.equal(value('parley_messages_received_total{room_type="d"}'), 3);
    assert.equal(value('parley_messages_received_total{room_type="p"}'), 1);
    assert.equal(value('parley_connected_users'), 1); // ben's DDP connection
    assert.equal(value('parley_presence_users{status="online"}'), 1);
    assert.equal(value('parley_ddp_stream_subscriptions{stream="stream-notify-all"}'), 1);
    assert.ok(value('parley_ddp_stream_frames_total{stream="stream-notify-all"}') >= 1);
    assert.ok(value('parley_ws_outbound_queued_bytes') >= 0);
    assert.equal(value('parley_ws_slow_consumer_cuts_total'), 0);
    assert.equal(value('parley_rate_limited_total{kind="rest"}'), 0);
  });
});
