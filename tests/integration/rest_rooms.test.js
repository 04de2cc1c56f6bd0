// Black-box: rooms, subscriptions and chat over REST (rc-api.md §1.5, §1.6, §4, §6.4-6.6, §8)
// against the real binary. Alice owns the rooms, bob is a plain member, carol is an outsider,
// dave is invited along the way; the admin posts in bulk (api-bypass-rate-limit in RC).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertServes, createUser, get, http, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Rooms-pass-1';
const LOGGED_OUT = 'You must be logged in to do this.';
const FORBIDDEN = 'User does not have the permissions required for this action [error-unauthorized]';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NO_ROOM = 'NoSuchRoom0000000';

let server;
let admin;

// ---- envelope assertions (rc-api.md §1.5) -------------------------------------------------

function ok(r) {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body?.success, true, r.text);
  return r.body;
}

// API.v1.failure of a Meteor error: `error` is "<reason> [<errorType>]". Without errorType, only
// its presence is checked.
function assertError(r, status, errorType) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.success, false, r.text);
  assert.equal(typeof r.body.error, 'string', r.text);
  assert.equal(typeof r.body.errorType, 'string', r.text);
  if (errorType !== undefined) {
    assert.equal(r.body.errorType, errorType, r.text);
    assert.ok(r.body.error.endsWith(`[${errorType}]`), r.text);
  }
}

// API.v1.failure('some sentence'): no errorType at all.
function assertPlainFailure(r, text) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body?.success, false, r.text);
  assert.equal(typeof r.body.error, 'string', r.text);
  assert.equal(r.body.errorType, undefined, r.text);
  if (text !== undefined) assert.equal(r.body.error, text, r.text);
}

function assertForbidden(r) {
  assertError(r, 403, 'error-unauthorized');
  assert.equal(r.body.error, FORBIDDEN);
}

// Rocket.Chat's room methods refuse with a Meteor.Error: HTTP 400 and the method's code.
function assertRefused(r, code) {
  assertError(r, 400, code);
}

function assertUnauthorized(r) {
  assert.equal(r.status, 401, r.text);
  assert.deepEqual(r.body, { success: false, status: 'error', message: LOGGED_OUT, error: LOGGED_OUT });
}

const assertRoomNotFound = (r) => assertError(r, 400, 'error-room-not-found');
const assertInvalidParams = (r) => assertError(r, 400, 'invalid-params');

function assertIso(value, what) {
  assert.match(String(value), ISO, `${what}: ${JSON.stringify(value)}`);
}

// A REST message (§4.1): required fields, ISO dates, and an `md` a renderer can use.
function assertMessage(m, { rid, msg, username }) {
  assert.equal(typeof m._id, 'string');
  assert.equal(m.rid, rid);
  if (msg !== undefined) assert.equal(m.msg, msg);
  assert.equal(m.u.username, username);
  assert.equal(typeof m.u._id, 'string');
  assertIso(m.ts, 'ts');
  assertIso(m._updatedAt, '_updatedAt');
  assert.ok(Array.isArray(m.md), `md missing: ${JSON.stringify(m)}`);
}

const ids = (list) => list.map((x) => x._id);
const ms = (iso) => Date.parse(iso);
const isoMinus1 = (iso) => new Date(ms(iso) - 1).toISOString();

// ---- calls --------------------------------------------------------------------------------

function GET(who, endpoint, params = {}) {
  const qs = new URLSearchParams(params).toString();
  return get(server, `/api/v1/${endpoint}${qs ? `?${qs}` : ''}`, { auth: who });
}

function POST(who, endpoint, body = {}) {
  return post(server, `/api/v1/${endpoint}`, body, { auth: who });
}

let counter = 0;
const unique = (prefix) => `${prefix}-${++counter}`;

async function createChannel(owner, members = [], extra = {}) {
  return ok(await POST(owner, 'channels.create', { name: unique('chan'), members, ...extra })).channel;
}

async function createGroup(owner, members = [], extra = {}) {
  return ok(await POST(owner, 'groups.create', { name: unique('group'), members, ...extra })).group;
}

async function send(who, rid, msg, extra = {}) {
  return ok(await POST(who, 'chat.sendMessage', { message: { rid, msg, ...extra } })).message;
}

async function history(who, family, rid, params = {}) {
  return ok(await GET(who, `${family}.history`, { roomId: rid, count: 100, ...params })).messages;
}

async function subscription(who, rid) {
  return ok(await GET(who, 'subscriptions.getOne', { roomId: rid })).subscription;
}

function callMethod(who, method, params, { anon = false, id = '1' } = {}) {
  const message = JSON.stringify({ msg: 'method', id, method, params });
  return POST(who, `method.${anon ? 'callAnon' : 'call'}/${method}`, { message });
}

// The DDP result frame inside a method.call reply (§8): always HTTP 200, success:true.
function methodReply(r) {
  const body = ok(r);
  assert.equal(typeof body.message, 'string', r.text);
  return JSON.parse(body.message);
}

// ---- the sweep ----------------------------------------------------------------------------

describe('REST rooms, subscriptions and chat', () => {
  let alice;
  let bob;
  let carol;
  let dave;

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    const names = ['alice', 'bob', 'carol', 'dave'];
    for (const name of names) {
      await createUser(server, admin, { username: name, name: `Name ${name}`, email: `${name}@example.com`, password: PASSWORD });
    }
    [alice, bob, carol, dave] = await Promise.all(names.map((name) => login(server, name, PASSWORD)));
  });

  after(async () => {
    await server?.dispose();
  });

  test('every endpoint answers 401 without credentials or with a bad token', async () => {
    const routes = [
      ['POST', 'channels.create'], ['GET', 'channels.info'], ['GET', 'channels.list'],
      ['GET', 'channels.list.joined'], ['GET', 'channels.history'], ['GET', 'channels.messages'],
      ['GET', 'channels.members'], ['GET', 'channels.roles'], ['GET', 'channels.counters'],
      ['POST', 'channels.invite'], ['POST', 'channels.kick'], ['POST', 'channels.join'],
      ['POST', 'channels.leave'], ['POST', 'channels.open'], ['POST', 'channels.close'],
      ['POST', 'channels.setTopic'], ['POST', 'channels.setDescription'],
      ['POST', 'channels.setAnnouncement'], ['POST', 'channels.rename'], ['POST', 'channels.archive'],
      ['POST', 'channels.unarchive'], ['POST', 'channels.setReadOnly'], ['POST', 'channels.addOwner'],
      ['POST', 'channels.removeOwner'], ['POST', 'channels.addModerator'],
      ['POST', 'channels.removeModerator'],
      ['POST', 'groups.create'], ['GET', 'groups.info'], ['GET', 'groups.list'], ['GET', 'groups.history'],
      ['GET', 'groups.messages'], ['GET', 'groups.members'], ['GET', 'groups.roles'],
      ['GET', 'groups.counters'], ['POST', 'groups.invite'], ['POST', 'groups.kick'],
      ['POST', 'groups.leave'], ['POST', 'groups.open'], ['POST', 'groups.close'],
      ['POST', 'groups.setTopic'], ['POST', 'groups.rename'], ['POST', 'groups.archive'],
      ['POST', 'im.create'], ['GET', 'im.list'], ['GET', 'im.history'], ['GET', 'im.messages'],
      ['GET', 'im.members'], ['GET', 'im.counters'], ['POST', 'im.open'], ['POST', 'im.close'],
      ['GET', 'rooms.get'], ['GET', 'rooms.info'], ['POST', 'rooms.leave'],
      ['GET', 'subscriptions.get'], ['GET', 'subscriptions.getOne'], ['POST', 'subscriptions.read'],
      ['POST', 'subscriptions.unread'],
      ['POST', 'chat.postMessage'], ['POST', 'chat.sendMessage'], ['POST', 'chat.update'],
      ['POST', 'chat.delete'], ['GET', 'chat.getMessage'], ['POST', 'chat.react'],
      ['POST', 'chat.pinMessage'], ['POST', 'chat.unPinMessage'], ['POST', 'chat.starMessage'],
      ['POST', 'chat.unStarMessage'], ['GET', 'chat.syncMessages'], ['GET', 'chat.getThreadMessages'],
      ['GET', 'chat.search'], ['POST', 'method.call/getRoomIdByNameOrId'],
    ];
    const badToken = { userId: alice.userId, authToken: 'x'.repeat(43) };
    for (const [method, endpoint] of routes) {
      const json = method === 'POST' ? {} : undefined;
      const anonymous = await http(server, method, `/api/v1/${endpoint}`, { json });
      assertUnauthorized(anonymous);
      const wrong = await http(server, method, `/api/v1/${endpoint}`, { json, auth: badToken });
      assertUnauthorized(wrong);
    }
  });

  test('channels.create: the channel object, the owner role, readOnly and extraData.topic', async () => {
    const name = unique('lobby');
    const r = await POST(alice, 'channels.create', { name, members: ['bob'] });
    const channel = ok(r).channel;
    assert.equal(typeof channel._id, 'string');
    assert.equal(channel.t, 'c');
    assert.equal(channel.name, name);
    assert.equal(channel.fname, name);
    assert.deepEqual(channel.u, { _id: alice.userId, username: 'alice' });
    assert.equal(channel.usersCount, 2);
    assert.equal(channel.msgs, 0);
    assert.equal(channel.ro, false);
    assertIso(channel.ts, 'ts');
    assertIso(channel._updatedAt, '_updatedAt');
    for (const hidden of ['joinCode', 'members', 'importIds', 'e2e']) {
      assert.ok(!(hidden in channel), `${hidden} leaked: ${r.text}`);
    }

    const mine = await subscription(alice, channel._id);
    assert.deepEqual(mine.roles, ['owner']);
    assert.equal(mine.rid, channel._id);
    assert.equal(mine.t, 'c');
    assert.equal(mine.name, name);
    assert.equal(mine.open, true);
    const bobs = await subscription(bob, channel._id);
    assert.deepEqual(bobs.roles, []);
    assert.deepEqual(bobs.u, { _id: bob.userId, username: 'bob' });
    assert.equal(await subscription(carol, channel._id), null);

    const ro = ok(await POST(alice, 'channels.create', { name: unique('news'), readOnly: true, extraData: { topic: 'daily' } })).channel;
    assert.equal(ro.ro, true);
    assert.equal(ro.topic, 'daily');
    assert.equal(ro.usersCount, 1);

    assertInvalidParams(await POST(alice, 'channels.create', { members: ['bob'] }));
    assertInvalidParams(await POST(alice, 'channels.create', { name: unique('x'), members: 'bob' }));
    assertError(await POST(alice, 'channels.create', { name: 'no spaces allowed' }), 400, 'error-invalid-room-name');
    assertError(await POST(bob, 'channels.create', { name }), 400, 'error-duplicate-channel-name');
  });

  test('channels.info, channels.list and channels.list.joined', async () => {
    const channel = await createChannel(alice, ['bob']);
    const group = await createGroup(alice);

    // Public channels are readable by any logged-in user (view-c-room), member or not.
    const byId = ok(await GET(carol, 'channels.info', { roomId: channel._id })).channel;
    assert.equal(byId._id, channel._id);
    assert.equal(byId.name, channel.name);
    const byName = ok(await GET(carol, 'channels.info', { roomName: channel.name })).channel;
    assert.equal(byName._id, channel._id);

    assertError(await GET(alice, 'channels.info'), 400, 'error-room-param-not-provided');
    assertRoomNotFound(await GET(alice, 'channels.info', { roomId: NO_ROOM }));
    assertRoomNotFound(await GET(alice, 'channels.info', { roomName: 'no-such-channel' }));
    assertRoomNotFound(await GET(alice, 'channels.info', { roomId: group._id }));

    const all = ok(await GET(carol, 'channels.list', { count: 0 }));
    assert.equal(all.offset, 0);
    assert.equal(all.count, all.channels.length);
    assert.equal(all.total, all.channels.length);
    assert.ok(ids(all.channels).includes(channel._id));
    assert.ok(!ids(all.channels).includes(group._id), 'a private group in channels.list');
    assert.ok(all.channels.every((c) => c.t === 'c'));
    const names = all.channels.map((c) => c.name);
    assert.deepEqual(names, [...names].sort(), 'channels.list is sorted by name');
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = ok(await GET(carol, 'channels.list', { count: 2, offset }));
      assert.equal(page.offset, offset);
      assert.equal(page.total, all.total);
      assert.equal(page.count, page.channels.length);
      paged.push(...ids(page.channels));
    }
    assert.deepEqual(paged, ids(all.channels));
    assertError(await GET(carol, 'channels.list', { sort: '{"name":2}' }), 400, 'error-invalid-sort');

    const joinedByBob = ok(await GET(bob, 'channels.list.joined', { count: 0 }));
    assert.ok(ids(joinedByBob.channels).includes(channel._id));
    assert.equal(joinedByBob.total, joinedByBob.channels.length);
    const joinedByCarol = ok(await GET(carol, 'channels.list.joined'));
    assert.ok(!ids(joinedByCarol.channels).includes(channel._id));
  });

  test('chat.postMessage and chat.sendMessage: messages land in channels.messages', async () => {
    const channel = await createChannel(alice, ['bob']);

    const posted = ok(await POST(alice, 'chat.postMessage', { roomId: channel._id, text: 'hello @bob :smile:' }));
    assert.equal(posted.channel, channel._id, 'channel echoes the target as given');
    assert.ok(Number.isInteger(posted.ts), `ts is a number of ms: ${posted.ts}`);
    assertMessage(posted.message, { rid: channel._id, msg: 'hello @bob :smile:', username: 'alice' });
    assert.deepEqual(posted.message.mentions.map((m) => m.username), ['bob']);
    const inline = posted.message.md[0].value;
    assert.equal(posted.message.md[0].type, 'PARAGRAPH');
    assert.ok(inline.some((n) => n.type === 'MENTION_USER' && n.value.value === 'bob'), JSON.stringify(inline));
    assert.ok(inline.some((n) => n.type === 'EMOJI'), JSON.stringify(inline));

    const byName = ok(await POST(bob, 'chat.postMessage', { channel: `#${channel.name}`, text: 'by name', emoji: ':smile:' }));
    assert.equal(byName.channel, `#${channel.name}`);
    assert.equal(byName.message.rid, channel._id);
    assert.equal(byName.message.emoji, ':smile:');
    // An alias (posting under another name) takes message-impersonate: bots and apps only.
    const impersonating = await POST(bob, 'chat.postMessage', { channel: `#${channel.name}`, text: 'as someone', alias: 'Bobby' });
    assert.equal(impersonating.status, 400);
    assert.match(impersonating.body.error, /Not enough permission/);

    const sent = await send(bob, channel._id, 'plain *bold*');
    assertMessage(sent, { rid: channel._id, msg: 'plain *bold*', username: 'bob' });

    const dm = ok(await POST(carol, 'chat.postMessage', { channel: '@dave', text: 'psst' }));
    const dmId = [carol.userId, dave.userId].sort().join('');
    assert.equal(dm.message.rid, dmId, 'a DM id is the two sorted user ids');
    assert.equal(ok(await GET(dave, 'im.history', { roomId: dmId })).messages[0].msg, 'psst');

    const list = ok(await GET(bob, 'channels.messages', { roomId: channel._id }));
    assert.deepEqual(ids(list.messages), [sent._id, byName.message._id, posted.message._id], 'newest first');
    assert.equal(list.count, 3);
    assert.equal(list.total, 3);
    assert.equal(list.offset, 0);
    for (const m of list.messages) assertMessage(m, { rid: channel._id, username: m.u.username });
    assert.deepEqual(list.messages[2].md, posted.message.md);
    const page = ok(await GET(bob, 'channels.messages', { roomId: channel._id, count: 1, offset: 1 }));
    assert.deepEqual(ids(page.messages), [byName.message._id]);
    assert.equal(page.total, 3);
    assertError(await GET(bob, 'channels.messages', { roomId: channel._id, sort: '{"ts":2}' }), 400, 'error-invalid-sort');
    assert.equal(ok(await GET(bob, 'channels.info', { roomId: channel._id })).channel.msgs, 3);

    assertInvalidParams(await POST(alice, 'chat.postMessage', { text: 'nowhere' }));
    assertError(await POST(alice, 'chat.postMessage', { channel: '#no-such-channel', text: 'x' }), 400, 'invalid-channel');
    assertInvalidParams(await POST(alice, 'chat.sendMessage', {}));
    assertInvalidParams(await POST(alice, 'chat.sendMessage', { message: { msg: 'no rid' } }));
    assertInvalidParams(await POST(alice, 'chat.sendMessage', { message: { rid: channel._id, msg: 'x', t: 'uj' } }));
    assertInvalidParams(await POST(alice, 'chat.sendMessage', { message: { rid: channel._id, msg: 'x', tshow: true } }));
    assertRoomNotFound(await POST(alice, 'chat.sendMessage', { message: { rid: NO_ROOM, msg: 'x' } }));
    assertError(
      await POST(alice, 'chat.sendMessage', { message: { rid: channel._id, msg: 'x'.repeat(5001) } }),
      400,
      'error-message-size-exceeded',
    );
    assert.equal(ok(await GET(bob, 'channels.messages', { roomId: channel._id })).total, 3, 'refused posts left no trace');
  });

  test('chat.sendMessage with a client _id is idempotent', async () => {
    const channel = await createChannel(alice, ['bob']);
    const _id = `clientMsg${Date.now().toString(36)}x`;
    const first = await send(alice, channel._id, 'only once', { _id });
    const second = await send(alice, channel._id, 'only once', { _id });
    assert.equal(first._id, _id);
    assert.deepEqual(second, first, 'the resend returns the stored message');

    const messages = await history(bob, 'channels', channel._id);
    assert.deepEqual(ids(messages), [_id], 'history holds one copy');
    assert.equal(ok(await GET(bob, 'channels.info', { roomId: channel._id })).channel.msgs, 1);
    assert.equal((await subscription(bob, channel._id)).unread, 1, 'counted once');

    // Someone else reusing the id is refused; the original stays as it was.
    const reused = await POST(bob, 'chat.sendMessage', { message: { _id, rid: channel._id, msg: 'hijack' } });
    assert.equal(reused.status, 400, reused.text);
    assert.equal(reused.body.success, false);
    assert.equal(ok(await GET(alice, 'chat.getMessage', { msgId: _id })).message.msg, 'only once');
  });

  test('channels.history: latest, oldest, inclusive, count, offset and thread replies', async () => {
    const channel = await createChannel(admin, ['bob']);
    const sent = [];
    for (let i = 0; i < 22; i++) sent.push(await send(admin, channel._id, `line ${i}`));

    const full = await history(bob, 'channels', channel._id);
    assert.deepEqual(ids(full), ids(sent).reverse(), 'newest first');
    for (const m of full) assertMessage(m, { rid: channel._id, username: 'admin' });

    const byDefault = ok(await GET(bob, 'channels.history', { roomId: channel._id })).messages;
    assert.deepEqual(ids(byDefault), ids(full.slice(0, 20)), 'count defaults to 20');
    const window = await history(bob, 'channels', channel._id, { count: 5, offset: 3 });
    assert.deepEqual(ids(window), ids(full.slice(3, 8)));

    // Expectations come from the timestamps the server returned, so equal milliseconds
    // cannot make this flaky.
    const pivot = full[10].ts;
    const older = full[16].ts;
    const expect = (keep) => ids(full.filter((m) => keep(ms(m.ts))));
    const cases = [
      [{ latest: pivot }, (t) => t < ms(pivot)],
      [{ latest: pivot, inclusive: 'true' }, (t) => t <= ms(pivot)],
      [{ oldest: pivot }, (t) => t > ms(pivot)],
      [{ oldest: pivot, inclusive: 'true' }, (t) => t >= ms(pivot)],
      [{ oldest: older, latest: pivot }, (t) => t > ms(older) && t < ms(pivot)],
      [{ oldest: older, latest: pivot, inclusive: 'true' }, (t) => t >= ms(older) && t <= ms(pivot)],
    ];
    for (const [params, keep] of cases) {
      const got = await history(bob, 'channels', channel._id, params);
      assert.deepEqual(ids(got), expect(keep), JSON.stringify(params));
    }
    assert.ok(expect((t) => t <= ms(pivot)).includes(full[10]._id));

    const reply = await send(bob, channel._id, 'in a thread', { tmid: sent[21]._id });
    const shown = await send(bob, channel._id, 'also in the channel', { tmid: sent[21]._id, tshow: true });
    const hidden = ids(await history(bob, 'channels', channel._id));
    assert.ok(!hidden.includes(reply._id), 'thread replies are hidden by default');
    assert.ok(hidden.includes(shown._id), 'tshow replies stay in the channel');
    const withThreads = ids(await history(bob, 'channels', channel._id, { showThreadMessages: 'true' }));
    assert.deepEqual(withThreads.slice(0, 2), [shown._id, reply._id]);

    assertInvalidParams(await GET(bob, 'channels.history', { roomId: channel._id, latest: 'yesterday' }));
    assertError(await GET(bob, 'channels.history'), 400, 'error-room-param-not-provided');
    assertRoomNotFound(await GET(bob, 'channels.history', { roomId: NO_ROOM }));
  });

  test('channels.counters and subscriptions.read/unread follow unread messages and mentions', async () => {
    const channel = await createChannel(alice, ['bob']);
    const first = await send(alice, channel._id, 'hi all');
    const last = await send(alice, channel._id, 'hey @bob');

    const counters = ok(await GET(bob, 'channels.counters', { roomId: channel._id }));
    assert.equal(counters.joined, true);
    assert.equal(counters.members, 2);
    assert.equal(counters.unreads, 2);
    assert.equal(counters.msgs, 2);
    assert.equal(counters.latest, last.ts);
    assert.equal(counters.userMentions, 1);
    assertIso(counters.unreadsFrom, 'unreadsFrom');

    const outsider = ok(await GET(carol, 'channels.counters', { roomId: channel._id }));
    assert.deepEqual(outsider, {
      joined: false, members: null, unreads: null, unreadsFrom: null, msgs: null, latest: null, userMentions: null, success: true,
    });
    assertForbidden(await GET(carol, 'channels.counters', { roomId: channel._id, userId: bob.userId }));
    const asAdmin = ok(await GET(admin, 'channels.counters', { roomId: channel._id, userId: bob.userId }));
    assert.equal(asAdmin.joined, true);
    assert.equal(asAdmin.unreads, 2);

    const unread = await subscription(bob, channel._id);
    assert.equal(unread.unread, 2);
    assert.equal(unread.alert, true);
    assert.equal(unread.userMentions, 1);
    assert.equal((await subscription(alice, channel._id)).unread, 0, 'own messages are not unread');

    assert.deepEqual(ok(await POST(bob, 'subscriptions.read', { rid: channel._id })), { success: true });
    const read = await subscription(bob, channel._id);
    assert.equal(read.unread, 0);
    assert.equal(read.alert, false);
    assert.equal(read.userMentions, 0);
    assert.ok(ms(read.ls) >= ms(last.ts), `ls ${read.ls} before the last message ${last.ts}`);
    assert.equal(ok(await GET(bob, 'channels.counters', { roomId: channel._id })).unreads, 0);
    ok(await POST(bob, 'subscriptions.read', { roomId: channel._id }));
    assertInvalidParams(await POST(bob, 'subscriptions.read', {}));
    assertError(await POST(carol, 'subscriptions.read', { rid: channel._id }), 400, 'error-invalid-subscription');

    // subscriptions.unread moves the read mark back: to the room's last message, or to the
    // message given.
    assert.deepEqual(ok(await POST(bob, 'subscriptions.unread', { roomId: channel._id })), { success: true });
    let marked = await subscription(bob, channel._id);
    assert.equal(marked.alert, true);
    assert.equal(marked.open, true);
    assert.equal(marked.ls, last.ts);
    ok(await POST(bob, 'subscriptions.read', { rid: channel._id }));
    ok(await POST(bob, 'subscriptions.unread', { firstUnreadMessage: { _id: first._id } }));
    marked = await subscription(bob, channel._id);
    assert.equal(marked.alert, true);
    assert.equal(marked.ls, first.ts);
    assertInvalidParams(await POST(bob, 'subscriptions.unread', {}));
    assertError(await POST(bob, 'subscriptions.unread', { firstUnreadMessage: { _id: 'NoSuchMessage0000' } }), 400, 'error-action-not-allowed');
  });

  test('channels.invite, members, kick, join and leave', async () => {
    const channel = await createChannel(alice, ['bob']);

    const invited = ok(await POST(alice, 'channels.invite', { roomId: channel._id, username: 'carol' })).channel;
    assert.equal(invited._id, channel._id);
    assert.equal(invited.usersCount, 3);
    const au = (await history(alice, 'channels', channel._id))[0];
    assert.equal(au.t, 'au');
    assert.equal(au.msg, 'carol');
    assert.equal(au.u.username, 'alice');
    assert.equal((await subscription(carol, channel._id)).rid, channel._id);
    ok(await POST(alice, 'channels.invite', { roomId: channel._id, userIds: [dave.userId, 'NoSuchUser0000000'] }));

    const members = ok(await GET(bob, 'channels.members', { roomId: channel._id }));
    assert.deepEqual(members.members.map((m) => m.username), ['alice', 'bob', 'carol', 'dave']);
    assert.equal(members.total, 4);
    assert.equal(members.count, 4);
    const carolEntry = members.members[2];
    assert.equal(carolEntry._id, carol.userId);
    assert.equal(carolEntry.name, 'Name carol');
    assert.equal(typeof carolEntry.status, 'string');
    const page = ok(await GET(bob, 'channels.members', { roomId: channel._id, count: 2, offset: 1 }));
    assert.deepEqual(page.members.map((m) => m.username), ['bob', 'carol']);
    assert.equal(page.total, 4);
    const filtered = ok(await GET(bob, 'channels.members', { roomId: channel._id, filter: 'CAR' }));
    assert.deepEqual(filtered.members.map((m) => m.username), ['carol']);
    assert.equal(filtered.total, 1);

    assertRefused(await POST(bob, 'channels.invite', { roomId: channel._id, username: 'admin' }), 'error-not-allowed');
    assertError(await POST(alice, 'channels.invite', { roomId: channel._id, username: 'nobody-at-all' }), 400, 'error-invalid-user');
    assertError(await POST(alice, 'channels.invite', { roomId: channel._id }), 400);

    // A plain member cannot kick; the owner can.
    assertRefused(await POST(bob, 'channels.kick', { roomId: channel._id, username: 'carol' }), 'error-not-allowed');
    assert.notEqual(await subscription(carol, channel._id), null, 'carol survived the refused kick');
    const kicked = ok(await POST(alice, 'channels.kick', { roomId: channel._id, username: 'carol' })).channel;
    assert.equal(kicked.usersCount, 3);
    assert.equal(await subscription(carol, channel._id), null);
    const ru = (await history(alice, 'channels', channel._id))[0];
    assert.equal(ru.t, 'ru');
    assert.equal(ru.msg, 'carol');
    assertError(await POST(alice, 'channels.kick', { roomId: channel._id, username: 'carol' }), 400, 'error-user-not-in-room');
    assertError(await POST(alice, 'channels.kick', { roomId: channel._id }), 400, 'error-user-param-not-provided');
    assertError(await POST(alice, 'channels.kick', { roomId: channel._id, username: 'nobody-at-all' }), 400, 'error-invalid-user');

    const joined = ok(await POST(carol, 'channels.join', { roomName: channel.name })).channel;
    assert.equal(joined._id, channel._id);
    assert.equal(joined.usersCount, 4);
    const uj = (await history(carol, 'channels', channel._id))[0];
    assert.equal(uj.t, 'uj');
    assert.equal(uj.u.username, 'carol');
    assert.equal(ok(await POST(carol, 'channels.join', { roomId: channel._id })).channel.usersCount, 4, 'joining twice is fine');
    const group = await createGroup(alice);
    assertRoomNotFound(await POST(carol, 'channels.join', { roomId: group._id }));

    const left = ok(await POST(carol, 'channels.leave', { roomId: channel._id })).channel;
    assert.equal(left._id, channel._id);
    assert.equal(await subscription(carol, channel._id), null);
    const ul = (await history(alice, 'channels', channel._id))[0];
    assert.equal(ul.t, 'ul');
    assert.equal(ul.u.username, 'carol');
    assertError(await POST(carol, 'channels.leave', { roomId: channel._id }), 400, 'error-user-not-in-room');
    assertError(await POST(alice, 'channels.leave', { roomId: channel._id }), 400, 'error-you-are-last-owner');
    assert.equal(ok(await GET(alice, 'channels.info', { roomId: channel._id })).channel.usersCount, 3);
  });

  test('addOwner, removeOwner, addModerator, removeModerator and channels.roles', async () => {
    const channel = await createChannel(alice, ['bob', 'carol']);
    const roles = async () => {
      const list = ok(await GET(carol, 'channels.roles', { roomId: channel._id })).roles;
      for (const entry of list) assert.equal(entry.rid, channel._id);
      return Object.fromEntries(list.map((e) => [e.u.username, e.roles]));
    };
    assert.deepEqual(await roles(), { alice: ['owner'] });

    assertRefused(await POST(carol, 'channels.addModerator', { roomId: channel._id, username: 'bob' }), 'error-not-allowed');
    assert.deepEqual(ok(await POST(alice, 'channels.addModerator', { roomId: channel._id, username: 'bob' })), { success: true });
    assert.deepEqual(await roles(), { alice: ['owner'], bob: ['moderator'] });
    assert.deepEqual((await subscription(bob, channel._id)).roles, ['moderator']);
    const notice = (await history(alice, 'channels', channel._id))[0];
    assert.equal(notice.t, 'subscription-role-added');
    assert.equal(notice.msg, 'bob');
    assert.equal(notice.role, 'moderator');
    // The role matters: a moderator may edit the room.
    ok(await POST(bob, 'channels.setTopic', { roomId: channel._id, topic: 'set by a moderator' }));

    assertError(await POST(alice, 'channels.addModerator', { roomId: channel._id, username: 'bob' }), 400, 'error-user-already-moderator');
    assertError(await POST(alice, 'channels.addModerator', { roomId: channel._id, username: 'dave' }), 400, 'error-user-not-in-room');
    assertError(await POST(alice, 'channels.addModerator', { roomId: channel._id, username: 'nobody-at-all' }), 400, 'error-invalid-user');
    assertError(await POST(alice, 'channels.addModerator', { roomId: channel._id }), 400, 'error-user-param-not-provided');

    ok(await POST(alice, 'channels.removeModerator', { roomId: channel._id, userId: bob.userId }));
    assert.deepEqual(await roles(), { alice: ['owner'] });
    assertError(await POST(alice, 'channels.removeModerator', { roomId: channel._id, username: 'bob' }), 400, 'error-user-not-moderator');
    assertRefused(await POST(bob, 'channels.setTopic', { roomId: channel._id, topic: 'no longer allowed' }), 'error-action-not-allowed');

    assertRefused(await POST(carol, 'channels.addOwner', { roomId: channel._id, username: 'carol' }), 'error-not-allowed');
    ok(await POST(alice, 'channels.addOwner', { roomId: channel._id, username: 'bob' }));
    assert.deepEqual(await roles(), { alice: ['owner'], bob: ['owner'] });
    assertError(await POST(alice, 'channels.addOwner', { roomId: channel._id, username: 'bob' }), 400, 'error-user-already-owner');
    ok(await POST(bob, 'channels.removeOwner', { roomId: channel._id, username: 'alice' }));
    assert.deepEqual(await roles(), { bob: ['owner'] });
    assert.deepEqual((await subscription(alice, channel._id)).roles, []);
    assertError(await POST(bob, 'channels.removeOwner', { roomId: channel._id, username: 'bob' }), 400, 'error-remove-last-owner');
    assertRefused(await POST(alice, 'channels.removeOwner', { roomId: channel._id, username: 'bob' }), 'error-not-allowed');
    assert.deepEqual(await roles(), { bob: ['owner'] });
  });

  test('setTopic, setDescription, setAnnouncement and rename: owners only', async () => {
    const channel = await createChannel(alice, ['bob']);
    const info = async () => ok(await GET(bob, 'channels.info', { roomId: channel._id })).channel;

    assert.deepEqual(ok(await POST(alice, 'channels.setTopic', { roomId: channel._id, topic: 'weather' })), { topic: 'weather', success: true });
    assert.equal((await info()).topic, 'weather');
    const topicNotice = (await history(bob, 'channels', channel._id))[0];
    assert.equal(topicNotice.t, 'room_changed_topic');
    assert.equal(topicNotice.msg, 'weather');
    assertPlainFailure(
      await POST(alice, 'channels.setTopic', { roomId: channel._id, topic: 'weather' }),
      'The channel topic is the same as what it would be changed to.',
    );

    assert.deepEqual(ok(await POST(alice, 'channels.setDescription', { roomId: channel._id, description: 'all about rain' })), {
      description: 'all about rain',
      success: true,
    });
    assert.equal((await info()).description, 'all about rain');
    assert.equal((await history(bob, 'channels', channel._id))[0].t, 'room_changed_description');
    assertPlainFailure(
      await POST(alice, 'channels.setDescription', { roomId: channel._id, description: 'all about rain' }),
      'The channel description is the same as what it would be changed to.',
    );

    assert.deepEqual(ok(await POST(alice, 'channels.setAnnouncement', { roomId: channel._id, announcement: 'bring umbrellas' })), {
      announcement: 'bring umbrellas',
      success: true,
    });
    assert.equal((await info()).announcement, 'bring umbrellas');
    assert.equal((await history(bob, 'channels', channel._id))[0].t, 'room_changed_announcement');
    ok(await POST(alice, 'channels.setAnnouncement', { roomId: channel._id, announcement: 'bring umbrellas' }));

    // A plain member changes nothing.
    assertRefused(await POST(bob, 'channels.setTopic', { roomId: channel._id, topic: 'hijacked' }), 'error-action-not-allowed');
    assertRefused(await POST(bob, 'channels.setDescription', { roomId: channel._id, description: 'hijacked' }), 'error-action-not-allowed');
    assertRefused(await POST(bob, 'channels.setAnnouncement', { roomId: channel._id, announcement: 'hijacked' }), 'error-action-not-allowed');
    assertRefused(await POST(bob, 'channels.rename', { roomId: channel._id, name: unique('hijacked') }), 'error-action-not-allowed');
    const unchanged = await info();
    assert.equal(unchanged.topic, 'weather');
    assert.equal(unchanged.description, 'all about rain');
    assert.equal(unchanged.announcement, 'bring umbrellas');
    assert.equal(unchanged.name, channel.name);

    assertInvalidParams(await POST(alice, 'channels.setTopic', { roomId: channel._id }));
    assertInvalidParams(await POST(alice, 'channels.setDescription', { roomId: channel._id }));
    assertError(await POST(alice, 'channels.setTopic', { topic: 'x' }), 400, 'error-room-param-not-provided');

    const newName = unique('renamed');
    const renamed = ok(await POST(alice, 'channels.rename', { roomId: channel._id, name: newName })).channel;
    assert.equal(renamed._id, channel._id);
    assert.equal(renamed.name, newName);
    assert.equal(renamed.fname, newName);
    const bobsSub = await subscription(bob, channel._id);
    assert.equal(bobsSub.name, newName);
    assert.equal(bobsSub.fname, newName);
    const renameNotice = (await history(bob, 'channels', channel._id))[0];
    assert.equal(renameNotice.t, 'r');
    assert.equal(renameNotice.msg, newName);
    assert.equal(ok(await GET(carol, 'channels.info', { roomName: newName })).channel._id, channel._id);
    assertRoomNotFound(await GET(carol, 'channels.info', { roomName: channel.name }));

    assertPlainFailure(
      await POST(alice, 'channels.rename', { roomId: channel._id, name: newName }),
      'The channel name is the same as what it would be renamed to.',
    );
    assertError(await POST(alice, 'channels.rename', { roomId: channel._id, name: 'not valid!' }), 400, 'error-invalid-room-name');
    const other = await createChannel(alice);
    assertError(await POST(alice, 'channels.rename', { roomId: channel._id, name: other.name }), 400, 'error-duplicate-channel-name');
    assertInvalidParams(await POST(alice, 'channels.rename', { roomId: channel._id }));
  });

  test('archive and unarchive: an archived room refuses posts, joins and changes', async () => {
    const channel = await createChannel(alice, ['bob']);
    const info = async () => ok(await GET(bob, 'channels.info', { roomId: channel._id })).channel;

    assertRefused(await POST(bob, 'channels.archive', { roomId: channel._id }), 'error-not-authorized');
    assert.notEqual((await info()).archived, true);

    assert.deepEqual(ok(await POST(alice, 'channels.archive', { roomId: channel._id })), { success: true });
    assert.equal((await info()).archived, true);
    assert.equal((await subscription(bob, channel._id)).archived, true);
    const notice = (await history(bob, 'channels', channel._id))[0];
    assert.equal(notice.t, 'room-archived');
    assert.equal(notice.u.username, 'alice');

    assertError(await POST(alice, 'chat.sendMessage', { message: { rid: channel._id, msg: 'too late' } }), 400, 'error-room-archived');
    assertError(await POST(bob, 'chat.postMessage', { roomId: channel._id, text: 'too late' }), 400, 'error-room-archived');
    assertError(await POST(carol, 'channels.join', { roomId: channel._id }), 400, 'error-room-archived');
    assertError(await POST(alice, 'channels.setTopic', { roomId: channel._id, topic: 'x' }), 400, 'error-room-archived');
    assertError(await POST(alice, 'channels.archive', { roomId: channel._id }), 400, 'error-room-archived');
    assert.equal((await history(bob, 'channels', channel._id)).length, 1, 'still readable, nothing was posted');

    // unarchive-room is an admin permission by default, even for the owner.
    assertRefused(await POST(alice, 'channels.unarchive', { roomId: channel._id }), 'error-not-authorized');
    ok(await POST(admin, 'channels.unarchive', { roomId: channel._id }));
    assert.notEqual((await info()).archived, true);
    assert.notEqual((await subscription(bob, channel._id)).archived, true);
    assert.equal((await history(bob, 'channels', channel._id))[0].t, 'room-unarchived');
    await send(bob, channel._id, 'back again');
    assertPlainFailure(await POST(admin, 'channels.unarchive', { roomId: channel._id }), `The channel, ${channel.name}, is not archived`);
  });

  test('setReadOnly: plain members cannot post, the owner can', async () => {
    const channel = await createChannel(alice, ['bob']);

    assertRefused(await POST(bob, 'channels.setReadOnly', { roomId: channel._id, readOnly: true }), 'error-action-not-allowed');
    const ro = ok(await POST(alice, 'channels.setReadOnly', { roomId: channel._id, readOnly: true })).channel;
    assert.equal(ro._id, channel._id);
    assert.equal(ro.ro, true);
    assert.equal((await history(bob, 'channels', channel._id))[0].t, 'room-set-read-only');

    assertError(await POST(bob, 'chat.sendMessage', { message: { rid: channel._id, msg: 'let me speak' } }), 400, 'error-message-not-allowed');
    assertError(await POST(bob, 'chat.postMessage', { roomId: channel._id, text: 'let me speak' }), 400, 'error-message-not-allowed');
    const announcement = await send(alice, channel._id, 'owners may post');
    assert.equal((await history(bob, 'channels', channel._id))[0]._id, announcement._id);

    assertPlainFailure(
      await POST(alice, 'channels.setReadOnly', { roomId: channel._id, readOnly: true }),
      'The channel read only setting is the same as what it would be changed to.',
    );
    assertInvalidParams(await POST(alice, 'channels.setReadOnly', { roomId: channel._id }));

    assert.equal(ok(await POST(alice, 'channels.setReadOnly', { roomId: channel._id, readOnly: false })).channel.ro, false);
    await send(bob, channel._id, 'finally');
  });

  test('channels.open and channels.close show and hide the room for the caller', async () => {
    const channel = await createChannel(alice, ['bob']);

    assert.deepEqual(ok(await POST(bob, 'channels.close', { roomId: channel._id })), { success: true });
    assert.equal((await subscription(bob, channel._id)).open, false);
    assert.equal((await subscription(alice, channel._id)).open, true, 'only the caller is affected');
    assert.equal(ok(await GET(bob, 'channels.counters', { roomId: channel._id })).joined, false);
    assertPlainFailure(await POST(bob, 'channels.close', { roomId: channel._id }), `The channel, ${channel.name}, is already closed to the sender`);

    ok(await POST(bob, 'channels.open', { roomId: channel._id }));
    assert.equal((await subscription(bob, channel._id)).open, true);
    assert.equal(ok(await GET(bob, 'channels.counters', { roomId: channel._id })).joined, true);
    assertPlainFailure(await POST(bob, 'channels.open', { roomId: channel._id }), `The channel, ${channel.name}, is already open to the sender`);
    assertPlainFailure(await POST(carol, 'channels.open', { roomId: channel._id }));
    assertPlainFailure(await POST(carol, 'channels.close', { roomId: channel._id }));
  });

  test('groups: the private equivalents, and a private group stays private', async () => {
    const group = await createGroup(alice, ['bob']);
    assert.equal(group.t, 'p');
    assert.equal(group.usersCount, 2);
    assert.deepEqual((await subscription(alice, group._id)).roles, ['owner']);
    const secret = await send(alice, group._id, 'the secret plan');

    assert.equal(ok(await GET(bob, 'groups.info', { roomId: group._id })).group._id, group._id);
    assert.equal(ok(await GET(bob, 'groups.info', { roomName: group.name })).group._id, group._id);
    assert.deepEqual(ids(await history(bob, 'groups', group._id)), [secret._id]);
    const messages = ok(await GET(bob, 'groups.messages', { roomId: group._id }));
    assert.deepEqual(ids(messages.messages), [secret._id]);
    assert.equal(messages.total, 1);
    assertMessage(messages.messages[0], { rid: group._id, msg: 'the secret plan', username: 'alice' });
    const members = ok(await GET(bob, 'groups.members', { roomId: group._id }));
    assert.deepEqual(members.members.map((m) => m.username), ['alice', 'bob']);
    const roles = ok(await GET(bob, 'groups.roles', { roomId: group._id })).roles;
    assert.deepEqual(roles.map((e) => [e.u.username, e.roles]), [['alice', ['owner']]]);
    const counters = ok(await GET(bob, 'groups.counters', { roomId: group._id }));
    assert.equal(counters.joined, true);
    assert.equal(counters.unreads, 1);
    assert.equal(counters.msgs, 1);
    assert.ok(ids(ok(await GET(bob, 'groups.list')).groups).includes(group._id));

    // An outsider learns nothing: not the room, its messages, its members nor a message by id.
    assert.ok(!ids(ok(await GET(carol, 'groups.list')).groups).includes(group._id));
    assertRoomNotFound(await GET(carol, 'groups.info', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'groups.info', { roomName: group.name }));
    assertRoomNotFound(await GET(carol, 'groups.messages', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'groups.history', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'groups.members', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'groups.roles', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'rooms.info', { roomId: group._id }));
    assertRoomNotFound(await GET(carol, 'chat.search', { roomId: group._id, searchText: 'secret' }));
    assertError(await GET(carol, 'chat.getMessage', { msgId: secret._id }), 400, 'error-invalid-message');
    assertError(await POST(carol, 'chat.sendMessage', { message: { rid: group._id, msg: 'let me in' } }), 400, 'error-not-allowed');
    assertRoomNotFound(await GET(alice, 'groups.info', { roomId: (await createChannel(alice))._id }));

    // Membership changes: groups.invite answers the group, kick and leave answer {}.
    assertRefused(await POST(bob, 'groups.invite', { roomId: group._id, username: 'carol' }), 'error-not-allowed');
    const invited = ok(await POST(alice, 'groups.invite', { roomId: group._id, username: 'carol' })).group;
    assert.equal(invited.usersCount, 3);
    assert.equal(ok(await GET(carol, 'groups.info', { roomId: group._id })).group._id, group._id);
    assertRefused(await POST(bob, 'groups.kick', { roomId: group._id, username: 'carol' }), 'error-not-allowed');
    assert.deepEqual(ok(await POST(alice, 'groups.kick', { roomId: group._id, username: 'carol' })), { success: true });
    assertRoomNotFound(await GET(carol, 'groups.info', { roomId: group._id }));

    assertRefused(await POST(bob, 'groups.setTopic', { roomId: group._id, topic: 'hijacked' }), 'error-action-not-allowed');
    assertRefused(await POST(bob, 'groups.rename', { roomId: group._id, name: unique('hijacked') }), 'error-action-not-allowed');
    assertRefused(await POST(bob, 'groups.archive', { roomId: group._id }), 'error-not-authorized');
    assert.deepEqual(ok(await POST(alice, 'groups.setTopic', { roomId: group._id, topic: 'plans' })), { topic: 'plans', success: true });
    ok(await POST(alice, 'groups.setDescription', { roomId: group._id, description: 'secret plans' }));
    ok(await POST(alice, 'groups.setAnnouncement', { roomId: group._id, announcement: 'shh' }));
    const newName = unique('renamed-group');
    assert.equal(ok(await POST(alice, 'groups.rename', { roomId: group._id, name: newName })).group.name, newName);
    const current = ok(await GET(bob, 'groups.info', { roomName: newName })).group;
    assert.equal(current.topic, 'plans');
    assert.equal(current.description, 'secret plans');
    assert.equal(current.announcement, 'shh');

    ok(await POST(alice, 'groups.addModerator', { roomId: group._id, username: 'bob' }));
    assert.deepEqual((await subscription(bob, group._id)).roles, ['moderator']);
    ok(await POST(alice, 'groups.removeModerator', { roomId: group._id, username: 'bob' }));
    ok(await POST(alice, 'groups.addOwner', { roomId: group._id, username: 'bob' }));
    ok(await POST(alice, 'groups.removeOwner', { roomId: group._id, username: 'bob' }));
    assert.deepEqual((await subscription(bob, group._id)).roles, []);

    assert.equal(ok(await POST(alice, 'groups.setReadOnly', { roomId: group._id, readOnly: true })).group.ro, true);
    assertError(await POST(bob, 'chat.sendMessage', { message: { rid: group._id, msg: 'x' } }), 400, 'error-message-not-allowed');
    ok(await POST(alice, 'groups.setReadOnly', { roomId: group._id, readOnly: false }));

    ok(await POST(bob, 'groups.close', { roomId: group._id }));
    assert.equal((await subscription(bob, group._id)).open, false);
    ok(await POST(bob, 'groups.open', { roomId: group._id }));
    assert.equal((await subscription(bob, group._id)).open, true);

    // The admin must be a member to find the private group it unarchives.
    ok(await POST(alice, 'groups.invite', { roomId: group._id, username: 'admin' }));
    ok(await POST(alice, 'groups.archive', { roomId: group._id }));
    assert.equal(ok(await GET(bob, 'groups.info', { roomId: group._id })).group.archived, true);
    assertError(await POST(alice, 'chat.sendMessage', { message: { rid: group._id, msg: 'x' } }), 400, 'error-room-archived');
    assertRefused(await POST(alice, 'groups.unarchive', { roomId: group._id }), 'error-not-authorized');
    ok(await POST(admin, 'groups.unarchive', { roomId: group._id }));
    assert.notEqual(ok(await GET(bob, 'groups.info', { roomId: group._id })).group.archived, true);
    await send(bob, group._id, 'unarchived');

    assert.deepEqual(ok(await POST(bob, 'groups.leave', { roomId: group._id })), { success: true });
    assertRoomNotFound(await GET(bob, 'groups.info', { roomId: group._id }));
    assertRoomNotFound(await POST(bob, 'groups.leave', { roomId: group._id }));
  });

  test('im: create, list, history, messages, members, counters, open and close', async () => {
    const room = ok(await POST(alice, 'im.create', { username: 'bob' })).room;
    const rid = [alice.userId, bob.userId].sort().join('');
    assert.equal(room._id, rid);
    assert.equal(room.rid, rid);
    assert.equal(room.t, 'd');
    assert.deepEqual([...room.usernames].sort(), ['alice', 'bob']);
    assert.deepEqual([...room.uids].sort(), [alice.userId, bob.userId].sort());
    assert.equal(ok(await POST(bob, 'im.create', { username: 'alice' })).room._id, rid, 'both sides find one room');

    const hello = await send(alice, rid, 'hello bob');
    assert.deepEqual(ids(await history(bob, 'im', rid)), [hello._id]);
    const messages = ok(await GET(bob, 'im.messages', { roomId: rid }));
    assert.deepEqual(ids(messages.messages), [hello._id]);
    assert.equal(messages.total, 1);
    assertMessage(messages.messages[0], { rid, msg: 'hello bob', username: 'alice' });
    assert.deepEqual(ids(ok(await GET(bob, 'im.messages', { username: 'alice' })).messages), [hello._id], 'by username');
    const members = ok(await GET(bob, 'im.members', { roomId: rid }));
    assert.deepEqual(members.members.map((m) => m.username), ['alice', 'bob']);
    assert.equal(members.total, 2);
    const counters = ok(await GET(bob, 'im.counters', { roomId: rid }));
    assert.equal(counters.joined, true);
    assert.equal(counters.unreads, 1);
    assert.equal(counters.msgs, 1);
    assert.equal(counters.members, 2);
    assert.equal(counters.latest, hello.ts);

    const ims = ok(await GET(alice, 'im.list'));
    assert.ok(ids(ims.ims).includes(rid));
    assert.equal(ims.total, ims.ims.length);
    assert.ok(!ids(ok(await GET(carol, 'im.list')).ims).includes(rid));

    assert.deepEqual(ok(await POST(bob, 'im.close', { roomId: rid })), { success: true });
    assert.equal((await subscription(bob, rid)).open, false);
    assertPlainFailure(await POST(bob, 'im.close', { roomId: rid }));
    ok(await POST(bob, 'im.open', { roomId: rid }));
    assert.equal((await subscription(bob, rid)).open, true);

    const trio = ok(await POST(alice, 'im.create', { usernames: 'bob,carol' })).room;
    assert.equal(trio.t, 'd');
    assert.equal(trio.usersCount, 3);
    assert.deepEqual([...trio.usernames].sort(), ['alice', 'bob', 'carol']);
    assert.ok(ids(ok(await GET(carol, 'im.list')).ims).includes(trio._id));

    assertRoomNotFound(await GET(carol, 'im.history', { roomId: rid }));
    assertRoomNotFound(await GET(carol, 'im.messages', { roomId: rid }));
    assertRoomNotFound(await GET(carol, 'im.members', { roomId: rid }));
    assertError(await GET(bob, 'im.messages'), 400, 'error-room-param-not-provided');
    assertError(await POST(alice, 'im.create', { username: 'nobody-at-all' }), 400, 'error-invalid-user');
    assertInvalidParams(await POST(alice, 'im.create', {}));
  });

  test('rooms.get, rooms.info, rooms.leave and subscriptions.get with updatedSince', async () => {
    const erinUser = await createUser(server, admin, { username: 'erin', name: 'Erin', email: 'erin@example.com', password: PASSWORD });
    const erin = await login(server, 'erin', PASSWORD);
    const channel = await createChannel(erin);
    const group = await createGroup(erin);
    const joined = await createChannel(alice, ['erin']);
    await send(alice, joined._id, 'hi erin');

    const rooms = ok(await GET(erin, 'rooms.get'));
    // erin joined #general (GENERAL, a default channel) when users.create made her.
    assert.deepEqual(ids(rooms.update).sort(), [channel._id, group._id, joined._id, 'GENERAL'].sort());
    assert.ok(Array.isArray(rooms.remove));
    const withLast = rooms.update.find((r) => r._id === joined._id);
    assert.equal(withLast.lastMessage.msg, 'hi erin');
    assertIso(withLast.lm, 'lm');
    const latestRoom = rooms.update.reduce((a, b) => (ms(a._updatedAt) >= ms(b._updatedAt) ? a : b));
    const roomsSince = ok(await GET(erin, 'rooms.get', { updatedSince: isoMinus1(latestRoom._updatedAt) }));
    const expectedRooms = rooms.update.filter((r) => ms(r._updatedAt) >= ms(latestRoom._updatedAt));
    assert.deepEqual(ids(roomsSince.update).sort(), ids(expectedRooms).sort());
    assert.deepEqual(ok(await GET(erin, 'rooms.get', { updatedSince: latestRoom._updatedAt })).update, []);
    assertInvalidParams(await GET(erin, 'rooms.get', { updatedSince: 'last week' }));

    const subs = ok(await GET(erin, 'subscriptions.get'));
    assert.deepEqual(subs.update.map((s) => s.rid).sort(), [channel._id, group._id, joined._id, 'GENERAL'].sort());
    assert.ok(Array.isArray(subs.remove));
    for (const s of subs.update) {
      assert.deepEqual(s.u, { _id: erinUser._id, username: 'erin' });
      assertIso(s.ts, 'ts');
      assertIso(s._updatedAt, '_updatedAt');
      assert.equal(typeof s.unread, 'number');
      assert.equal(typeof s.open, 'boolean');
    }
    assert.deepEqual(subs.update.find((s) => s.rid === group._id).roles, ['owner']);
    assert.equal(subs.update.find((s) => s.rid === group._id).t, 'p');
    assert.equal(subs.update.find((s) => s.rid === joined._id).unread, 1);

    ok(await POST(erin, 'subscriptions.read', { rid: joined._id }));
    const all = ok(await GET(erin, 'subscriptions.get')).update;
    const read = all.find((s) => s.rid === joined._id);
    const since = isoMinus1(read._updatedAt);
    const changed = ok(await GET(erin, 'subscriptions.get', { updatedSince: since })).update;
    assert.ok(changed.some((s) => s.rid === joined._id), 'the read subscription is listed');
    assert.deepEqual(ids(changed).sort(), ids(all.filter((s) => ms(s._updatedAt) > ms(since))).sort());
    const newest = Math.max(...all.map((s) => ms(s._updatedAt)));
    assert.deepEqual(ok(await GET(erin, 'subscriptions.get', { updatedSince: new Date(newest).toISOString() })).update, []);
    assertInvalidParams(await GET(erin, 'subscriptions.get', { updatedSince: 'yesterday' }));

    assert.equal((await subscription(erin, channel._id)).rid, channel._id);
    assert.equal(await subscription(erin, NO_ROOM), null);
    assertInvalidParams(await GET(erin, 'subscriptions.getOne'));

    const byId = ok(await GET(erin, 'rooms.info', { roomId: group._id })).room;
    assert.equal(byId._id, group._id);
    assert.equal(byId.t, 'p');
    assert.equal(byId.name, group.name);
    assert.equal(byId.ro, false);
    assert.equal(ok(await GET(erin, 'rooms.info', { roomName: channel.name })).room._id, channel._id);
    assertError(await GET(erin, 'rooms.info'), 400, 'error-room-param-not-provided');
    assertRoomNotFound(await GET(erin, 'rooms.info', { roomId: NO_ROOM }));

    const beforeLeave = (await subscription(erin, joined._id));
    assert.deepEqual(ok(await POST(erin, 'rooms.leave', { roomId: joined._id })), { success: true });
    assert.equal(await subscription(erin, joined._id), null);
    // The ended subscription is listed in `remove` as Rocket.Chat lists its trash.
    const afterLeave = ok(await GET(erin, 'subscriptions.get', { updatedSince: beforeLeave._updatedAt }));
    assert.equal(afterLeave.remove.length, 1, JSON.stringify(afterLeave.remove));
    assert.equal(afterLeave.remove[0]._id, beforeLeave._id);
    assertIso(afterLeave.remove[0]._deletedAt, '_deletedAt');
    assert.ok(!afterLeave.update.some((s) => s.rid === joined._id));
    assert.equal((await history(alice, 'channels', joined._id))[0].t, 'ul');
    assertError(await POST(erin, 'rooms.leave', { roomId: joined._id }), 400, 'error-user-not-in-room');
    ok(await POST(erin, 'channels.join', { roomId: joined._id }));
    ok(await POST(erin, 'rooms.leave', { rid: joined._id })); // sdk alpha sends {rid}
    assert.equal(await subscription(erin, joined._id), null);
    assertInvalidParams(await POST(erin, 'rooms.leave', {}));
    assertRoomNotFound(await POST(erin, 'rooms.leave', { roomId: NO_ROOM }));
    assert.ok(!ids(ok(await GET(erin, 'rooms.get')).update).includes(joined._id));
  });

  test('chat.update and chat.delete', async () => {
    const channel = await createChannel(alice, ['bob']);
    const mine = await send(alice, channel._id, 'first draft');

    const edited = ok(await POST(alice, 'chat.update', { roomId: channel._id, msgId: mine._id, text: 'final @bob' })).message;
    assertMessage(edited, { rid: channel._id, msg: 'final @bob', username: 'alice' });
    assert.equal(edited._id, mine._id);
    assert.equal(edited.ts, mine.ts, 'an edit keeps ts');
    assertIso(edited.editedAt, 'editedAt');
    assert.deepEqual(edited.editedBy, { _id: alice.userId, username: 'alice' });
    assert.deepEqual(edited.mentions.map((m) => m.username), ['bob']);
    assert.ok(edited.md[0].value.some((n) => n.type === 'MENTION_USER'), 'md is re-parsed');
    const stored = ok(await GET(bob, 'chat.getMessage', { msgId: mine._id })).message;
    assert.equal(stored.msg, 'final @bob');
    assert.equal(stored.editedAt, edited.editedAt);

    assertError(await POST(bob, 'chat.update', { roomId: channel._id, msgId: mine._id, text: 'hacked' }), 400, 'error-action-not-allowed');
    const other = await createChannel(alice);
    assertError(await POST(alice, 'chat.update', { roomId: other._id, msgId: mine._id, text: 'moved' }), 400, 'error-invalid-message');
    assertError(await POST(alice, 'chat.update', { roomId: channel._id, msgId: 'NoSuchMessage0000', text: 'x' }), 400, 'error-invalid-message');
    assertInvalidParams(await POST(alice, 'chat.update', { roomId: channel._id, msgId: mine._id }));
    assert.equal(ok(await GET(bob, 'chat.getMessage', { msgId: mine._id })).message.msg, 'final @bob');

    assertError(await POST(bob, 'chat.delete', { roomId: channel._id, msgId: mine._id }), 400, 'error-action-not-allowed');
    const removed = ok(await POST(alice, 'chat.delete', { roomId: channel._id, msgId: mine._id, asUser: true }));
    assert.equal(removed._id, mine._id);
    assert.match(removed.ts, /^\d+$/, 'ts is milliseconds as a string');
    assert.equal(removed.message._id, mine._id);
    assert.equal(removed.message.rid, channel._id);
    assert.equal(removed.message.u.username, 'alice');
    assert.deepEqual(await history(bob, 'channels', channel._id), []);
    assertError(await GET(bob, 'chat.getMessage', { msgId: mine._id }), 400, 'error-invalid-message');
    assertError(await POST(alice, 'chat.delete', { roomId: channel._id, msgId: mine._id }), 400, 'error-invalid-message');

    // The owner may delete someone else's message (delete-message).
    const bobs = await send(bob, channel._id, 'oops');
    ok(await POST(alice, 'chat.delete', { roomId: channel._id, msgId: bobs._id }));
    assert.deepEqual(await history(bob, 'channels', channel._id), []);
    assertInvalidParams(await POST(alice, 'chat.delete', { roomId: channel._id }));
  });

  test('chat.getMessage, chat.react, chat.starMessage and pins', async () => {
    const channel = await createChannel(alice, ['bob']);
    const m = await send(alice, channel._id, 'react to me');

    const got = ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message;
    assert.deepEqual(got, m);
    assertInvalidParams(await GET(bob, 'chat.getMessage'));
    assertError(await GET(bob, 'chat.getMessage', { msgId: 'NoSuchMessage0000' }), 400, 'error-invalid-message');

    const reactions = async () => ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message.reactions;
    assert.deepEqual(ok(await POST(bob, 'chat.react', { messageId: m._id, emoji: 'smile' })), { success: true });
    assert.deepEqual(await reactions(), { ':smile:': { usernames: ['bob'] } });
    ok(await POST(alice, 'chat.react', { messageId: m._id, emoji: ':smile:', shouldReact: true }));
    ok(await POST(alice, 'chat.react', { messageId: m._id, reaction: ':tada:' }));
    assert.deepEqual(await reactions(), { ':smile:': { usernames: ['bob', 'alice'] }, ':tada:': { usernames: ['alice'] } });
    ok(await POST(bob, 'chat.react', { messageId: m._id, emoji: 'smile' })); // toggles off
    ok(await POST(bob, 'chat.react', { messageId: m._id, emoji: 'tada', shouldReact: false })); // no-op
    ok(await POST(alice, 'chat.react', { messageId: m._id, emoji: 'tada', shouldReact: false }));
    assert.deepEqual(await reactions(), { ':smile:': { usernames: ['alice'] } });
    assertError(await POST(bob, 'chat.react', { messageId: m._id }), 400, 'error-emoji-param-not-provided');
    assertError(await POST(bob, 'chat.react', { messageId: 'NoSuchMessage0000', emoji: 'smile' }), 400, 'error-invalid-message');
    assertInvalidParams(await POST(bob, 'chat.react', { emoji: 'smile' }));

    // `starred` is reduced to the reader's own entry.
    assert.deepEqual(ok(await POST(bob, 'chat.starMessage', { messageId: m._id })), { success: true });
    assert.deepEqual(ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message.starred, [{ _id: bob.userId }]);
    assert.deepEqual(ok(await GET(alice, 'chat.getMessage', { msgId: m._id })).message.starred ?? [], []);
    ok(await POST(bob, 'chat.unStarMessage', { messageId: m._id }));
    assert.deepEqual(ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message.starred ?? [], []);
    assertInvalidParams(await POST(bob, 'chat.starMessage', {}));
    assertError(await POST(bob, 'chat.starMessage', { messageId: 'NoSuchMessage0000' }), 400, 'error-invalid-message');

    assertError(await POST(bob, 'chat.pinMessage', { messageId: m._id }), 400, 'error-action-not-allowed');
    const pinned = ok(await POST(alice, 'chat.pinMessage', { messageId: m._id }));
    assert.equal(typeof pinned.message?._id, 'string', 'pin answers {message}');
    const original = ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message;
    assert.equal(original.pinned, true);
    assert.deepEqual(original.pinnedBy, { _id: alice.userId, username: 'alice' });
    assertIso(original.pinnedAt, 'pinnedAt');
    const notice = (await history(bob, 'channels', channel._id))[0];
    assert.equal(notice.t, 'message_pinned');
    assert.equal(notice.u.username, 'alice');
    assert.equal(notice.attachments[0].text, 'react to me');
    assert.equal(notice.attachments[0].author_name, 'alice');
    assert.equal(notice.attachments[0].ts, m.ts);

    assert.deepEqual(ok(await POST(alice, 'chat.unPinMessage', { messageId: m._id })), { success: true });
    assert.equal(ok(await GET(bob, 'chat.getMessage', { msgId: m._id })).message.pinned, false);
    assertInvalidParams(await POST(alice, 'chat.pinMessage', {}));
    assertError(await POST(alice, 'chat.unPinMessage', { messageId: 'NoSuchMessage0000' }), 400, 'error-invalid-message');
  });

  test('chat.getThreadMessages, chat.syncMessages and chat.search', async () => {
    const channel = await createChannel(alice, ['bob']);
    const parent = await send(alice, channel._id, 'Banana bread recipe?');
    const r1 = await send(bob, channel._id, 'two bananas', { tmid: parent._id });
    const r2 = await send(alice, channel._id, 'and flour', { tmid: parent._id });
    const nested = await send(bob, channel._id, 'reply to a reply', { tmid: r1._id });
    assert.equal(nested.tmid, parent._id, 'a reply to a reply joins the root thread');
    const apple = await send(bob, channel._id, 'apple pie instead');

    const thread = ok(await GET(alice, 'chat.getThreadMessages', { tmid: parent._id, roomId: channel._id }));
    assert.deepEqual(ids(thread.messages), [r1._id, r2._id, nested._id], 'oldest first');
    assert.equal(thread.total, 3);
    assert.equal(thread.count, 3);
    for (const m of thread.messages) assert.equal(m.tmid, parent._id);
    const second = ok(await GET(alice, 'chat.getThreadMessages', { tmid: parent._id, count: 1, offset: 1 }));
    assert.deepEqual(ids(second.messages), [r2._id]);
    assert.equal(second.total, 3);
    const root = ok(await GET(alice, 'chat.getMessage', { msgId: parent._id })).message;
    assert.equal(root.tcount, 3);
    assert.equal(root.tlm, nested.ts);
    assert.ok(root.replies.includes(bob.userId), JSON.stringify(root.replies));
    assertInvalidParams(await GET(alice, 'chat.getThreadMessages'));
    assertError(await GET(alice, 'chat.getThreadMessages', { tmid: 'NoSuchMessage0000' }), 400, 'error-invalid-message');

    const found = ok(await GET(alice, 'chat.search', { roomId: channel._id, searchText: 'BREAD' })).messages;
    assert.deepEqual(ids(found), [parent._id], 'any case');
    const pie = ok(await GET(alice, 'chat.search', { roomId: channel._id, searchText: 'pie' })).messages;
    assert.deepEqual(ids(pie), [apple._id]);
    assertMessage(pie[0], { rid: channel._id, msg: 'apple pie instead', username: 'bob' });
    assert.deepEqual(ok(await GET(alice, 'chat.search', { roomId: channel._id, searchText: 'durian' })).messages, []);
    assertInvalidParams(await GET(alice, 'chat.search', { roomId: channel._id }));
    assertRoomNotFound(await GET(alice, 'chat.search', { roomId: NO_ROOM, searchText: 'x' }));

    ok(await POST(bob, 'chat.delete', { roomId: channel._id, msgId: apple._id }));
    const sync = ok(await GET(bob, 'chat.syncMessages', { roomId: channel._id, lastUpdate: isoMinus1(channel.ts) })).result;
    assert.deepEqual(ids(sync.updated).sort(), [parent._id, r1._id, r2._id, nested._id].sort());
    for (const m of sync.updated) assertMessage(m, { rid: channel._id, username: m.u.username });
    assert.equal(sync.deleted.length, 1);
    assert.equal(sync.deleted[0]._id, apple._id);
    assertIso(sync.deleted[0]._deletedAt, '_deletedAt');
    const newest = Math.max(...sync.updated.map((m) => ms(m._updatedAt)), ms(sync.deleted[0]._deletedAt));
    const quiet = ok(await GET(bob, 'chat.syncMessages', { roomId: channel._id, lastUpdate: new Date(newest).toISOString() })).result;
    assert.deepEqual(quiet, { updated: [], deleted: [] });
    assertInvalidParams(await GET(bob, 'chat.syncMessages', { roomId: channel._id }));
    assertInvalidParams(await GET(bob, 'chat.syncMessages', { roomId: channel._id, lastUpdate: 'soon' }));
    assertRoomNotFound(await GET(bob, 'chat.syncMessages', { roomId: NO_ROOM, lastUpdate: channel.ts }));
  });

  test('method.call and method.callAnon wrap DDP methods', async () => {
    const channel = await createChannel(alice, ['bob']);
    const group = await createGroup(alice, ['bob']);

    const byName = methodReply(await callMethod(bob, 'getRoomIdByNameOrId', [channel.name]));
    assert.deepEqual(byName, { msg: 'result', id: '1', result: channel._id });
    assert.equal(methodReply(await callMethod(bob, 'getRoomIdByNameOrId', [group._id], { id: '7' })).result, group._id);

    const sent = methodReply(await callMethod(bob, 'sendMessage', [{ rid: channel._id, msg: 'via method.call' }], { id: 'm2' }));
    assert.equal(sent.id, 'm2');
    assert.equal(sent.result.msg, 'via method.call');
    assert.equal(sent.result.u.username, 'bob');
    assert.ok(Number.isInteger(sent.result.ts.$date), 'EJSON dates inside `message`');
    const listed = ok(await GET(alice, 'channels.messages', { roomId: channel._id })).messages[0];
    assert.equal(listed._id, sent.result._id);
    assert.equal(ms(listed.ts), sent.result.ts.$date);

    // Method errors are still HTTP 200 with success:true; the error sits in `message`.
    const denied = methodReply(await callMethod(carol, 'sendMessage', [{ rid: group._id, msg: 'let me in' }]));
    assert.equal(denied.msg, 'result');
    assert.equal(denied.result, undefined);
    assert.equal(denied.error.error, 'error-not-allowed');
    assert.equal(denied.error.errorType, 'Meteor.Error');
    assert.equal(denied.error.isClientSafe, true);
    assert.deepEqual(await history(alice, 'groups', group._id), []);
    const hidden = methodReply(await callMethod(carol, 'getRoomIdByNameOrId', [group.name]));
    assert.equal(hidden.error.error, 'error-not-allowed');

    const unknown = methodReply(await callMethod(bob, 'noSuchMethod', [], { id: null }));
    assert.equal(unknown.id, null, 'EmbeddedChat sends id:null');
    assert.equal(unknown.error.error, 404);
    assert.equal(unknown.error.reason, "Method 'noSuchMethod' not found");
    assert.equal(unknown.error.message, "Method 'noSuchMethod' not found [404]");

    assertUnauthorized(await callMethod(undefined, 'getRoomIdByNameOrId', [channel.name]));

    const malformed = [
      {},
      { message: 42 },
      { message: '{not json' },
      { message: JSON.stringify({ msg: 'method', id: '1', params: [] }) },
      { message: JSON.stringify({ msg: 'method', id: '1', method: 'getRoomIdByNameOrId', params: 'x' }) },
    ];
    for (const body of malformed) {
      for (const endpoint of ['method.call/x', 'method.callAnon/x']) {
        const r = await POST(bob, endpoint, body);
        assertInvalidParams(r);
        assert.match(r.body.error, /^Invalid method call/, r.text);
      }
    }

    const login = methodReply(await callMethod(undefined, 'login', [{ user: { username: 'carol' }, password: PASSWORD }], { anon: true, id: 'L' }));
    assert.equal(login.id, 'L');
    assert.equal(login.result.id, carol.userId);
    assert.equal(login.result.type, 'password');
    assert.ok(Number.isInteger(login.result.tokenExpires.$date));
    const me = ok(await GET({ userId: login.result.id, authToken: login.result.token }, 'me'));
    assert.equal(me.username, 'carol');
    const wrong = methodReply(await callMethod(undefined, 'login', [{ user: { username: 'carol' }, password: 'wrong' }], { anon: true }));
    assert.equal(wrong.error.error, 403);
    assert.equal(wrong.error.reason, 'Incorrect password');
    assert.equal(methodReply(await callMethod(undefined, 'noSuchMethod', [], { anon: true })).error.error, 404);
  });

  test('unknown rooms and missing room params are refused the same way everywhere', async () => {
    const gets = ['history', 'messages', 'members', 'counters'];
    for (const family of ['channels', 'groups', 'im']) {
      for (const what of [...gets, ...(family === 'im' ? [] : ['info', 'roles'])]) {
        assertRoomNotFound(await GET(bob, `${family}.${what}`, { roomId: NO_ROOM }));
        assertError(await GET(bob, `${family}.${what}`), 400, 'error-room-param-not-provided');
      }
    }
    const posts = {
      channels: ['invite', 'kick', 'join', 'leave', 'open', 'close', 'setTopic', 'setDescription', 'setAnnouncement',
        'rename', 'archive', 'unarchive', 'setReadOnly', 'addOwner', 'removeOwner', 'addModerator', 'removeModerator'],
      groups: ['invite', 'kick', 'leave', 'open', 'close', 'setTopic', 'rename', 'archive', 'unarchive', 'setReadOnly',
        'addOwner', 'removeOwner', 'addModerator', 'removeModerator'],
      im: ['open', 'close'],
    };
    // Every other required field is present, so only the room decides. (For im.*, a
    // `username` would name a DM, so it gets none.)
    const fields = { username: 'carol', topic: 't', description: 'd', announcement: 'a', name: unique('n'), readOnly: true };
    for (const [family, list] of Object.entries(posts)) {
      const rest = family === 'im' ? {} : fields;
      for (const what of list) {
        // RC 7's dm actions check access first: im.open answers 403 for a room the caller
        // cannot read (none at all included), im.close looks for the subscription.
        if (family === 'im' && what === 'open') {
          const r = await POST(alice, 'im.open', { roomId: NO_ROOM });
          assert.equal(r.status, 403, r.text);
          assert.deepEqual(r.body, { success: false, error: 'unauthorized' });
        } else if (family === 'im' && what === 'close') {
          assertPlainFailure(await POST(alice, 'im.close', { roomId: NO_ROOM }), 'The user is not subscribed to the room');
        } else {
          assertRoomNotFound(await POST(alice, `${family}.${what}`, { roomId: NO_ROOM, ...rest }));
        }
        assertError(await POST(alice, `${family}.${what}`, rest), 400, 'error-room-param-not-provided');
      }
    }
    assertError(await POST(alice, 'chat.postMessage', { roomId: NO_ROOM, text: 'x' }), 400, 'invalid-channel');
    assertRoomNotFound(await GET(bob, 'chat.syncMessages', { roomId: NO_ROOM, lastUpdate: new Date(0).toISOString() }));
  });

  test('the server still serves after all of the above', async () => {
    await assertServes(server, admin);
  });
});
