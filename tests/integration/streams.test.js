// Black-box: two real DDP clients chat through the real binary (rc-api.md §3, §5): messages,
// typing, edits, reactions, threads and deletes arrive live; private rooms stay private;
// resending a message never duplicates it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { createUser, get, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

const changed = (collection, eventName) => (m) =>
  m.msg === 'changed' && m.collection === collection && m.fields?.eventName === eventName;

describe('DDP streams', () => {
  let server;
  let admin;
  const users = {};
  const clients = [];
  let channel;
  let group;

  const connectAs = (name) => ddpLoggedIn(server, name, PASSWORD, clients);
  const restAs = async (name) => {
    const r = await post(server, '/api/v1/login', { user: name, password: PASSWORD });
    return { userId: r.body.data.userId, authToken: r.body.data.authToken };
  };
  // Subscribes and asserts the answer is `ready`.
  const listen = async (c, name, eventName, options = { useCollection: false, args: [] }) => {
    const answer = await c.sub(name, [eventName, options]);
    assert.equal(answer.msg, 'ready', `${name} ${eventName}: ${JSON.stringify(answer)}`);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const name of ['alice', 'bob', 'carol']) {
      users[name] = await createUser(server, admin, {
        username: name,
        name: `Name ${name}`,
        email: `${name}@example.com`,
        password: PASSWORD,
        // alice sends more than 5 messages within a second across these tests: as a bot she is
        // exempt from the sendMessage rate limit (rate_limit.test.js tests that limit).
        ...(name === 'alice' ? { roles: ['user', 'bot'] } : {}),
      });
    }
    const alice = await restAs('alice');
    let r = await post(server, '/api/v1/channels.create', { name: 'lobby', members: ['bob'] }, { auth: alice });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
    r = await post(server, '/api/v1/groups.create', { name: 'backroom', members: ['bob'] }, { auth: alice });
    assert.equal(r.status, 200, r.text);
    group = r.body.group;
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('a message, its edit, a reaction, a thread reply and a delete all arrive live', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    await listen(bob, 'stream-room-messages', channel._id);
    await listen(bob, 'stream-notify-room', `${channel._id}/deleteMessage`);
    await listen(alice, 'stream-room-messages', channel._id);

    const sent = await alice.apply('sendMessage', [{ _id: 'lobbyMsg000000001', rid: channel._id, msg: 'hello *bob*' }]);
    assert.equal(sent._id, 'lobbyMsg000000001');
    const live = await bob.waitFor(
      (m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0]._id === sent._id,
      { what: 'the message' },
    );
    const message = live.fields.args[0];
    assert.equal(message.msg, 'hello *bob*');
    assert.equal(message.u.username, 'alice');
    assert.equal(typeof message.ts.$date, 'number');
    assert.equal(message.md[0].type, 'PARAGRAPH');
    assert.equal(live.id, 'id');

    await alice.apply('updateMessage', [{ _id: sent._id, rid: channel._id, msg: 'hello **bob**' }]);
    await bob.waitFor(
      (m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0].editedAt && m.fields.args[0].msg === 'hello **bob**',
      { what: 'the edit' },
    );
    assert.equal(
      bob.frames.filter((m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0].editedBy?.username === 'alice').length,
      1,
    );

    await bob.apply('setReaction', [':+1:', sent._id]);
    await alice.waitFor(
      (m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0].reactions?.[':+1:']?.usernames?.includes('bob'),
      { what: 'the reaction' },
    );

    const reply = await bob.apply('sendMessage', [{ rid: channel._id, msg: 'in a thread', tmid: sent._id }]);
    await alice.waitFor((m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0]._id === reply._id, {
      what: 'the reply',
    });
    await alice.waitFor(
      (m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0]._id === sent._id && m.fields.args[0].tcount === 1,
      { what: 'the parent with tcount' },
    );

    await alice.apply('deleteMessage', [{ _id: reply._id }]);
    const deleted = await bob.waitFor(changed('stream-notify-room', `${channel._id}/deleteMessage`), { what: 'deleteMessage' });
    assert.deepEqual(deleted.fields.args, [{ _id: reply._id }]);
  });

  test('resending a message with the same _id returns the stored one and sends nothing new', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    await listen(bob, 'stream-room-messages', channel._id);
    const first = await alice.apply('sendMessage', [{ _id: 'resendMsg00000001', rid: channel._id, msg: 'once' }]);
    const again = await alice.apply('sendMessage', [{ _id: 'resendMsg00000001', rid: channel._id, msg: 'once' }]);
    assert.deepEqual(again, first);
    // A later message is the barrier: everything before it has been delivered.
    const barrier = await alice.apply('sendMessage', [{ rid: channel._id, msg: 'barrier' }]);
    await bob.waitFor((m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0]._id === barrier._id);
    const copies = bob.frames.filter(
      (m) => changed('stream-room-messages', channel._id)(m) && m.fields.args[0]._id === 'resendMsg00000001',
    );
    assert.equal(copies.length, 1);
    const history = await get(server, `/api/v1/channels.messages?roomId=${channel._id}&count=100`, {
      auth: await restAs('alice'),
    });
    assert.equal(history.body.messages.filter((m) => m._id === 'resendMsg00000001').length, 1);
  });

  test('typing is cross-posted between typing and user-activity, never echoed, never forged', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    for (const c of [alice, bob]) {
      await listen(c, 'stream-notify-room', `${channel._id}/typing`);
      await listen(c, 'stream-notify-room', `${channel._id}/user-activity`);
    }
    // Forged: alice speaking as bob. Accepted as a call, never broadcast.
    const forged = await alice.call('stream-notify-room', [`${channel._id}/typing`, 'bob', true]);
    assert.equal(forged.error, undefined);
    await alice.apply('stream-notify-room', [`${channel._id}/user-activity`, 'alice', ['user-typing'], {}]);
    const typing = await bob.waitFor(changed('stream-notify-room', `${channel._id}/typing`), { what: 'typing' });
    assert.deepEqual(typing.fields.args, ['alice', true]);
    const activity = await bob.waitFor(changed('stream-notify-room', `${channel._id}/user-activity`));
    assert.deepEqual(activity.fields.args.slice(0, 2), ['alice', ['user-typing']]);

    await bob.apply('stream-notify-room', [`${channel._id}/typing`, 'bob', false]);
    const back = await alice.waitFor(changed('stream-notify-room', `${channel._id}/user-activity`));
    assert.deepEqual(back.fields.args.slice(0, 2), ['bob', []]);
    assert.equal(bob.frames.filter(changed('stream-notify-room', `${channel._id}/typing`)).length, 1);
    assert.equal(alice.frames.filter(changed('stream-notify-room', `${channel._id}/typing`)).length, 1);
    assert.ok(!bob.frames.some((m) => changed('stream-notify-room', `${channel._id}/typing`)(m) && m.fields.args[0] === 'bob'));
  });

  test('a non-member sees nothing of a private group', async () => {
    const carol = await connectAs('carol');
    const bob = await connectAs('bob');
    const refused = await carol.sub('stream-room-messages', [group._id, { useCollection: false, args: [] }]);
    assert.equal(refused.msg, 'nosub');
    assertMeteorError(assert, refused.error, 'not-allowed');
    const refusedTyping = await carol.sub('stream-notify-room', [`${group._id}/typing`, { useCollection: false, args: [] }]);
    assert.equal(refusedTyping.msg, 'nosub');
    const notHers = await carol.sub('stream-notify-user', [`${users.bob._id}/notification`, { useCollection: false, args: [false] }]);
    assert.equal(notHers.msg, 'nosub');
    await listen(carol, 'stream-room-messages', '__my_messages__');
    await listen(bob, 'stream-room-messages', '__my_messages__');

    const secret = await bob.apply('sendMessage', [{ rid: group._id, msg: 'secret plans' }]);
    const open = await bob.apply('sendMessage', [{ rid: channel._id, msg: 'open plans' }]);
    // carol hears the public one (not a participant) and never the private one.
    const heard = await carol.waitFor(
      (m) => changed('stream-room-messages', '__my_messages__')(m) && m.fields.args[0]._id === open._id,
    );
    assert.deepEqual(heard.fields.args[1], { roomParticipant: false, roomType: 'c', roomName: 'lobby' });
    assert.ok(!carol.rawFrames.some((raw) => raw.includes(secret._id)));
    assert.ok(!carol.rawFrames.some((raw) => raw.includes('secret plans')));
    // bob, a member, hears both.
    const own = await bob.waitFor((m) => changed('stream-room-messages', '__my_messages__')(m) && m.fields.args[0]._id === secret._id);
    assert.deepEqual(own.fields.args[1], { roomParticipant: true, roomType: 'p', roomName: 'backroom' });

    const sendAsOutsider = await carol.call('sendMessage', [{ rid: group._id, msg: 'let me in' }]);
    assert.ok(sendAsOutsider.error, 'a non-member cannot post to a private group');
  });

  test('a direct message notifies the other side and updates its room list', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    await listen(bob, 'stream-notify-user', `${users.bob._id}/notification`, { useCollection: false, args: [false] });
    await listen(bob, 'stream-notify-user', `${users.bob._id}/rooms-changed`, { useCollection: false, args: [false] });
    const dm = await alice.apply('createDirectMessage', ['bob']);
    assert.equal(dm.rid, [users.alice._id, users.bob._id].sort().join(''));
    const sent = await alice.apply('sendMessage', [{ rid: dm.rid, msg: 'just you and me' }]);
    const note = await bob.waitFor(changed('stream-notify-user', `${users.bob._id}/notification`), { what: 'notification' });
    const n = note.fields.args[0];
    assert.equal(n.title, 'alice');
    assert.equal(n.text, 'just you and me');
    assert.equal(n.payload._id, sent._id);
    assert.equal(n.payload.rid, dm.rid);
    assert.equal(n.payload.type, 'd');
    assert.equal(n.payload.sender.username, 'alice');
    const roomChanged = await bob.waitFor(
      (m) => changed('stream-notify-user', `${users.bob._id}/rooms-changed`)(m) && m.fields.args[1]?.lastMessage?._id === sent._id,
      { what: 'rooms-changed' },
    );
    assert.equal(roomChanged.fields.args[0], 'updated');
    assert.equal(roomChanged.fields.args[1]._id, dm.rid);
  });

  test('unread counts rise with messages and mentions and clear on read', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const bobRest = await restAs('bob');
    await bob.apply('readMessages', [channel._id]);
    await alice.apply('sendMessage', [{ rid: channel._id, msg: 'one' }]);
    await alice.apply('sendMessage', [{ rid: channel._id, msg: 'two @bob' }]);
    let sub = (await get(server, `/api/v1/subscriptions.getOne?roomId=${channel._id}`, { auth: bobRest })).body.subscription;
    assert.equal(sub.unread, 2);
    assert.equal(sub.userMentions, 1);
    assert.equal(sub.alert, true);
    await bob.apply('readMessages', [channel._id]);
    sub = (await get(server, `/api/v1/subscriptions.getOne?roomId=${channel._id}`, { auth: bobRest })).body.subscription;
    assert.equal(sub.unread, 0);
    assert.equal(sub.userMentions, 0);
    assert.equal(sub.alert, false);
  });

  test('stream names, params and emits that make no sense are refused without harm', async () => {
    const bob = await connectAs('bob');
    const unknown = await bob.sub('stream-nonsense', ['x', false]);
    assert.equal(unknown.msg, 'nosub');
    assert.equal(unknown.error.error, 404);
    const badParams = await bob.sub('stream-room-messages', [{ not: 'a string' }, false]);
    assert.equal(badParams.msg, 'nosub');
    const noRoom = await bob.sub('stream-room-messages', ['no-such-room', false]);
    assert.equal(noRoom.msg, 'nosub');
    for (const params of [[], [42], ['no-such-room/typing', 'bob', true], [`${channel._id}/deleteMessage`, {}]]) {
      const r = await bob.call('stream-notify-room', params);
      assert.equal(r.error, undefined, JSON.stringify(params));
    }
    const refusedWrite = await bob.call('stream-room-messages', [channel._id, { msg: 'forged' }]);
    assert.equal(refusedWrite.error, undefined);
    // The session still works.
    await listen(bob, 'stream-room-messages', channel._id);
  });
});
