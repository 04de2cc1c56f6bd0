// Black-box: 1,000 messages sent from several DDP connections at once into a public channel
// and a private group; every member must receive each message exactly once, every member must
// see a room's messages in the same order, and each sender's messages in the order it sent
// them. History must hold exactly what was delivered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const MEMBERS = 6;
const SENDERS = 4;
const TOTAL = 1000;

describe('delivery under concurrent senders', () => {
  let server;
  const clients = [];

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test(`${TOTAL} messages from ${SENDERS} connections reach ${MEMBERS} members exactly once, in order`, async () => {
    const admin = await loginAdmin(server);
    const names = Array.from({ length: MEMBERS }, (_, i) => `member${i}`);
    for (const name of names) {
      await createUser(server, admin, {
        username: name,
        name,
        email: `${name}@example.com`,
        password: PASSWORD,
        roles: ['user', 'bot'], // bots are exempt from the sendMessage rate limit
      });
    }
    const others = names.slice(1);
    const owner = await post(server, '/api/v1/login', { user: names[0], password: PASSWORD });
    const auth = { userId: owner.body.data.userId, authToken: owner.body.data.authToken };
    const rooms = [];
    for (const [kind, name] of [
      ['channels', 'load-public'],
      ['groups', 'load-private'],
    ]) {
      const r = await post(server, `/api/v1/${kind}.create`, { name, members: others }, { auth });
      assert.equal(r.status, 200, r.text);
      rooms.push((r.body.channel || r.body.group)._id);
    }

    const members = [];
    for (const name of names) {
      const c = await ddpLoggedIn(server, name, PASSWORD, clients);
      for (const rid of rooms) {
        const ready = await c.sub('stream-room-messages', [rid, { useCollection: false, args: [] }]);
        assert.equal(ready.msg, 'ready');
      }
      members.push(c);
    }

    // Each sender pipelines its share without waiting for results (DDP runs one
    // connection's methods in order), alternating rooms.
    const perSender = TOTAL / SENDERS;
    const results = [];
    for (let s = 0; s < SENDERS; s++) {
      const c = members[s];
      for (let n = 0; n < perSender; n++) {
        const rid = rooms[n % rooms.length];
        results.push(c.call('sendMessage', [{ rid, msg: `s${s} n${n}` }], { timeoutMs: 120_000 }));
      }
    }
    const answers = await Promise.all(results);
    for (const a of answers) assert.equal(a.error, undefined, JSON.stringify(a.error));
    const sentIds = new Set(answers.map((a) => a.result._id));
    assert.equal(sentIds.size, TOTAL);

    const isNew = (rid) => (m) =>
      m.msg === 'changed' && m.collection === 'stream-room-messages' && m.fields.eventName === rid;
    const perRoomTotal = TOTAL / rooms.length;
    const orders = rooms.map(() => []);
    for (const c of members) {
      for (const [i, rid] of rooms.entries()) {
        const deadline = Date.now() + 120_000;
        while (c.frames.filter(isNew(rid)).length < perRoomTotal && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const ids = c.frames.filter(isNew(rid)).map((m) => m.fields.args[0]._id);
        assert.equal(ids.length, perRoomTotal, `member received ${ids.length} of ${perRoomTotal} in ${rid}`);
        assert.equal(new Set(ids).size, ids.length, 'a message was delivered twice');
        for (const id of ids) assert.ok(sentIds.has(id));
        orders[i].push(c.frames.filter(isNew(rid)).map((m) => m.fields.args[0].msg));
      }
    }
    for (const [i, rid] of rooms.entries()) {
      // Every member saw the room in one order...
      for (const order of orders[i]) assert.deepEqual(order, orders[i][0], `members disagree on ${rid}`);
      // ...in which each sender's messages keep their sending order.
      const last = new Map();
      for (const text of orders[i][0]) {
        const [, s, n] = /^s(\d+) n(\d+)$/.exec(text).map(Number);
        assert.ok(!last.has(s) || last.get(s) < n, `sender ${s} out of order in ${rid}`);
        last.set(s, n);
      }
    }

    // History holds exactly the delivered messages.
    let stored = 0;
    for (const [i, rid] of rooms.entries()) {
      const kind = i === 0 ? 'channels' : 'groups';
      const texts = [];
      for (let offset = 0; ; offset += 100) {
        const r = await get(server, `/api/v1/${kind}.messages?roomId=${rid}&count=100&offset=${offset}`, { auth });
        assert.equal(r.status, 200, r.text);
        texts.push(...r.body.messages.filter((m) => !m.t).map((m) => m.msg));
        if (r.body.messages.length < 100) break;
      }
      assert.equal(new Set(texts).size, perRoomTotal);
      stored += texts.length;
    }
    assert.equal(stored, TOTAL);
  });
});
