// Black-box: the thread panel of RC 7's web client. DDP getThreadMessages({tmid, limit, skip})
// (apps/meteor/app/threads/server/methods/getThreadMessages.ts) and REST chat.getThreadsList /
// chat.syncThreadsList (apps/meteor/app/api/server/v1/chat.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('threads: getThreadMessages, chat.getThreadsList, chat.syncThreadsList', () => {
  let server;
  let admin;
  let ann; // REST auth
  let ben;
  let outsider;
  let annDdp;
  let outsiderDdp;
  let group; // ann and ben
  let parent; // a thread parent with 3 replies (ann, ben, ann)
  let quiet; // a thread parent ben never replied to
  let plain; // a message without replies
  let startedAt;
  const clients = [];

  const send = async (auth, rid, msg, tmid) => {
    const r = await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg, ...(tmid && { tmid }) } }, { auth });
    assert.equal(r.status, 200, r.text);
    return r.body.message;
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const u of ['ann', 'ben', 'oscar']) {
      await createUser(server, admin, { username: u, name: u.toUpperCase(), email: `${u}@example.com`, password: PASSWORD });
    }
    ann = await login(server, 'ann', PASSWORD);
    ben = await login(server, 'ben', PASSWORD);
    outsider = await login(server, 'oscar', PASSWORD);
    const created = await post(server, '/api/v1/groups.create', { name: 'threads', members: ['ben'] }, { auth: ann });
    assert.equal(created.status, 200, created.text);
    group = created.body.group;
    startedAt = new Date(Date.now() - 1000).toISOString();
    parent = await send(ann, group._id, 'deploy plan for friday');
    await send(ann, group._id, 'first reply', parent._id);
    await send(ben, group._id, 'second reply', parent._id);
    await send(ann, group._id, 'third reply', parent._id);
    quiet = await send(ann, group._id, 'lunch order');
    await send(ann, group._id, 'me only', quiet._id);
    plain = await send(ann, group._id, 'no replies here');
    annDdp = await ddpLoggedIn(server, 'ann', PASSWORD, clients);
    outsiderDdp = await ddpLoggedIn(server, 'oscar', PASSWORD, clients);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('getThreadMessages: the parent first, then the replies newest first', async () => {
    const r = await annDdp.call('getThreadMessages', [{ tmid: parent._id }]);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result.map((m) => m.msg), ['deploy plan for friday', 'third reply', 'second reply', 'first reply']);
    assert.equal(r.result[0]._id, parent._id);
    assert.equal(r.result[0].tcount, 3);
    for (const m of r.result.slice(1)) assert.equal(m.tmid, parent._id);
    assert.ok(r.result[1].ts.$date, 'DDP dates are EJSON');
  });

  test('getThreadMessages: limit and skip page the replies', async () => {
    const r = await annDdp.call('getThreadMessages', [{ tmid: parent._id, limit: 1, skip: 1 }]);
    assert.deepEqual(r.result.map((m) => m.msg), ['deploy plan for friday', 'second reply']);
    const past = await annDdp.call('getThreadMessages', [{ tmid: parent._id, skip: 10 }]);
    assert.deepEqual(past.result.map((m) => m.msg), ['deploy plan for friday']);
  });

  test('getThreadMessages: [] for an unknown thread and for a message without replies', async () => {
    assert.deepEqual((await annDdp.call('getThreadMessages', [{ tmid: 'nope' }])).result, []);
    assert.deepEqual((await annDdp.call('getThreadMessages', [{ tmid: plain._id }])).result, []);
  });

  test('getThreadMessages: refusals in RC shape', async () => {
    const big = await annDdp.call('getThreadMessages', [{ tmid: parent._id, limit: 101 }]);
    assertMeteorError(assert, big.error, 'error-not-allowed', 'max limit: 100');
    const stranger = await outsiderDdp.call('getThreadMessages', [{ tmid: parent._id }]);
    assertMeteorError(assert, stranger.error, 'error-not-allowed', 'Not allowed');
    const noTmid = await annDdp.call('getThreadMessages', [{}]);
    assert.equal(noTmid.error?.error, 400);
    assert.equal(noTmid.error?.reason, 'Match failed');
    const badLimit = await annDdp.call('getThreadMessages', [{ tmid: parent._id, limit: 'ten' }]);
    assert.equal(badLimit.error?.reason, 'Match failed');
  });

  test('chat.getThreadsList: every thread, newest last reply first, with paging fields', async () => {
    const r = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}`, { auth: ann });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.deepEqual(r.body.threads.map((t) => t._id), [quiet._id, parent._id]);
    assert.equal(r.body.count, 2);
    assert.equal(r.body.offset, 0);
    assert.equal(r.body.total, 2);
    assert.equal(r.body.threads[1].tcount, 3);
    assert.equal(typeof r.body.threads[1].tlm, 'string', 'REST dates are ISO strings');
    const page = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&count=1&offset=1`, { auth: ann });
    assert.deepEqual(page.body.threads.map((t) => t._id), [parent._id]);
    assert.equal(page.body.total, 2);
  });

  test('chat.getThreadsList: following, unread and text filters', async () => {
    const following = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&type=following`, { auth: ben });
    assert.deepEqual(following.body.threads.map((t) => t._id), [parent._id]);
    const unread = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&type=unread`, { auth: ben });
    assert.equal(unread.status, 200, unread.text);
    assert.deepEqual(unread.body.threads, []);
    const text = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&text=LUNCH`, { auth: ann });
    assert.deepEqual(text.body.threads.map((t) => t._id), [quiet._id]);
  });

  test('chat.getThreadsList: refusals in RC shape', async () => {
    const noRid = await get(server, '/api/v1/chat.getThreadsList', { auth: ann });
    assert.equal(noRid.status, 400);
    assert.equal(noRid.body.success, false);
    assert.equal(noRid.body.errorType, 'invalid-params');
    const badType = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}&type=mine`, { auth: ann });
    assert.equal(badType.status, 400);
    assert.equal(badType.body.errorType, 'invalid-params');
    const stranger = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}`, { auth: outsider });
    assert.equal(stranger.status, 400);
    assert.equal(stranger.body.errorType, 'error-not-allowed');
    assert.equal(stranger.body.error, 'Not Allowed [error-not-allowed]');
    const unknown = await get(server, '/api/v1/chat.getThreadsList?rid=nope', { auth: ann });
    assert.equal(unknown.body.errorType, 'error-not-allowed');
    const anonymous = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}`);
    assert.equal(anonymous.status, 401);
  });

  test('chat.syncThreadsList: threads changed since a date, and deleted ones', async () => {
    const all = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}&updatedSince=${startedAt}`, { auth: ann });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.threads.update.map((t) => t._id).sort(), [parent._id, quiet._id].sort());
    assert.deepEqual(all.body.threads.remove, []);
    const mark = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const del = await post(server, '/api/v1/chat.delete', { roomId: group._id, msgId: quiet._id }, { auth: ann });
    assert.equal(del.status, 200, del.text);
    const since = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}&updatedSince=${mark}`, { auth: ann });
    assert.deepEqual(since.body.threads.update, []);
    assert.deepEqual(since.body.threads.remove.map((t) => t._id), [quiet._id]);
    assert.equal(typeof since.body.threads.remove[0]._deletedAt, 'string');
  });

  test('chat.syncThreadsList: refusals in RC shape', async () => {
    const noDate = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}`, { auth: ann });
    assert.equal(noDate.status, 400);
    assert.equal(noDate.body.errorType, 'invalid-params');
    const badDate = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}&updatedSince=yesterday`, { auth: ann });
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.errorType, 'error-updatedSince-param-invalid');
    const stranger = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}&updatedSince=${startedAt}`, { auth: outsider });
    assert.equal(stranger.body.errorType, 'error-not-allowed');
  });

  test('with Threads_enabled off, all three answer Threads Disabled', async () => {
    const off = await post(server, '/api/v1/settings/Threads_enabled', { value: false }, { auth: admin });
    assert.equal(off.status, 200, off.text);
    try {
      const ddp = await annDdp.call('getThreadMessages', [{ tmid: parent._id }]);
      assertMeteorError(assert, ddp.error, 'error-not-allowed', 'Threads Disabled');
      const list = await get(server, `/api/v1/chat.getThreadsList?rid=${group._id}`, { auth: ann });
      assert.equal(list.body.error, 'Threads Disabled [error-not-allowed]');
      const sync = await get(server, `/api/v1/chat.syncThreadsList?rid=${group._id}&updatedSince=${startedAt}`, { auth: ann });
      assert.equal(sync.body.error, 'Threads Disabled [error-not-allowed]');
    } finally {
      await post(server, '/api/v1/settings/Threads_enabled', { value: true }, { auth: admin });
    }
  });
});
