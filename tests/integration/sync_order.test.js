// Black-box: what a client that was away asks for ("since" reads) never misses a write that
// committed after its sync point, and a room's live order is its history order (issue 9,
// defects 1 and 2). The store stamps updated_at in commit order; a client's own `ts` never
// becomes a sync point.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('since-reads and commit order', () => {
  let server;
  let admin;
  const clients = [];
  let channel;
  let bobAuth;
  let aliceAuth;

  const restAs = async (name) => {
    const r = await post(server, '/api/v1/login', { user: name, password: PASSWORD });
    assert.equal(r.status, 200, r.text);
    return { userId: r.body.data.userId, authToken: r.body.data.authToken };
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    // Bots are exempt from the 5-a-second sendMessage limit; the order test sends hundreds.
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      await createUser(server, admin, {
        username: name,
        name: `Name ${name}`,
        email: `${name}@example.com`,
        password: PASSWORD,
        roles: ['user', 'bot'],
      });
    }
    aliceAuth = await restAs('alice');
    bobAuth = await restAs('bob');
    const r = await post(server, '/api/v1/channels.create', { name: 'ordered', members: ['bob', 'carol', 'dave'] }, { auth: aliceAuth });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('chat.syncMessages returns a message sent with a past client ts after the sync point', async () => {
    // X (bob) reads M1 and takes its _updatedAt as his sync point.
    let r = await post(server, '/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'M1' } }, { auth: bobAuth });
    assert.equal(r.status, 200, r.text);
    r = await get(server, `/api/v1/chat.getMessage?msgId=${r.body.message._id}`, { auth: bobAuth });
    const syncPoint = r.body.message._updatedAt;
    assert.equal(typeof syncPoint, 'string');

    // Y (alice) sends M2 over DDP with a ts 5 s in the past (within the 10 s RC keeps).
    const alice = await ddpLoggedIn(server, 'alice', PASSWORD, clients);
    const m2 = await alice.apply('sendMessage', [{ rid: channel._id, msg: 'M2', ts: { $date: Date.now() - 5000 } }]);
    assert.equal(m2.msg, 'M2');
    // RC keeps the client's ts (it is within 10 s) but stamps _updatedAt itself.
    assert.ok(m2._updatedAt.$date > Date.parse(syncPoint), `_updatedAt ${m2._updatedAt.$date} < ${syncPoint}`);

    r = await get(server, `/api/v1/chat.syncMessages?roomId=${channel._id}&lastUpdate=${encodeURIComponent(syncPoint)}`, { auth: bobAuth });
    assert.equal(r.status, 200, r.text);
    const ids = r.body.result.updated.map((m) => m._id);
    assert.ok(ids.includes(m2._id), `M2 missing from sync since ${syncPoint}: ${JSON.stringify(ids)}`);
  });

  test('subscriptions.get?updatedSince returns a subscription a past-ts message changed', async () => {
    let r = await get(server, `/api/v1/subscriptions.getOne?roomId=${channel._id}`, { auth: bobAuth });
    assert.equal(r.status, 200, r.text);
    const syncPoint = r.body.subscription._updatedAt;

    const alice = await ddpLoggedIn(server, 'alice', PASSWORD, clients);
    await alice.apply('sendMessage', [{ rid: channel._id, msg: 'raises bob unread', ts: { $date: Date.now() - 8000 } }]);

    r = await get(server, `/api/v1/subscriptions.get?updatedSince=${encodeURIComponent(syncPoint)}`, { auth: bobAuth });
    assert.equal(r.status, 200, r.text);
    const rooms = r.body.update.map((s) => s.rid);
    assert.ok(rooms.includes(channel._id), `the channel's subscription missing since ${syncPoint}: ${JSON.stringify(r.body)}`);
  });

  test('a deleted message shows in syncMessages.deleted after a sync point taken from a later edit', async () => {
    // A delete is a write like any other: its _deletedAt comes from the same stamp.
    let r = await post(server, '/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'to delete' } }, { auth: aliceAuth });
    const doomed = r.body.message._id;
    r = await post(server, '/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'marker' } }, { auth: aliceAuth });
    const syncPoint = r.body.message._updatedAt;
    r = await post(server, '/api/v1/chat.delete', { roomId: channel._id, msgId: doomed }, { auth: aliceAuth });
    assert.equal(r.status, 200, r.text);
    r = await get(server, `/api/v1/chat.syncMessages?roomId=${channel._id}&lastUpdate=${encodeURIComponent(syncPoint)}`, { auth: bobAuth });
    assert.ok(r.body.result.deleted.some((d) => d._id === doomed), JSON.stringify(r.body.result));
  });

  test("a room's live order is its history order when sends share group commits", async () => {
    const listener = await ddpLoggedIn(server, 'bob', PASSWORD, clients);
    const answer = await listener.sub('stream-room-messages', [channel._id, { useCollection: false, args: [] }]);
    assert.equal(answer.msg, 'ready');
    const from = listener.frames.length;

    const senders = [];
    for (const name of ['alice', 'carol', 'dave']) senders.push(await ddpLoggedIn(server, name, PASSWORD, clients));
    const perSender = 120;
    const sent = new Set();
    // Every sender pipelines its calls, so the writer sees several senders' messages per batch.
    await Promise.all(
      senders.map((c, s) =>
        Promise.all(
          Array.from({ length: perSender }, (_, i) =>
            c.apply('sendMessage', [{ rid: channel._id, msg: `order ${s}-${i}` }]).then((m) => sent.add(m._id)),
          ),
        ),
      ),
    );
    assert.equal(sent.size, senders.length * perSender);

    const live = [];
    await listener.waitFor(
      () => {
        live.length = 0;
        for (let i = from; i < listener.frames.length; i++) {
          const f = listener.frames[i];
          if (f.msg === 'changed' && f.collection === 'stream-room-messages') {
            const m = f.fields.args[0];
            if (sent.has(m._id) && !m.editedAt) live.push(m._id);
          }
        }
        return live.length === sent.size;
      },
      { what: 'every message live', timeoutMs: 30_000 },
    );

    // History is newest first, 100 a page at most (API_Upper_Count_Limit).
    const newestFirst = [];
    for (let offset = 0; ; offset += 100) {
      const r = await get(server, `/api/v1/channels.messages?roomId=${channel._id}&count=100&offset=${offset}`, { auth: bobAuth });
      assert.equal(r.status, 200, r.text);
      newestFirst.push(...r.body.messages.map((m) => m._id).filter((id) => sent.has(id)));
      if (r.body.messages.length < 100) break;
    }
    const history = newestFirst.reverse();
    assert.deepEqual(history, live, 'live order differs from history order');
  });
});
