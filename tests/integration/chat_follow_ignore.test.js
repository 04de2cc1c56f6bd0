// Black-box: the rest of chat.* from issue 11, item 8 (apps/meteor/app/api/server/v1/chat.ts):
// chat.followMessage / chat.unfollowMessage and their DDP methods (threads/server/methods/),
// chat.getDeletedMessages, and chat.ignoreUser with the ignoreUser method (server/methods/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, sleep, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const SUB_OPTIONS = { useCollection: false, args: [] };

describe('chat.followMessage, chat.unfollowMessage, chat.getDeletedMessages, chat.ignoreUser', () => {
  let server;
  let admin;
  let ann;
  let ben;
  let oscar; // outsider to the group
  let group; // ann and ben
  let parent; // a thread ann started and replied to alone
  let reply;
  const clients = [];

  const send = async (auth, rid, msg, tmid) => {
    const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg, ...(tmid && { tmid }) } }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.message;
  };
  const following = async (auth) => {
    const r = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&type=following`, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.threads.map((t) => t._id);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const u of ['ann', 'ben', 'oscar']) {
      await createUser(server, admin, { username: u, name: u.toUpperCase(), email: `${u}@example.com`, password: PASSWORD });
    }
    ann = await login(server, 'ann', PASSWORD);
    ben = await login(server, 'ben', PASSWORD);
    oscar = await login(server, 'oscar', PASSWORD);
    const g = await post(server, '/api/v1/groups.create', { name: 'crew', members: ['ben'] }, { auth: ann });
    assert.equal(g.status, 200, g.text);
    group = g.body.group;
    parent = await send(ann, group._id, 'release notes');
    reply = await send(ann, group._id, 'draft one', parent._id);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('chat.followMessage: the caller joins the thread\'s followers, live; unfollow leaves', async () => {
    assert.deepEqual(await following(ben), []);
    const listener = await ddpLoggedIn(server, 'ann', PASSWORD, clients);
    await listener.sub('stream-room-messages', [group._id, SUB_OPTIONS]);
    const from = listener.frames.length;

    // Following a reply follows its thread.
    const r = await post(server, '/api/v1/chat.followMessage', { mid: reply._id }, { auth: ben });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });
    assert.deepEqual(await following(ben), [parent._id]);
    const changed = await listener.waitFor(
      (m) => m.collection === 'stream-room-messages' && m.fields?.args?.[0]?._id === parent._id && m.fields.args[0].replies?.includes(ben.userId),
      { from, what: 'the parent republished with ben following' },
    );
    assert.deepEqual(changed.fields.args[0].replies, [ann.userId, ben.userId]);

    const again = await post(server, '/api/v1/chat.followMessage', { mid: parent._id }, { auth: ben });
    assert.equal(again.status, 200, 'following twice is fine');
    const off = await post(server, '/api/v1/chat.unfollowMessage', { mid: parent._id }, { auth: ben });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(off.body, { success: true });
    assert.deepEqual(await following(ben), []);
    assert.deepEqual(await following(ann), [parent._id], "others' following is untouched");
  });

  test('followMessage / unfollowMessage over DDP answer no result', async () => {
    const c = await ddpLoggedIn(server, 'ben', PASSWORD, clients);
    const on = await c.call('followMessage', [{ mid: parent._id }]);
    assert.equal(on.error, undefined, JSON.stringify(on.error));
    assert.equal('result' in on, false);
    assert.deepEqual(await following(ben), [parent._id]);
    const off = await c.call('unfollowMessage', [{ mid: parent._id }]);
    assert.equal(off.error, undefined, JSON.stringify(off.error));
    assert.deepEqual(await following(ben), []);
    const bad = await c.call('followMessage', [{}]);
    assert.equal(bad.error?.reason, 'Match failed');
    const unknown = await c.call('followMessage', [{ mid: 'nope' }]);
    assertMeteorError(assert, unknown.error, 'error-invalid-message', 'Invalid message');
  });

  test('chat.followMessage refusals', async () => {
    const missing = await post(server, '/api/v1/chat.followMessage', {}, { auth: ben });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.success, false);
    assert.match(missing.body.error, /must have required property 'mid'/);
    const unknown = await post(server, '/api/v1/chat.unfollowMessage', { mid: 'nope' }, { auth: ben });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errorType, 'error-invalid-message');
    const stranger = await post(server, '/api/v1/chat.followMessage', { mid: parent._id }, { auth: oscar });
    assert.equal(stranger.status, 400);
    assert.equal(stranger.body.errorType, 'error-not-allowed');
    assert.deepEqual(await following(ann), [parent._id], 'the refusal changed nothing');

    const off = await post(server, '/api/v1/settings/Threads_enabled', { value: false }, { auth: admin });
    assert.equal(off.status, 200, off.text);
    const disabled = await post(server, '/api/v1/chat.followMessage', { mid: parent._id }, { auth: ben });
    assert.equal(disabled.status, 400);
    assert.equal(disabled.body.errorType, 'error-not-allowed');
    await post(server, '/api/v1/settings/Threads_enabled', { value: true }, { auth: admin });
  });

  test('chat.getDeletedMessages: the ids deleted after `since`, in deletion order, paged', async () => {
    const first = await send(ann, group._id, 'one');
    const second = await send(ann, group._id, 'two');
    const third = await send(ann, group._id, 'three');
    const since = new Date(Date.now() - 1000).toISOString();
    const del = async (m) => {
      const r = await post(server, '/api/v1/chat.delete', { roomId: group._id, msgId: m._id }, { auth: ann });
      assert.equal(r.status, 200, r.text);
    };
    await del(third);
    await sleep(20);
    const between = new Date().toISOString();
    await sleep(20);
    await del(first);

    const r = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}&since=${since}`, { auth: ben });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.messages, [{ _id: third._id }, { _id: first._id }]);
    assert.equal(r.body.count, 2);
    assert.equal(r.body.offset, 0);
    assert.equal(r.body.total, 2);
    assert.equal(r.body.messages.some((m) => m._id === second._id), false);

    const later = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}&since=${between}`, { auth: ben });
    assert.deepEqual(later.body.messages, [{ _id: first._id }]);
    const paged = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}&since=${since}&count=1&offset=1`, { auth: ben });
    assert.deepEqual(paged.body.messages, [{ _id: first._id }]);
    assert.equal(paged.body.count, 1);
    assert.equal(paged.body.offset, 1);
    assert.equal(paged.body.total, 2);

    const noSince = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}`, { auth: ben });
    assert.equal(noSince.status, 400);
    assert.match(noSince.body.error, /must have required property 'since'/);
    const badSince = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}&since=yesterday`, { auth: ben });
    assert.equal(badSince.status, 400);
    assert.equal(badSince.body.success, false);
    const stranger = await get(server, `/api/v1/chat.getDeletedMessages?roomId=${group._id}&since=${since}`, { auth: oscar });
    assert.equal(stranger.status, 400);
    assert.equal(stranger.body.errorType, 'error-not-allowed');
  });

  test('chat.ignoreUser: the subscription\'s ignored list, announced to its owner', async () => {
    const listener = await ddpLoggedIn(server, 'ann', PASSWORD, clients);
    await listener.sub('stream-notify-user', [`${ann.userId}/subscriptions-changed`, SUB_OPTIONS]);
    const from = listener.frames.length;

    const r = await get(server, `/api/v1/chat.ignoreUser?rid=${group._id}&userId=${ben.userId}&ignore=true`, { auth: ann });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: ann });
    assert.deepEqual(sub.body.subscription.ignored, [ben.userId]);
    const heard = await listener.waitFor(
      (m) => m.fields?.eventName === `${ann.userId}/subscriptions-changed` && m.fields.args[1]?.ignored?.includes(ben.userId),
      { from, what: 'subscriptions-changed with ignored' },
    );
    assert.equal(heard.fields.args[0], 'updated');
    const bens = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: ben });
    assert.equal(bens.body.subscription.ignored, undefined, "only the caller's subscription changes");

    // `ignore` defaults to true; "false" (anything without true or 1) takes the mark off.
    const undo = await get(server, `/api/v1/chat.ignoreUser?rid=${group._id}&userId=${ben.userId}&ignore=false`, { auth: ann });
    assert.equal(undo.status, 200, undo.text);
    const cleared = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: ann });
    assert.equal(cleared.body.subscription.ignored, undefined);
    const byDefault = await get(server, `/api/v1/chat.ignoreUser?rid=${group._id}&userId=${ben.userId}`, { auth: ann });
    assert.equal(byDefault.status, 200, byDefault.text);
    const marked = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: ann });
    assert.deepEqual(marked.body.subscription.ignored, [ben.userId]);
  });

  test('ignoreUser over DDP answers true; refusals', async () => {
    const c = await ddpLoggedIn(server, 'ben', PASSWORD, clients);
    const r = await c.call('ignoreUser', [{ rid: group._id, userId: ann.userId, ignore: true }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.result, true);
    const sub = await get(server, `/api/v1/subscriptions.getOne?roomId=${group._id}`, { auth: ben });
    assert.deepEqual(sub.body.subscription.ignored, [ann.userId]);
    const outsider = await c.call('ignoreUser', [{ rid: group._id, userId: oscar.userId }]);
    assertMeteorError(assert, outsider.error, 'error-invalid-subscription', 'Invalid subscription');
    const badIgnore = await c.call('ignoreUser', [{ rid: group._id, userId: ann.userId, ignore: 'yes' }]);
    assert.equal(badIgnore.error?.reason, 'Match failed');

    const notMine = await get(server, `/api/v1/chat.ignoreUser?rid=${group._id}&userId=${ann.userId}`, { auth: oscar });
    assert.equal(notMine.status, 400);
    assert.equal(notMine.body.errorType, 'error-invalid-subscription');
    const noRid = await get(server, `/api/v1/chat.ignoreUser?userId=${ann.userId}`, { auth: ben });
    assert.equal(noRid.status, 400);
    assert.match(noRid.body.error, /must have required property 'rid'/);
    const blank = await get(server, `/api/v1/chat.ignoreUser?rid=%20&userId=${ann.userId}`, { auth: ben });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.errorType, 'error-room-id-param-not-provided');
  });
});
