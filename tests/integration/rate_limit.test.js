// Black-box: Rocket.Chat's rate limits with their defaults (rc-api.md §1.7). Every other suite
// runs with the REST limiter off (server.js baseEnv); this one turns it back on.
//   - REST: 10 calls per route per client IP per minute; the 11th is a 429 in RC's shape, with
//     X-RateLimit-Limit/-Remaining/-Reset (absolute epoch ms); other routes keep their own
//     allowance; admins and bots (api-bypass-rate-limit) and method.call are exempt.
//   - DDP: sendMessage 5 a second per user unless send-many-messages (bot, admin, app); the
//     6th is Meteor's too-many-requests with details.timeToReset, over DDP and method.call alike.
// Logins are REST calls too (10 a minute from 127.0.0.1): this file makes three.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpConnect } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const REST_TEXT =
  /^Error, too many requests\. Please slow down\. You must wait (\d+) seconds before trying this endpoint again\. \[error-too-many-requests\]$/;
const DDP_REASON = /^Error, too many requests\. Please slow down\. You must wait (\d+) seconds before trying again\.$/;

const limitHeaders = (r) => ({
  limit: r.headers.get('x-ratelimit-limit'),
  remaining: r.headers.get('x-ratelimit-remaining'),
  reset: r.headers.get('x-ratelimit-reset'),
});

// {"message": "<EJSON of {msg:'method', ...}>"}, as the RC web client sends it.
const methodCall = (server, auth, method, params) =>
  post(server, `/api/v1/method.call/${encodeURIComponent(method)}`, {
    message: JSON.stringify({ msg: 'method', id: '1', method, params }),
  }, { auth });

describe('rate limits with Rocket.Chat defaults', () => {
  let server;
  let admin;
  let dave; // an ordinary user
  let robo; // a bot
  let channel;
  const clients = [];

  before(async () => {
    server = await startServer({ env: { OVERWRITE_SETTING_API_Enable_Rate_Limiter: undefined } });
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'dave', name: 'Dave', email: 'dave@example.com', password: PASSWORD });
    await createUser(server, admin, {
      username: 'robo',
      name: 'Robo',
      email: 'robo@example.com',
      password: PASSWORD,
      roles: ['user', 'bot'],
    });
    const r = await post(server, '/api/v1/channels.create', { name: 'limits', members: ['dave', 'robo'] }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
    dave = await login(server, 'dave', PASSWORD);
    robo = await login(server, 'robo', PASSWORD);
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('the 11th call to a route in a minute is 429 with the headers; another route still answers', async () => {
    const before = Date.now();
    let reset;
    for (let i = 1; i <= 10; i++) {
      const r = await get(server, '/api/v1/me', { auth: dave });
      assert.equal(r.status, 200, `call ${i}: ${r.text}`);
      const h = limitHeaders(r);
      assert.equal(h.limit, '10');
      assert.equal(h.remaining, String(10 - i));
      reset ??= Number(h.reset);
      assert.equal(Number(h.reset), reset, 'the window does not move while it lasts');
    }
    // An absolute epoch in ms a minute after the first call, not seconds remaining.
    assert.ok(reset >= before + 60_000 && reset <= Date.now() + 60_000, `reset ${reset}`);

    const over = await get(server, '/api/v1/me', { auth: dave });
    assert.equal(over.status, 429, over.text);
    assert.deepEqual(Object.keys(over.body).sort(), ['error', 'success']);
    assert.equal(over.body.success, false);
    const wait = Number(REST_TEXT.exec(over.body.error)?.[1]);
    assert.ok(wait >= 1 && wait <= 60, over.body.error);
    assert.deepEqual(limitHeaders(over), { limit: '10', remaining: '0', reset: String(reset) });
    // Browsers on other origins (EmbeddedChat, the widget) may read them.
    assert.match(over.headers.get('access-control-expose-headers') ?? '', /X-RateLimit-Remaining/);

    // With no proxy declared, X-Forwarded-For names nobody: rotating it does not help.
    const spoofed = await get(server, '/api/v1/me', { auth: dave, headers: { 'X-Forwarded-For': '203.0.113.77' } });
    assert.equal(spoofed.status, 429);

    const other = await get(server, '/api/v1/users.info?username=dave', { auth: dave });
    assert.equal(other.status, 200, other.text);
    assert.equal(limitHeaders(other).remaining, '9');
  });

  test('admins and bots hold api-bypass-rate-limit: no limit, no headers', async () => {
    for (const [who, auth] of [['admin', admin], ['bot', robo]]) {
      for (let i = 0; i < 12; i++) {
        const r = await get(server, '/api/v1/channels.list.joined', { auth });
        assert.equal(r.status, 200, `${who} call ${i}: ${r.text}`);
        assert.equal(r.headers.get('x-ratelimit-limit'), null, who);
      }
    }
  });

  test('method.call is not limited by the REST limiter', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await methodCall(server, dave, 'getRoomIdByNameOrId', [channel.name]);
      assert.equal(r.status, 200, `call ${i}: ${r.text}`);
      assert.equal(r.headers.get('x-ratelimit-limit'), null);
      assert.equal(JSON.parse(r.body.message).result, channel._id);
    }
  });

  test('users.register: one a minute per address (Rate_Limiter_Limit_RegisterUser)', async () => {
    const register = (n) =>
      post(server, '/api/v1/users.register', {
        username: `newcomer${n}`,
        name: `Newcomer ${n}`,
        email: `newcomer${n}@example.com`,
        pass: PASSWORD,
      });
    const first = await register(1);
    assert.equal(first.status, 200, first.text);
    assert.equal(limitHeaders(first).limit, '1');
    const second = await register(2);
    assert.equal(second.status, 429, second.text);
    assert.match(second.body.error, REST_TEXT);
  });

  test('DDP sendMessage: the 6th call inside a second is too-many-requests, and method.call shares the allowance', async () => {
    const c = await ddpConnect(server);
    clients.push(c);
    const loggedIn = await c.loginPassword('dave', PASSWORD);
    assert.ok(loggedIn.result?.token, JSON.stringify(loggedIn));

    // Pipelined: one session runs its methods in order, so these are six calls within a second.
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => c.call('sendMessage', [{ rid: channel._id, msg: `burst ${i}` }])),
    );
    for (const a of answers.slice(0, 5)) assert.equal(a.error, undefined, JSON.stringify(a.error));
    const refused = answers[5].error;
    assertMeteorError(assert, refused, 'too-many-requests');
    assert.match(refused.reason, DDP_REASON);
    assert.equal(refused.message, `${refused.reason} [too-many-requests]`);
    assert.ok(Number.isInteger(refused.details?.timeToReset), JSON.stringify(refused));
    assert.ok(refused.details.timeToReset > 0 && refused.details.timeToReset <= 1000, JSON.stringify(refused));

    // The same user over REST method.call, still inside that second: the same allowance.
    const viaRest = await methodCall(server, dave, 'sendMessage', [{ rid: channel._id, msg: 'via rest' }]);
    assert.equal(viaRest.status, 200, viaRest.text);
    const reply = JSON.parse(viaRest.body.message);
    assertMeteorError(assert, reply.error, 'too-many-requests');
    assert.ok(reply.error.details.timeToReset > 0);

    const history = await get(server, `/api/v1/channels.messages?roomId=${channel._id}`, { auth: admin });
    assert.equal(history.status, 200, history.text);
    const burst = history.body.messages.filter((m) => m.msg.startsWith('burst ') || m.msg === 'via rest');
    assert.equal(burst.length, 5, 'refused messages are not stored');
  });

  test('a bot is not limited by the sendMessage limit', async () => {
    const c = await ddpConnect(server);
    clients.push(c);
    const loggedIn = await c.loginPassword('robo', PASSWORD);
    assert.ok(loggedIn.result?.token, JSON.stringify(loggedIn));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => c.call('sendMessage', [{ rid: channel._id, msg: `bot ${i}` }])),
    );
    for (const a of answers) assert.equal(a.error, undefined, JSON.stringify(a.error));
  });

  test('the limits are counted in parley_rate_limited_total', async () => {
    const r = await get(server, '/metrics');
    assert.match(r.text, /parley_rate_limited_total\{kind="rest"\} [1-9]/);
    assert.match(r.text, /parley_rate_limited_total\{kind="ddp"\} [1-9]/);
  });
});

describe('rate limits behind a proxy (HTTP_FORWARDED_COUNT=1)', () => {
  let server;

  before(async () => {
    server = await startServer({
      env: {
        OVERWRITE_SETTING_API_Enable_Rate_Limiter: undefined,
        OVERWRITE_SETTING_API_Enable_Rate_Limiter_Limit_Calls_Default: '2',
        HTTP_FORWARDED_COUNT: '1',
      },
    });
  });

  after(async () => {
    await server?.dispose();
  });

  test('each client is the address our proxy appended; what a client prepends is ignored', async () => {
    const from = (chain) => get(server, '/api/v1/info', { headers: { 'X-Forwarded-For': chain } });
    assert.equal((await from('198.51.100.1')).status, 200);
    assert.equal((await from('198.51.100.1')).status, 200);
    assert.equal((await from('198.51.100.1')).status, 429);
    // A different prefix is still the same client to us.
    assert.equal((await from('6.6.6.6, 198.51.100.1')).status, 429);
    const other = await from('198.51.100.2');
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('x-ratelimit-limit'), '2');
  });
});
