// Black-box: discussions as Rocket.Chat 7 has them (issue 11, item 3). REST rooms.createDiscussion,
// rooms.getDiscussions, chat.getDiscussions (apps/meteor/app/api/server/v1/rooms.ts, chat.ts), the
// DDP method createDiscussion (apps/meteor/app/discussion/server/methods/createDiscussion.ts), the
// parent's discussion-created message with drid/dcount/dlm, and what deleting either side does
// (hooks/propagateDiscussionMetadata.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const SUB_OPTIONS = { useCollection: false, args: [] };

describe('discussions', () => {
  let server;
  let admin;
  let ann; // creates the rooms and the discussions
  let ben; // member of both parents
  let cid; // invited into discussions only
  let oscar; // outsider
  let channel; // #planning: ann, ben
  let group; // private group: ann, ben
  let launch; // the discussion created in the first test
  const clients = [];

  const createDiscussion = (auth, body) => post(server, '/api/v1/rooms.createDiscussion', body, { auth });
  const send = async (auth, rid, msg) => {
    const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg } }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.message;
  };
  const links = async (auth, roomId, extra = '') => {
    const r = await get(server, `/api/v1/chat.getDiscussions?roomId=${roomId}${extra}`, { auth });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r.body;
  };
  // Meteor errors through REST: 400 {success:false, error:"<reason> [<code>]", errorType:<code>}.
  const assertRefused = (r, code) => {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errorType, code, r.text);
    assert.match(r.body.error, new RegExp(`\\[${code}\\]$`));
  };
  const assertPlainFailure = (r, text) => {
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body, { success: false, error: text });
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const u of ['ann', 'ben', 'cid', 'oscar']) {
      await createUser(server, admin, { username: u, name: u.toUpperCase(), email: `${u}@example.com`, password: PASSWORD });
    }
    ann = await login(server, 'ann', PASSWORD);
    ben = await login(server, 'ben', PASSWORD);
    cid = await login(server, 'cid', PASSWORD);
    oscar = await login(server, 'oscar', PASSWORD);
    const c = await post(server, '/api/v1/channels.create', { name: 'planning', members: ['ben'] }, { auth: ann });
    assert.equal(c.status, 200, c.text);
    channel = c.body.channel;
    const g = await post(server, '/api/v1/groups.create', { name: 'secret', members: ['ben'] }, { auth: ann });
    assert.equal(g.status, 200, g.text);
    group = g.body.group;
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('rooms.createDiscussion: a channel of the parent, its members, the link and the reply, live', async () => {
    const listener = await ddpLoggedIn(server, 'ben', PASSWORD, clients);
    const ready = await listener.sub('stream-room-messages', [channel._id, SUB_OPTIONS]);
    assert.equal(ready.msg, 'ready');
    const from = listener.frames.length;

    const r = await createDiscussion(ann, { prid: channel._id, t_name: 'Launch plan', users: ['cid', ''], reply: 'kick-off' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    launch = r.body.discussion;
    assert.equal(launch.t, 'c', 'a discussion of a channel is a channel');
    assert.equal(launch.rid, launch._id);
    assert.equal(launch.inserted, true);
    assert.equal(launch.prid, channel._id);
    assert.equal(launch.fname, 'Launch plan');
    assert.equal(launch.topic, 'planning', "the topic defaults to the parent's name");
    assert.equal(typeof launch.name, 'string');
    assert.notEqual(launch.name, 'Launch plan', 'the name is a random id');
    assert.equal(launch.u.username, 'ann');
    assert.equal(launch.usersCount, 2, 'the creator and the invited user');
    assert.equal(launch.msgs, 1, 'the reply is its first message');
    assert.equal(typeof launch.ts, 'string', 'REST dates are ISO strings');

    // The parent's discussion-created message reaches the parent's listeners, then its counts.
    const created = await listener.waitFor(
      (m) => m.collection === 'stream-room-messages' && m.fields?.args?.[0]?.t === 'discussion-created',
      { from, what: 'discussion-created' },
    );
    const link = created.fields.args[0];
    assert.equal(link.rid, channel._id);
    assert.equal(link.drid, launch._id);
    assert.equal(link.msg, 'Launch plan');
    assert.equal(link.u.username, 'ann');
    const counted = await listener.waitFor(
      (m) => m.collection === 'stream-room-messages' && m.fields?.args?.[0]?._id === link._id && m.fields.args[0].dcount === 1,
      { from, what: 'dcount 1' },
    );
    assert.ok(counted.fields.args[0].dlm.$date, 'dlm is the discussion\'s last message (EJSON on DDP)');

    // Another message in the discussion moves the parent's link live.
    const before = listener.frames.length;
    await send(cid, launch._id, 'count me in');
    const moved = await listener.waitFor(
      (m) => m.collection === 'stream-room-messages' && m.fields?.args?.[0]?._id === link._id && m.fields.args[0].dcount === 2,
      { from: before, what: 'dcount 2' },
    );
    assert.ok(moved.fields.args[0].dlm.$date >= counted.fields.args[0].dlm.$date);

    // Members: the creator owns it; the invited user has it in the sidebar as a discussion.
    const members = await get(server, `/api/v1/channels.members?roomId=${launch._id}`, { auth: ann });
    assert.deepEqual(members.body.members.map((m) => m.username).sort(), ['ann', 'cid']);
    const roles = await get(server, `/api/v1/channels.roles?roomId=${launch._id}`, { auth: ann });
    assert.deepEqual(roles.body.roles.map((x) => [x.u.username, x.roles]), [['ann', ['owner']]]);
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${launch._id}`, { auth: cid });
    assert.equal(sub.status, 200, sub.text);
    assert.equal(sub.body.subscription.prid, channel._id);
    assert.equal(sub.body.subscription.fname, 'Launch plan');
    const subs = await get(server, '/api/v1/subscriptions.get', { auth: cid });
    assert.equal(subs.body.update.find((s) => s.rid === launch._id)?.prid, channel._id);
    const rooms = await get(server, '/api/v1/rooms.get', { auth: cid });
    assert.equal(rooms.body.update.find((x) => x._id === launch._id)?.prid, channel._id);

    // The reply is the discussion's history.
    const history = await get(server, `/api/v1/channels.history?roomId=${launch._id}`, { auth: cid });
    assert.deepEqual(history.body.messages.map((m) => m.msg), ['count me in', 'kick-off']);
  });

  test('chat.getDiscussions: the parent\'s links with dcount and dlm, text filter, paging', async () => {
    const second = await createDiscussion(ann, { prid: channel._id, t_name: 'Budget' });
    assert.equal(second.status, 200, second.text);
    const body = await links(ben, channel._id);
    assert.equal(body.total, 2);
    assert.equal(body.count, 2);
    assert.equal(body.offset, 0);
    assert.deepEqual(body.messages.map((m) => m.msg), ['Budget', 'Launch plan'], 'newest first');
    const launchLink = body.messages[1];
    assert.equal(launchLink.t, 'discussion-created');
    assert.equal(launchLink.drid, launch._id);
    assert.equal(launchLink.dcount, 2);
    assert.equal(typeof launchLink.dlm, 'string', 'REST dates are ISO strings');
    assert.equal(body.messages[0].dcount, undefined, 'no count before its first message');

    const filtered = await links(ben, channel._id, '&text=LAUNCH');
    assert.deepEqual(filtered.messages.map((m) => m.drid), [launch._id]);
    assert.equal(filtered.total, 1);
    const paged = await links(ben, channel._id, '&count=1&offset=1');
    assert.deepEqual(paged.messages.map((m) => m.msg), ['Launch plan']);
    assert.equal(paged.total, 2);

    const noRoom = await get(server, '/api/v1/chat.getDiscussions', { auth: ben });
    assert.equal(noRoom.status, 400);
    assert.equal(noRoom.body.success, false);
    assert.match(noRoom.body.error, /roomId/);
  });

  test('rooms.getDiscussions: the parent\'s discussion rooms by fname, by id or name, paged', async () => {
    const r = await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}`, { auth: ben });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.discussions.map((d) => d.fname), ['Budget', 'Launch plan']);
    assert.equal(r.body.total, 2);
    assert.equal(r.body.count, 2);
    assert.equal(r.body.offset, 0);
    for (const d of r.body.discussions) assert.equal(d.prid, channel._id);
    const byName = await get(server, '/api/v1/rooms.getDiscussions?roomName=planning&count=1', { auth: ben });
    assert.deepEqual(byName.body.discussions.map((d) => d.fname), ['Budget']);
    assert.equal(byName.body.total, 2);
    const text = await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}&text=plan`, { auth: ben });
    assert.deepEqual(text.body.discussions.map((d) => d._id), [launch._id]);

    const none = await get(server, `/api/v1/rooms.getDiscussions?roomId=${launch._id}`, { auth: ann });
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.body.discussions, []);
    const missing = await get(server, '/api/v1/rooms.getDiscussions', { auth: ben });
    assertRefused(missing, 'error-roomid-param-not-provided');
    const unknown = await get(server, '/api/v1/rooms.getDiscussions?roomId=nope', { auth: ben });
    assertRefused(unknown, 'error-room-not-found');
  });

  test('posting in a public discussion joins it (RC\'s joinDiscussionOnMessage)', async () => {
    const before = await get(server, `/api/v1/channels.members?roomId=${launch._id}`, { auth: ann });
    assert.equal(before.body.members.some((m) => m.username === 'oscar'), false);
    await send(oscar, launch._id, 'a passer-by');
    const after = await get(server, `/api/v1/channels.members?roomId=${launch._id}`, { auth: ann });
    assert.deepEqual(after.body.members.map((m) => m.username).sort(), ['ann', 'cid', 'oscar']);
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${launch._id}`, { auth: oscar });
    assert.equal(sub.status, 200, sub.text);
    assert.equal(sub.body.subscription.prid, channel._id, 'the joined member sees a discussion');
    const history = await get(server, `/api/v1/channels.history?roomId=${launch._id}&count=2`, { auth: oscar });
    assert.deepEqual(history.body.messages.map((m) => [m.t ?? null, m.u.username]), [['uj', 'oscar'], [null, 'oscar']]);
  });

  test('rooms.createDiscussion from a message (pmid): the quote, the author invited, the quoted link', async () => {
    const quoted = await send(ben, channel._id, 'should we ship on friday?');
    const r = await createDiscussion(ann, { prid: channel._id, pmid: quoted._id, t_name: 'Friday ship' });
    assert.equal(r.status, 200, r.text);
    const d = r.body.discussion;
    assert.equal(d.description, 'should we ship on friday?');
    assert.equal(d.usersCount, 2, "the quoted message's author is invited");
    const history = await get(server, `/api/v1/channels.history?roomId=${d._id}`, { auth: ben });
    assert.equal(history.status, 200, history.text);
    assert.equal(history.body.messages.length, 1);
    const opening = history.body.messages[0];
    assert.equal(opening.msg, '');
    assert.equal(opening.u.username, 'ann');
    assert.equal(opening.attachments[0].text, 'should we ship on friday?');
    assert.equal(opening.attachments[0].author_name, 'ben');
    const link = (await links(ann, channel._id)).messages.find((m) => m.drid === d._id);
    assert.equal(link.msg, 'Friday ship');
    assert.equal(link.attachments[0].text, 'should we ship on friday?');
    const info = await get(server, `/api/v1/rooms.info?roomId=${d._id}`, { auth: ben });
    assert.equal(info.body.room.msgs, 0, 'the quote is not counted, as in RC');
  });

  test('rooms.createDiscussion of a private group is a private group its outsiders cannot see', async () => {
    const r = await createDiscussion(ben, { prid: group._id, t_name: 'Salaries' });
    assert.equal(r.status, 200, r.text);
    const d = r.body.discussion;
    assert.equal(d.t, 'p');
    assert.equal(d.prid, group._id);
    assert.equal(d.usersCount, 1);
    assert.equal(d.u.username, 'ben');
    const listed = await get(server, `/api/v1/rooms.getDiscussions?roomId=${group._id}`, { auth: ann });
    assert.deepEqual(listed.body.discussions.map((x) => x._id), [d._id]);
    const outsiderRooms = await get(server, `/api/v1/rooms.getDiscussions?roomId=${group._id}`, { auth: oscar });
    assertRefused(outsiderRooms, 'error-room-not-found');
    const outsiderLinks = await get(server, `/api/v1/chat.getDiscussions?roomId=${group._id}`, { auth: oscar });
    assertPlainFailure(outsiderLinks, 'error-not-allowed');
    const outsiderCreate = await createDiscussion(oscar, { prid: group._id, t_name: 'Sneaky' });
    assertRefused(outsiderCreate, 'error-not-allowed');
    const info = await get(server, `/api/v1/rooms.info?roomId=${d._id}`, { auth: oscar });
    assert.equal(info.status, 400, 'the discussion itself is private too');
  });

  test('rooms.createDiscussion refusals, with RC\'s texts and error ids', async () => {
    assertPlainFailure(await createDiscussion(ann, { t_name: 'x' }), 'Body parameter "prid" is required.');
    assertPlainFailure(await createDiscussion(ann, { prid: channel._id }), 'Body parameter "t_name" is required.');
    assertPlainFailure(
      await createDiscussion(ann, { prid: channel._id, t_name: 'x', users: 'ben' }),
      'Body parameter "users" must be an array.',
    );
    assertPlainFailure(
      await createDiscussion(ann, { prid: channel._id, t_name: 'x', encrypted: 'yes' }),
      'Body parameter "encrypted" must be a boolean when included.',
    );
    assertRefused(await createDiscussion(ann, { prid: 'nope', t_name: 'x' }), 'error-invalid-room');
    const nested = await createDiscussion(ann, { prid: launch._id, t_name: 'deeper' });
    assertRefused(nested, 'error-nested-discussion');
    assert.equal(nested.body.error, 'Cannot create nested discussions [error-nested-discussion]');
    assertRefused(await createDiscussion(ann, { prid: channel._id, pmid: 'nope', t_name: 'x' }), 'error-invalid-message');
    const elsewhere = await send(ann, group._id, 'in the group');
    const mismatch = await createDiscussion(ann, { prid: channel._id, pmid: elsewhere._id, t_name: 'x' });
    assertRefused(mismatch, 'error-invalid-arguments');
    const secret = await createDiscussion(ann, { prid: channel._id, t_name: 'x', encrypted: true, reply: 'hi' });
    assertRefused(secret, 'error-invalid-arguments');
    assert.equal(secret.body.error, 'Encrypted discussions must not receive an initial reply. [error-invalid-arguments]');
    // Nothing was created by any of them.
    const listed = await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}`, { auth: ann });
    assert.equal(listed.body.total, 3);
  });

  test('Discussion_enabled off and the start-discussion permissions refuse with error-action-not-allowed', async () => {
    const off = await post(server, '/api/v1/settings/Discussion_enabled', { value: false }, { auth: admin });
    assert.equal(off.status, 200, off.text);
    const refused = await createDiscussion(ann, { prid: channel._id, t_name: 'x' });
    assertRefused(refused, 'error-action-not-allowed');
    assert.equal(refused.body.error, 'You are not allowed to create a discussion [error-action-not-allowed]');
    const on = await post(server, '/api/v1/settings/Discussion_enabled', { value: true }, { auth: admin });
    assert.equal(on.status, 200, on.text);

    const update = (roles) =>
      post(
        server,
        '/api/v1/permissions.update',
        {
          permissions: [
            { _id: 'start-discussion', roles: roles[0] },
            { _id: 'start-discussion-other-user', roles: roles[1] },
          ],
        },
        { auth: admin },
      );
    const taken = await update([['admin'], ['admin']]);
    assert.equal(taken.status, 200, taken.text);
    assertRefused(await createDiscussion(ann, { prid: channel._id, t_name: 'x' }), 'error-action-not-allowed');
    // A room role that holds one of them is enough (RC checks in the parent's scope).
    const owners = await update([['admin'], ['admin', 'owner']]);
    assert.equal(owners.status, 200, owners.text);
    const asOwner = await createDiscussion(ann, { prid: channel._id, t_name: 'Owners only' });
    assert.equal(asOwner.status, 200, asOwner.text);
    assertRefused(await createDiscussion(ben, { prid: channel._id, t_name: 'x' }), 'error-action-not-allowed');
    const back = await update([['admin', 'user', 'guest', 'app'], ['admin', 'user', 'owner', 'app']]);
    assert.equal(back.status, 200, back.text);
    const again = await createDiscussion(ben, { prid: channel._id, t_name: 'Allowed again' });
    assert.equal(again.status, 200, again.text);
  });

  test('DDP createDiscussion: the room with rid, and Meteor errors', async () => {
    const c = await ddpLoggedIn(server, 'ann', PASSWORD, clients);
    const r = await c.call('createDiscussion', [{ prid: group._id, t_name: 'Over DDP', users: ['cid'], reply: 'hello' }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.result.rid, r.result._id);
    assert.equal(r.result.prid, group._id);
    assert.equal(r.result.t, 'p');
    assert.equal(r.result.fname, 'Over DDP');
    assert.equal(r.result.usersCount, 2);
    assert.ok(r.result.ts.$date, 'DDP dates are EJSON');
    const nested = await c.call('createDiscussion', [{ prid: r.result._id, t_name: 'deeper' }]);
    assertMeteorError(assert, nested.error, 'error-nested-discussion', 'Cannot create nested discussions');
    const noParent = await c.call('createDiscussion', [{ t_name: 'orphan' }]);
    assertMeteorError(assert, noParent.error, 'error-invalid-arguments', 'Missing parent room ID');
    const bad = await c.call('createDiscussion', ['not an object']);
    assert.equal(bad.error?.reason, 'Match failed');
  });

  test('deleting the link deletes the discussion; deleting a discussion unlinks it; deleting the parent takes them all', async () => {
    const doomed = (await createDiscussion(ann, { prid: channel._id, t_name: 'Doomed', users: ['cid'] })).body.discussion;
    const link = (await links(ann, channel._id)).messages.find((m) => m.drid === doomed._id);
    const cidClient = await ddpLoggedIn(server, 'cid', PASSWORD, clients);
    await cidClient.sub('stream-notify-user', [`${cid.userId}/subscriptions-changed`, SUB_OPTIONS]);
    const from = cidClient.frames.length;
    const del = await post(server, '/api/v1/chat.delete', { roomId: channel._id, msgId: link._id }, { auth: ann });
    assert.equal(del.status, 200, del.text);
    const gone = await get(server, `/api/v1/rooms.info?roomId=${doomed._id}`, { auth: ann });
    assert.equal(gone.status, 400, 'the discussion went with its link');
    await cidClient.waitFor(
      (m) => m.fields?.eventName?.endsWith('/subscriptions-changed') && m.fields.args[0] === 'removed' && m.fields.args[1].rid === doomed._id,
      { from, what: 'the member hears the discussion removed' },
    );

    // Deleting a discussion room (its owner may) leaves the parent's link without drid.
    const budget = (await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}&text=Budget`, { auth: ann })).body.discussions[0];
    const erased = await post(server, '/api/v1/channels.delete', { roomId: budget._id }, { auth: ann });
    assert.equal(erased.status, 200, erased.text);
    const remaining = await links(ann, channel._id);
    assert.equal(remaining.messages.some((m) => m.msg === 'Budget'), false, 'the link lost its drid');
    const history = await get(server, `/api/v1/channels.history?roomId=${channel._id}&count=100`, { auth: ann });
    const unlinked = history.body.messages.find((m) => m.t === 'discussion-created' && m.msg === 'Budget');
    assert.ok(unlinked, 'the system message stays');
    assert.equal(unlinked.drid, undefined);
    assert.equal(unlinked.dcount, undefined);

    // Deleting the parent deletes every discussion of it.
    const children = (await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}`, { auth: ann })).body.discussions;
    assert.ok(children.length >= 3);
    const parentGone = await post(server, '/api/v1/channels.delete', { roomId: channel._id }, { auth: ann });
    assert.equal(parentGone.status, 200, parentGone.text);
    for (const child of children) {
      const info = await get(server, `/api/v1/rooms.info?roomId=${child._id}`, { auth: admin });
      assert.equal(info.status, 400, `discussion ${child.fname} is gone`);
      assert.equal(info.body.errorType, 'error-room-not-found');
    }
  });
});
