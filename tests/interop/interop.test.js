// Interop: the real Rocket.Chat client library from npm (@rocket.chat/sdk 1.0.0-alpha.42, the
// "alpha" SDK that EmbeddedChat and the old livechat widget are built on) against the real
// parley binary. Nothing here imitates the server: the SDK speaks, parley answers.
//
// What the SDK does, read from node_modules/@rocket.chat/sdk/lib:
//   - Rocketchat (lib/clients/Rocketchat.js) extends the REST client (lib/api/api.js, global
//     fetch) and owns a DDP driver (lib/drivers/ddp.js, WebSocket from
//     `universal-websocket-client`, i.e. `ws` in Node).
//   - Rocketchat.login({username, password}) = REST POST /api/v1/login, then DDP `connect`
//     (version "1", support ["1","pre2","pre1"]) and method `login` with {resume: authToken}.
//     After a login the driver re-subscribes only what was subscribed before.
//   - subscribeRoom(rid) opens stream-room-messages <rid>, stream-notify-room <rid>/typing and
//     <rid>/deleteMessage with {useCollection:false, args:[]} and resolves when all three are
//     `ready` (it never handles `nosub`, so a refusal would hang it); onMessage(cb) hands each
//     stream-room-messages event's args[0] to cb with `ts` turned into a Date.
//   - subscribeNotifyUser / subscribeNotifyAll / subscribeLoggedNotify open the fixed event
//     lists EmbeddedChat opens (including <uid>/otr, /webrtc, /uiInteraction).
//   - sendMessage(text, rid) is REST chat.sendMessage.
//   - The DDP driver's own login({username, password}) sends {user:{username},
//     password:{digest: sha256(password), algorithm:"sha-256"}}.
//   - A socket closed with any code but 1000 makes the driver reopen it every 10 s, so every test
//     disconnects its clients (close 1000) before the server stops.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { ADMIN, assertServes, createUser, get, loginAdmin, post, startServer } from '../integration/server.js';

const require = createRequire(import.meta.url);
let sdk;
try {
  sdk = require('@rocket.chat/sdk');
} catch (err) {
  throw new Error(`@rocket.chat/sdk missing: run \`npm ci\` in tests/interop (scripts/test.sh does): ${err.message}`);
}
const { Rocketchat } = sdk;

// The SDK logs through an injectable logger; keep errors so a failure can show them.
function makeLogger() {
  const errors = [];
  return {
    errors,
    debug() {},
    info() {},
    warning() {},
    warn() {},
    error(...args) {
      errors.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    },
  };
}

describe('@rocket.chat/sdk 1.0.0-alpha.42 against parley', () => {
  let server;
  let adminId;
  const clients = [];

  const newClient = () => {
    const logger = makeLogger();
    const client = new Rocketchat({ host: server.url, logger });
    client.testLogger = logger;
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startServer();
    adminId = (await loginAdmin(server)).userId;
  });

  after(async () => {
    for (const c of clients) {
      await c.disconnect().catch(() => {});
    }
    await server?.dispose();
  });

  test('Rocketchat.login: REST login, then DDP resume with the REST token', async () => {
    const client = newClient();
    const resume = await client.login({ username: ADMIN.username, password: ADMIN.password });
    // REST half (lib/api/api.js Api.login)
    assert.equal(client.userId, adminId);
    assert.equal(client.currentLogin.userId, adminId);
    assert.equal(client.currentLogin.username, ADMIN.username);
    assert.ok(client.currentLogin.authToken.length >= 43);
    // DDP half (lib/drivers/ddp.js Socket.login with {resume})
    assert.ok(resume, `no DDP resume result; sdk errors: ${client.testLogger.errors.join(' | ')}`);
    assert.equal(resume.id, adminId);
    assert.equal(resume.token, client.currentLogin.authToken);
    assert.equal(typeof resume.tokenExpires?.$date, 'number');
    const socket = await client.socket;
    assert.equal(socket.userId, adminId);
    assert.equal(socket.ddp.loggedIn, true);
    await client.disconnect();
  });

  test('the SDK REST client reads users with the auth headers it got from login', async () => {
    const client = newClient();
    await client.login({ username: ADMIN.username, password: ADMIN.password });
    const info = await client.users.info(ADMIN.username);
    assert.equal(info._id, adminId);
    assert.equal(info.username, ADMIN.username);
    // users.list with the SDK's legacy `fields` / `query` JSON params
    const names = await client.users.allNames();
    assert.ok(names.includes(ADMIN.username), JSON.stringify(names));
    const all = await client.users.all();
    assert.ok(all.some((u) => u._id === adminId));
    await client.disconnect();
  });

  test('info() reads the server version from /api/v1/info', async () => {
    const client = newClient();
    const info = await client.info();
    assert.ok(info, 'no info object');
    assert.equal(typeof info.version, 'string');
    assert.match(info.version, /^\d+\.\d+\.\d+/);
  });

  test('DDP driver login with username and password (sha-256 digest)', async () => {
    const client = newClient();
    await client.connect({});
    const socket = await client.socket;
    const result = await socket.login({ username: ADMIN.username, password: ADMIN.password });
    assert.equal(result.id, adminId);
    assert.equal(socket.userId, adminId);
    assert.equal(typeof result.token, 'string');
    assert.equal(result.type, 'password');

    // A second client resumes with that DDP token (EmbeddedChat's reload path).
    const other = newClient();
    await other.connect({});
    const resumed = await other.resume({ token: result.token });
    assert.equal(resumed.id, adminId);
    assert.equal(resumed.type, 'resume');

    // And the DDP token works for REST.
    const me = await get(server, '/api/v1/me', { auth: { userId: result.id, authToken: result.token } });
    assert.equal(me.status, 200, me.text);
    await other.disconnect();
    await client.disconnect();
  });

  test('a wrong password is rejected with the Meteor error the SDK passes through', async () => {
    const client = newClient();
    await client.connect({});
    const socket = await client.socket;
    await assert.rejects(socket.login({ username: ADMIN.username, password: 'wrong-password' }), (err) => {
      assert.equal(err.error, 403, JSON.stringify(err));
      assert.equal(err.reason, 'Incorrect password');
      return true;
    });
    // REST: the SDK throws the {status, data} pair it got.
    const rest = newClient();
    await assert.rejects(rest.login({ username: ADMIN.username, password: 'wrong-password' }), (err) => {
      assert.equal(err.status, 401, JSON.stringify(err));
      assert.equal(err.data.error, 403);
      return true;
    });
    await client.disconnect();
  });

  test('a user created over REST logs in through the SDK', async () => {
    const admin = await loginAdmin(server);
    const u = await createUser(server, admin, {
      email: 'sdk-user@example.com',
      name: 'SDK User',
      password: 'sdk-pass-1',
      username: 'sdkuser',
    });
    const client = newClient();
    const resume = await client.login({ username: 'sdkuser', password: 'sdk-pass-1' });
    assert.equal(client.userId, u._id);
    assert.equal(resume.id, u._id);
    await client.disconnect();
  });

  test('methodCall of an unknown method rejects with error 404', async () => {
    const client = newClient();
    await client.login({ username: ADMIN.username, password: ADMIN.password });
    await assert.rejects(client.methodCall('noSuchMethodForSdk'), (err) => {
      assert.equal(err.error, 404, JSON.stringify(err));
      return true;
    });
    await client.disconnect();
  });

  test('REST logout through the SDK ends the token', async () => {
    const client = newClient();
    await client.login({ username: ADMIN.username, password: ADMIN.password });
    const token = client.currentLogin.authToken;
    await client.disconnect();
    const out = await client.logout();
    assert.equal(out.status, 'success');
    const me = await get(server, '/api/v1/me', { auth: { userId: adminId, authToken: token } });
    assert.equal(me.status, 401);
  });

  test('subscribeRoom + onMessage: a message another user posts arrives live', async () => {
    const admin = await loginAdmin(server);
    for (const username of ['listener', 'speaker']) {
      await createUser(server, admin, {
        email: `${username}@example.com`,
        name: username,
        password: 'sdk-pass-1',
        username,
      });
    }
    const created = await post(server, '/api/v1/channels.create', { name: 'sdk-room', members: ['listener', 'speaker'] }, { auth: admin });
    assert.equal(created.status, 200, created.text);
    const rid = created.body.channel._id;

    const listener = newClient();
    await listener.login({ username: 'listener', password: 'sdk-pass-1' });
    const received = [];
    let wake = () => {};
    await listener.subscribeRoom(rid);
    await listener.onMessage((message) => {
      received.push(message);
      wake();
    });
    // The per-user and global streams EmbeddedChat opens must all become ready.
    await listener.subscribeNotifyUser();
    await listener.subscribeNotifyAll();
    await listener.subscribeLoggedNotify();

    const speaker = newClient();
    await speaker.login({ username: 'speaker', password: 'sdk-pass-1' });
    const sent = await speaker.sendMessage('hello from the speaker', rid);
    const id = sent.message?._id ?? sent._id;
    assert.ok(id, JSON.stringify(sent));
    const arrived = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message; got ${JSON.stringify(received)}`)), 10_000);
      wake = () => {
        const m = received.find((r) => r._id === id);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      wake();
    });
    assert.equal(arrived.msg, 'hello from the speaker');
    assert.equal(arrived.rid, rid);
    assert.equal(arrived.u.username, 'speaker');
    assert.ok(arrived.ts instanceof Date && !Number.isNaN(arrived.ts.getTime()));
    assert.ok(Array.isArray(arrived.md) && arrived.md.length > 0, 'md is what EmbeddedChat renders');
    assert.deepEqual(listener.testLogger.errors, []);
    await speaker.disconnect();
    await listener.disconnect();
  });

  test('a discussion through the SDK REST client: created, announced live, counted, refused when nested', async () => {
    const admin = await loginAdmin(server);
    await createUser(server, admin, { email: 'dora@example.com', name: 'dora', password: 'sdk-pass-1', username: 'dora' });
    const created = await post(server, '/api/v1/channels.create', { name: 'sdk-parent', members: ['dora'] }, { auth: admin });
    assert.equal(created.status, 200, created.text);
    const prid = created.body.channel._id;

    const client = newClient();
    await client.login({ username: 'dora', password: 'sdk-pass-1' });
    const received = [];
    await client.subscribeRoom(prid);
    await client.onMessage((message) => received.push(message));

    // rooms.createDiscussion as RC's mobile app and EmbeddedChat post it (Api.post).
    const made = await client.post('rooms.createDiscussion', { prid, t_name: 'SDK talk', users: [], reply: 'first words' });
    assert.equal(made.success, true);
    const discussion = made.discussion;
    assert.equal(discussion.prid, prid);
    assert.equal(discussion.fname, 'SDK talk');
    assert.equal(discussion.rid, discussion._id);

    const link = await new Promise((resolve, reject) => {
      const deadline = Date.now() + 10_000;
      const poll = () => {
        const m = received.find((r) => r.t === 'discussion-created' && r.drid === discussion._id);
        if (m) return resolve(m);
        if (Date.now() > deadline) return reject(new Error(`no discussion-created; got ${JSON.stringify(received)}`));
        setTimeout(poll, 20);
      };
      poll();
    });
    assert.equal(link.msg, 'SDK talk');
    assert.ok(link.ts instanceof Date);

    const listed = await client.get('chat.getDiscussions', { roomId: prid });
    assert.equal(listed.total, 1);
    assert.equal(listed.messages[0].drid, discussion._id);
    assert.equal(listed.messages[0].dcount, 1, 'the reply is counted on the link');
    const rooms = await client.get('rooms.getDiscussions', { roomId: prid });
    assert.deepEqual(rooms.discussions.map((d) => d._id), [discussion._id]);

    // The SDK rejects with {status, data}: RC's error id is in the body.
    const nested = await client.post('rooms.createDiscussion', { prid: discussion._id, t_name: 'deeper' }).then(
      () => null,
      (err) => err,
    );
    assert.equal(nested?.status, 400, JSON.stringify(nested));
    assert.equal(nested.data.success, false);
    assert.equal(nested.data.errorType, 'error-nested-discussion');
    await client.disconnect();
  });

  test('teams through the SDK REST client: create, members, rooms, info, delete', async () => {
    const admin = await loginAdmin(server);
    const crew = await createUser(server, admin, {
      email: 'crew@example.com',
      name: 'Crew',
      password: 'sdk-pass-1',
      username: 'crew',
    });
    await createUser(server, admin, {
      email: 'captain@example.com',
      name: 'Captain',
      password: 'sdk-pass-1',
      username: 'captain',
    });
    const client = newClient();
    await client.login({ username: 'captain', password: 'sdk-pass-1' });

    // Api.post / Api.get return the body of a 2xx and throw {status, data} otherwise.
    const { team } = await client.post('teams.create', { name: 'sdk-team', type: 0 });
    assert.equal(team.name, 'sdk-team');
    assert.equal(team.type, 0);
    assert.equal(team.createdBy.username, 'captain');
    const added = await client.post('teams.addMembers', { teamId: team._id, members: [{ userId: crew._id }] });
    assert.equal(added.success, true);
    const members = await client.get('teams.members', { teamId: team._id });
    assert.deepEqual(members.members.map((m) => m.user.username).sort(), ['captain', 'crew']);
    assert.equal(members.total, 2);

    const { channel } = await client.post('channels.create', { name: 'sdk-team-room' });
    const moved = await client.post('teams.addRooms', { teamId: team._id, rooms: [channel._id] });
    assert.equal(moved.rooms[0].teamId, team._id);
    const listed = await client.get('teams.listRooms', { teamId: team._id });
    assert.deepEqual(listed.rooms.map((r) => r.name), ['sdk-team-room']);
    const { teamInfo } = await client.get('teams.info', { teamName: 'sdk-team' });
    assert.equal(teamInfo._id, team._id);
    const main = await client.get('rooms.info', { roomId: team.roomId });
    assert.equal(main.room.teamMain, true);

    await assert.rejects(client.post('teams.delete', { teamId: 'no-such-team' }), (err) => {
      assert.equal(err.status, 400, JSON.stringify(err));
      assert.equal(err.data.error, 'team-does-not-exist');
      return true;
    });
    const deleted = await client.post('teams.delete', { teamId: team._id, roomsToRemove: [channel._id] });
    assert.equal(deleted.success, true);
    const mine = await client.get('teams.list', {});
    assert.deepEqual(mine.teams, []);
    await client.disconnect();
  });

  test('the server is unharmed and exits 0 on SIGTERM', async () => {
    for (const c of clients) await c.disconnect().catch(() => {});
    await assertServes(server);
    await server.stopClean();
  });
});
