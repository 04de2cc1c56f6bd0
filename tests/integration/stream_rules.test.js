// Black-box: who may open which stream and what a client may send through one (issue 9,
// defects 3 and 4; docs/architecture.md, "Realtime events").
//  - stream-notify-user relays only webrtc (anyone), otr (OTR_Enable, between the two sides of
//    a room) to another user; a forged notification, rooms-changed, force_logout, ... is
//    refused as Rocket.Chat's streamer refuses a write (an empty result) and reaches nobody.
//  - stream-notify-room-users relays webrtc to the room's other members, nothing else.
//  - __my_messages__ needs a login; notify-all stays open before login.
//  - A connection holds at most PARLEY_DDP_MAX_SUBSCRIPTIONS subscriptions; over it, `nosub`
//    with too-many-subscriptions, and nothing is registered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpConnect, ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, loginAdmin, post, sleep, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
// How long a test waits to be sure a refused event did not arrive after its barrier.
const QUIET_MS = 300;

const changed = (collection, eventName) => (m) =>
  m.msg === 'changed' && m.collection === collection && m.fields?.eventName === eventName;
const OPTIONS = { useCollection: false, args: [false] };

// A refused stream write answers like an accepted one: a result without `result` or `error`.
function assertEmptyResult(frame, what) {
  assert.equal(frame.msg, 'result', what);
  assert.equal(frame.error, undefined, `${what}: ${JSON.stringify(frame)}`);
  assert.equal(frame.result, undefined, `${what}: ${JSON.stringify(frame)}`);
}

describe('stream write rules', () => {
  let server;
  let admin;
  const users = {};
  const clients = [];
  let dm; // alice <-> bob
  let channel; // alice, bob, carol

  const connectAs = (name) => ddpLoggedIn(server, name, PASSWORD, clients);
  const restAs = async (name) => {
    const r = await post(server, '/api/v1/login', { user: name, password: PASSWORD });
    return { userId: r.body.data.userId, authToken: r.body.data.authToken };
  };
  const listen = async (c, name, eventName) => {
    const answer = await c.sub(name, [eventName, OPTIONS]);
    assert.equal(answer.msg, 'ready', `${name} ${eventName}: ${JSON.stringify(answer)}`);
  };
  // Emits a webrtc event to `victim` from `from` and waits until it arrives: every event the
  // same sender published for that user before it has been delivered by then.
  const barrier = async (from, victim, victimId) => {
    const token = `barrier-${Math.random()}`;
    assertEmptyResult(await from.call('stream-notify-user', [`${victimId}/webrtc`, 'ping', { token }]), 'barrier');
    await victim.waitFor(
      (m) => changed('stream-notify-user', `${victimId}/webrtc`)(m) && m.fields.args[1]?.token === token,
      { what: 'the webrtc barrier' },
    );
    await sleep(QUIET_MS);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const name of ['alice', 'bob', 'carol', 'mallory']) {
      users[name] = await createUser(server, admin, {
        username: name,
        name: `Name ${name}`,
        email: `${name}@example.com`,
        password: PASSWORD,
      });
    }
    let r = await post(server, '/api/v1/im.create', { username: 'bob' }, { auth: await restAs('alice') });
    assert.equal(r.status, 200, r.text);
    dm = r.body.room;
    r = await post(server, '/api/v1/channels.create', { name: 'plaza', members: ['bob', 'carol'] }, { auth: await restAs('alice') });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test("a logged-in user cannot forge another user's events; webrtc still relays", async () => {
    const alice = await connectAs('alice');
    const mallory = await connectAs('mallory');
    const uid = users.alice._id;
    const forged = ['notification', 'rooms-changed', 'subscriptions-changed', 'force_logout', 'message', 'userData', 'uiInteraction'];
    for (const event of [...forged, 'webrtc']) await listen(alice, 'stream-notify-user', `${uid}/${event}`);

    const fakeNotification = {
      title: 'IT department',
      text: 'Your password expired: log in again at https://evil.example',
      payload: { _id: 'x', rid: dm._id, sender: { _id: users.bob._id, username: 'bob' }, type: 'd' },
    };
    const payloads = {
      notification: [fakeNotification],
      'rooms-changed': ['removed', { _id: dm._id }],
      'subscriptions-changed': ['removed', { _id: 'x', rid: dm._id }],
      force_logout: [],
      message: [{ _id: 'eph', rid: dm._id, msg: 'forged', u: { _id: 'rocket.cat', username: 'rocket.cat' } }],
      userData: [{ type: 'updated', id: uid, diff: { roles: ['admin'] }, unset: {} }],
      uiInteraction: [{ type: 'modal.open' }],
    };
    for (const event of forged) {
      const r = await mallory.call('stream-notify-user', [`${uid}/${event}`, ...payloads[event]]);
      assertEmptyResult(r, `forged ${event}`);
    }
    await barrier(mallory, alice, uid);
    // Only the forged payloads count: the server's own events (alice's userData when her
    // status turns online) may arrive meanwhile.
    for (const event of forged) {
      const forgedArgs = JSON.stringify(payloads[event]);
      assert.equal(
        alice.frames.filter((f) => changed('stream-notify-user', `${uid}/${event}`)(f) && JSON.stringify(f.fields.args) === forgedArgs).length,
        0,
        `a forged ${event} reached alice`,
      );
    }
    // The webrtc barrier itself came from mallory: that relay is allowed, as in Rocket.Chat.
    const relayed = alice.frames.filter(changed('stream-notify-user', `${uid}/webrtc`));
    assert.equal(relayed.length, 1);
    assert.equal(relayed[0].fields.args[0], 'ping');
    // Never echoed to the emitting connection.
    assert.equal(mallory.frames.filter((m) => m.msg === 'changed').length, 0);
  });

  test('webrtc relays even from a connection that has not logged in', async () => {
    const alice = await connectAs('alice');
    const uid = users.alice._id;
    await listen(alice, 'stream-notify-user', `${uid}/webrtc`);
    await listen(alice, 'stream-notify-user', `${uid}/notification`);
    const anon = await ddpConnect(server);
    clients.push(anon);
    assertEmptyResult(await anon.call('stream-notify-user', [`${uid}/notification`, { title: 'anon' }]), 'anon notification');
    await barrier(anon, alice, uid);
    assert.equal(alice.frames.filter(changed('stream-notify-user', `${uid}/notification`)).length, 0);
  });

  test('otr relays a handshake between the two sides of a room, while OTR_Enable is on', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const carol = await connectAs('carol');
    const uid = users.alice._id;
    await listen(alice, 'stream-notify-user', `${uid}/otr`);
    await listen(alice, 'stream-notify-user', `${uid}/webrtc`);
    const handshake = (from, extra = {}) => ['handshake', { roomId: dm._id, userId: from, publicKey: '{"kty":"EC"}', ...extra }];

    assertEmptyResult(await bob.call('stream-notify-user', [`${uid}/otr`, ...handshake(users.bob._id)]), 'otr handshake');
    const got = await alice.waitFor(changed('stream-notify-user', `${uid}/otr`), { what: 'the otr handshake' });
    assert.deepEqual(got.fields.args, handshake(users.bob._id));
    for (const step of ['acknowledge', 'deny', 'end']) {
      await bob.call('stream-notify-user', [`${uid}/otr`, step, { roomId: dm._id, userId: users.bob._id }]);
    }
    await barrier(bob, alice, uid);
    const steps = () => alice.frames.filter(changed('stream-notify-user', `${uid}/otr`)).map((m) => m.fields.args[0]);
    assert.deepEqual(steps(), ['handshake', 'acknowledge', 'deny', 'end']);

    // Refused: speaking as someone else, a room the sender is not in, a step clients never
    // send, no payload, and carol (not in the DM) naming it.
    const refused = [
      [bob, [`${uid}/otr`, ...handshake(users.carol._id)]],
      [bob, [`${uid}/otr`, 'handshake', { roomId: 'no-such-room', userId: users.bob._id }]],
      [bob, [`${uid}/otr`, 'rooms-changed', { roomId: dm._id, userId: users.bob._id }]],
      [bob, [`${uid}/otr`, 'handshake']],
      [carol, [`${uid}/otr`, ...handshake(users.carol._id)]],
    ];
    for (const [who, params] of refused) assertEmptyResult(await who.call('stream-notify-user', params), JSON.stringify(params));
    await barrier(bob, alice, uid);
    assert.deepEqual(steps(), ['handshake', 'acknowledge', 'deny', 'end'], 'a refused otr event arrived');

    // OTR_Enable off: even a proper handshake is refused.
    const off = await post(server, '/api/v1/settings/OTR_Enable', { value: false }, { auth: admin });
    assert.equal(off.status, 200, off.text);
    try {
      assertEmptyResult(await bob.call('stream-notify-user', [`${uid}/otr`, ...handshake(users.bob._id)]), 'otr while off');
      await barrier(bob, alice, uid);
      assert.equal(steps().length, 4, 'an otr event arrived while OTR_Enable was off');
    } finally {
      await post(server, '/api/v1/settings/OTR_Enable', { value: true }, { auth: admin });
    }
  });

  test('video-conference events are refused: parley holds no call to check them against', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const uid = users.alice._id;
    await listen(alice, 'stream-notify-user', `${uid}/video-conference`);
    await listen(alice, 'stream-notify-user', `${uid}/webrtc`);
    const call = { action: 'call', params: { uid: users.bob._id, rid: dm._id, callId: 'call-1' } };
    assertEmptyResult(await bob.call('stream-notify-user', [`${uid}/video-conference`, call]), 'video-conference');
    await barrier(bob, alice, uid);
    assert.equal(alice.frames.filter(changed('stream-notify-user', `${uid}/video-conference`)).length, 0);
  });

  test("stream-notify-room-users relays webrtc to the room's other members and nothing else", async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const mallory = await connectAs('mallory');
    const uid = users.alice._id;
    for (const event of ['webrtc', 'notification', 'force_logout']) await listen(alice, 'stream-notify-user', `${uid}/${event}`);
    await listen(bob, 'stream-notify-user', `${users.bob._id}/webrtc`);

    const call = ['call', { from: users.bob._id, room: dm._id, media: { audio: true } }];
    assertEmptyResult(await bob.call('stream-notify-room-users', [`${dm._id}/webrtc`, ...call]), 'room-users webrtc');
    const got = await alice.waitFor(changed('stream-notify-user', `${uid}/webrtc`), { what: 'the relayed webrtc' });
    assert.deepEqual(got.fields.args, call);

    assertEmptyResult(
      await bob.call('stream-notify-room-users', [`${dm._id}/notification`, { title: 'forged' }]),
      'room-users notification',
    );
    assertEmptyResult(await bob.call('stream-notify-room-users', [`${dm._id}/force_logout`]), 'room-users force_logout');
    // mallory is not in the room: not even webrtc goes through.
    assertEmptyResult(await mallory.call('stream-notify-room-users', [`${dm._id}/webrtc`, 'call', { from: 'mallory' }]), 'outsider');
    const anon = await ddpConnect(server);
    clients.push(anon);
    assertEmptyResult(await anon.call('stream-notify-room-users', [`${dm._id}/webrtc`, 'call', { from: 'anon' }]), 'anonymous');
    await barrier(bob, alice, uid);
    assert.equal(alice.frames.filter(changed('stream-notify-user', `${uid}/notification`)).length, 0);
    assert.equal(alice.frames.filter(changed('stream-notify-user', `${uid}/force_logout`)).length, 0);
    const relayed = alice.frames.filter(changed('stream-notify-user', `${uid}/webrtc`));
    assert.equal(relayed.length, 2, 'only bob\'s call and the barrier'); // bob's relay + barrier
    // The sender is not among the receivers.
    assert.equal(bob.frames.filter(changed('stream-notify-user', `${users.bob._id}/webrtc`)).length, 0);
  });

  test('stream-notify-room emits other than typing, user-activity and webrtc reach nobody', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const rid = channel._id;
    for (const event of ['deleteMessage', 'deleteMessageBulk', 'messagesRead', 'user-activity']) {
      await listen(alice, 'stream-notify-room', `${rid}/${event}`);
    }
    assertEmptyResult(await bob.call('stream-notify-room', [`${rid}/deleteMessage`, { _id: 'x' }]), 'deleteMessage');
    assertEmptyResult(await bob.call('stream-notify-room', [`${rid}/deleteMessageBulk`, { rid }]), 'deleteMessageBulk');
    assertEmptyResult(await bob.call('stream-notify-room', [`${rid}/messagesRead`, { until: 0 }]), 'messagesRead');
    // bob speaking for alice is refused too; bob speaking for himself is the barrier.
    assertEmptyResult(await bob.call('stream-notify-room', [`${rid}/user-activity`, 'alice', ['user-typing']]), 'forged typing');
    await bob.call('stream-notify-room', [`${rid}/user-activity`, 'bob', ['user-typing']]);
    await alice.waitFor((m) => changed('stream-notify-room', `${rid}/user-activity`)(m) && m.fields.args[0] === 'bob', {
      what: "bob's typing",
    });
    await sleep(QUIET_MS);
    for (const event of ['deleteMessage', 'deleteMessageBulk', 'messagesRead']) {
      assert.equal(alice.frames.filter(changed('stream-notify-room', `${rid}/${event}`)).length, 0, event);
    }
    assert.equal(
      alice.frames.filter((m) => changed('stream-notify-room', `${rid}/user-activity`)(m) && m.fields.args[0] === 'alice').length,
      0,
    );
  });
});

describe('stream read rules', () => {
  let server;
  const clients = [];

  before(async () => {
    server = await startServer();
    const admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'dora', name: 'Dora', email: 'dora@example.com', password: PASSWORD });
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('__my_messages__ needs a login; public settings do not', async () => {
    const c = await ddpConnect(server);
    clients.push(c);
    const settings = await c.sub('stream-notify-all', ['public-settings-changed', false]);
    assert.equal(settings.msg, 'ready', JSON.stringify(settings));
    const before = await c.sub('stream-room-messages', ['__my_messages__', OPTIONS]);
    assert.equal(before.msg, 'nosub', JSON.stringify(before));
    assertMeteorError(assert, before.error, 'not-allowed');
    const login = await c.loginPassword('dora', PASSWORD);
    assert.ok(login.result?.token, JSON.stringify(login));
    const afterLogin = await c.sub('stream-room-messages', ['__my_messages__', OPTIONS]);
    assert.equal(afterLogin.msg, 'ready', JSON.stringify(afterLogin));
  });
});

describe('subscriptions per connection', () => {
  const CAP = 5;
  let server;
  let admin;
  let dora;
  const clients = [];

  before(async () => {
    server = await startServer({ env: { PARLEY_DDP_MAX_SUBSCRIPTIONS: String(CAP) } });
    admin = await loginAdmin(server);
    dora = await createUser(server, admin, { username: 'dora', name: 'Dora', email: 'dora@example.com', password: PASSWORD });
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  const openSubscriptions = async (stream) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`parley_ddp_stream_subscriptions{stream="${stream}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  test('the subscription over the cap is a nosub and registers nothing; an unsub frees a slot', async () => {
    const c = await ddpLoggedIn(server, 'dora', PASSWORD, clients);
    const uid = dora._id;
    // Streams and other publications count alike.
    assert.equal((await c.sub('meteor.loginServiceConfiguration', [], { id: 'cfg' })).msg, 'ready');
    for (const event of ['notification', 'rooms-changed', 'subscriptions-changed', 'message']) {
      const r = await c.sub('stream-notify-user', [`${uid}/${event}`, OPTIONS], { id: event });
      assert.equal(r.msg, 'ready', JSON.stringify(r));
    }
    const userStreamsBefore = await openSubscriptions('stream-notify-user');

    const over = await c.sub('stream-notify-user', [`${uid}/userData`, OPTIONS], { id: 'over' });
    assert.equal(over.msg, 'nosub', JSON.stringify(over));
    assertMeteorError(assert, over.error, 'too-many-subscriptions');
    assert.equal(await openSubscriptions('stream-notify-user'), userStreamsBefore, 'the refused subscription was registered');
    const overPub = await c.sub('meteor.loginServiceConfiguration', [], { id: 'over2' });
    assert.equal(overPub.msg, 'nosub');
    assertMeteorError(assert, overPub.error, 'too-many-subscriptions');

    // An unsub frees a slot, once.
    c.sendJson({ msg: 'unsub', id: 'message' });
    await c.waitFor((m) => m.msg === 'nosub' && m.id === 'message' && !m.error, { what: 'nosub of the unsub' });
    assert.equal((await c.sub('stream-notify-user', [`${uid}/userData`, OPTIONS], { id: 'userData' })).msg, 'ready');
    assert.equal((await c.sub('stream-notify-user', [`${uid}/force_logout`, OPTIONS], { id: 'again' })).msg, 'nosub');

    // The cap is per connection: another one of the same user starts from zero.
    const other = await ddpLoggedIn(server, 'dora', PASSWORD, clients);
    assert.equal((await other.sub('stream-notify-user', [`${uid}/notification`, OPTIONS])).msg, 'ready');
  });

  test('repeating an open sub id is ignored: no second ready, no second copy, no second slot', async () => {
    const c = await ddpConnect(server);
    clients.push(c);
    assert.equal((await c.sub('stream-notify-all', ['public-settings-changed', false], { id: 'dup' })).msg, 'ready');
    c.sendJson({ msg: 'sub', id: 'dup', name: 'stream-notify-all', params: ['public-settings-changed', false] });
    // Four more fit (5 in all); a repeated id that had counted would make the fourth a nosub.
    for (let i = 0; i < CAP - 1; i++) {
      const r = await c.sub('meteor.loginServiceConfiguration', [], { id: `cfg${i}` });
      assert.equal(r.msg, 'ready', JSON.stringify(r));
    }
    assert.equal(c.frames.filter((m) => m.msg === 'ready' && m.subs.includes('dup')).length, 1);
    const set = await post(server, '/api/v1/settings/Message_MaxAllowedSize', { value: 4321 }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    await c.waitFor((m) => changed('stream-notify-all', 'public-settings-changed')(m) && m.fields.args[1]?.value === 4321, {
      what: 'the setting change',
    });
    await sleep(QUIET_MS);
    assert.equal(c.frames.filter(changed('stream-notify-all', 'public-settings-changed')).length, 1);
  });
});

describe('subscriptions per connection, default cap', () => {
  let server;
  const clients = [];

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test("the default holds what Rocket.Chat 7's web client opens", async () => {
    const admin = await loginAdmin(server);
    const c = await ddpLoggedIn(server, 'admin', ADMIN.password, clients);
    const uid = admin.userId;
    const events = ['rooms-changed', 'subscriptions-changed', 'userData', 'message', 'notification', 'force_logout', 'otr',
      'webrtc', 'video-conference', 'uiInteraction', 'calendar', 'banners'];
    let n = 0;
    for (let round = 0; round < 10; round++) {
      for (const event of events) {
        const r = await c.sub('stream-notify-user', [`${uid}/${event}`, OPTIONS]);
        assert.equal(r.msg, 'ready', `subscription ${n}: ${JSON.stringify(r)}`);
        n++;
      }
    }
    assert.ok(n >= 100);
  });
});
