// Black-box: bad input of every kind the issue lists. Each case must get a 4xx (HTTP) or a DDP
// error / a closed socket (WebSocket), and the server must keep serving afterwards.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DdpClient, ddpConnect, sha256hex } from './ddp.js';
import {
  ADMIN,
  assertServes,
  get,
  http,
  loginAdmin,
  parseResponses,
  post,
  rawExchange,
  startServer,
} from './server.js';

const BODY_LIMIT = 64 * 1024;

// Deterministic "random" bytes so a failure can be reproduced.
function pseudoRandomBytes(n, seed) {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function rawRequest({ method = 'POST', path = '/api/v1/login', headers = {}, body = Buffer.alloc(0) }) {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const h = { Host: 'localhost', 'Content-Type': 'application/json', 'Content-Length': String(b.length), ...headers };
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [k, v] of Object.entries(h)) if (v !== null) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

function is4xx(status) {
  return status >= 400 && status < 500;
}

describe('bad input', () => {
  let server;
  let admin;

  before(async () => {
    server = await startServer({
      env: {
        PARLEY_BODY_LIMIT: String(BODY_LIMIT),
        // Bad logins here are not what is being tested: keep the limiter out of the way.
        OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip: '100000',
        OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User: '100000',
      },
    });
    admin = await loginAdmin(server);
  });

  after(async () => {
    await server?.dispose();
  });

  // A case that kills the server fails on its own; the server is then started again (same data)
  // so that the cases after it still test something, and the last test lists every crash.
  const crashes = [];
  let current = '';
  beforeEach(async (t) => {
    current = t.name;
    if (server.exit) {
      await server.start();
      admin = await loginAdmin(server);
    }
  });
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 20));
    if (server.exit) {
      crashes.push(`${current}: exit code ${server.exit.code}, signal ${server.exit.signal}\n${server.logTail()}`);
    }
  });

  describe('HTTP bodies', () => {
    const malformed = [
      '{',
      '{"user":',
      '{"user":"admin",}',
      "{'user':'admin'}",
      'not json at all',
      '{"user":"admin" "password":"x"}',
      '\u0000\u0001\u0002',
      '{"user":"admin","password":"x"}trailing',
      '{"user":"\\x41"}',
      '{"a":NaN}',
      '{"a":"unterminated}',
    ];
    for (const [i, text] of malformed.entries()) {
      test(`malformed JSON #${i} (${JSON.stringify(text).slice(0, 30)}) → 400`, async () => {
        const r = await http(server, 'POST', '/api/v1/login', {
          body: text,
          headers: { 'Content-Type': 'application/json' },
        });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body?.success, false, r.text);
        await assertServes(server, admin);
      });
    }

    test('malformed JSON to an authenticated endpoint → 400', async () => {
      const r = await http(server, 'POST', '/api/v1/users.create', {
        body: '{"username": "x", ',
        headers: { 'Content-Type': 'application/json' },
        auth: admin,
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body?.success, false);
      await assertServes(server, admin);
    });

    const notObjects = ['[]', '"admin"', 'null', '42', 'true', '[{"user":"admin","password":"x"}]'];
    for (const text of notObjects) {
      test(`JSON that is not an object (${text.slice(0, 20)}) → 400`, async () => {
        const r = await http(server, 'POST', '/api/v1/login', { body: text, headers: { 'Content-Type': 'application/json' } });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body?.success, false);
        await assertServes(server, admin);
      });
    }

    const wrongTypes = [
      ['/api/v1/login', { user: 123, password: true }],
      ['/api/v1/login', { user: ['admin'], password: ADMIN.password }],
      ['/api/v1/login', { username: { $ne: null }, password: ADMIN.password }],
      ['/api/v1/login', { user: 'admin', password: 12345 }],
      ['/api/v1/login', { user: 'admin', password: { $ne: 'x' } }],
      ['/api/v1/login', { resume: 123 }],
      ['/api/v1/login', { resume: { $ne: null } }],
      ['/api/v1/users.register', { username: 7, email: 'x@example.com', pass: 'x-pass-1', name: 'X' }],
      ['/api/v1/users.register', { username: 'xx', email: ['x@example.com'], pass: 'x-pass-1', name: 'X' }],
      ['/api/v1/users.register', { username: 'xy', email: 'xy@example.com', pass: [], name: 'X' }],
    ];
    for (const [route, body] of wrongTypes) {
      test(`wrong types ${route} ${JSON.stringify(body)} → 400`, async () => {
        const r = await post(server, route, body);
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body?.success, false);
        await assertServes(server, admin);
      });
    }

    const wrongTypesAuth = [
      { email: 'w1@example.com', name: 'W', password: 'w-pass-1', username: 123 },
      { email: 'w2@example.com', name: 'W', password: 'w-pass-1', username: 'w2', roles: 'admin' },
      { email: 'w3@example.com', name: 'W', password: 'w-pass-1', username: 'w3', roles: [1, 2] },
      { email: 'w4@example.com', name: 'W', password: 'w-pass-1', username: 'w4', active: 'yes' },
      { email: 'w5@example.com', name: ['W'], password: 'w-pass-1', username: 'w5' },
      { email: 5, name: 'W', password: 'w-pass-1', username: 'w6' },
      { email: 'w7@example.com', name: 'W', password: null, username: 'w7' },
    ];
    for (const body of wrongTypesAuth) {
      test(`users.create wrong types ${JSON.stringify(body)} → 400`, async () => {
        const r = await post(server, '/api/v1/users.create', body, { auth: admin });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body?.success, false);
        await assertServes(server, admin);
      });
    }

    const missing = [
      {},
      { user: 'admin' },
      { password: ADMIN.password },
      { user: '', password: '' },
    ];
    for (const body of missing) {
      test(`login with missing fields ${JSON.stringify(body)} → 4xx`, async () => {
        const r = await post(server, '/api/v1/login', body);
        assert.ok(r.status === 400 || r.status === 401, `status ${r.status}: ${r.text}`);
        assert.equal(r.body?.success, false);
        await assertServes(server, admin);
      });
    }

    test('empty body with Content-Type application/json → 4xx', async () => {
      const r = await http(server, 'POST', '/api/v1/login', { body: '', headers: { 'Content-Type': 'application/json' } });
      assert.ok(is4xx(r.status), `status ${r.status}: ${r.text}`);
      await assertServes(server, admin);
    });

    test('deeply nested JSON (30,000 levels, under the body limit) → 400, no stack overflow', async () => {
      const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
      assert.ok(deep.length < BODY_LIMIT);
      const r = await http(server, 'POST', '/api/v1/login', { body: deep, headers: { 'Content-Type': 'application/json' } });
      assert.equal(r.status, 400, r.text);
      const deepObj = `{"user":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},"password":"x"}`;
      const r2 = await http(server, 'POST', '/api/v1/login', { body: deepObj, headers: { 'Content-Type': 'application/json' } });
      assert.ok(is4xx(r2.status), `status ${r2.status}`);
      await assertServes(server, admin);
    });

    test('out-of-range numbers and duplicate keys → 4xx', async () => {
      for (const text of [
        '{"user":"admin","password":"x","n":1e400}',
        '{"user":"admin","password":"x","n":-1e400}',
        '{"user":"admin","password":"x","n":123456789012345678901234567890}',
        '{"user":"admin","user":"nobody","password":"x"}',
      ]) {
        const r = await http(server, 'POST', '/api/v1/login', { body: text, headers: { 'Content-Type': 'application/json' } });
        assert.ok(is4xx(r.status), `${text}: status ${r.status}: ${r.text}`);
      }
      await assertServes(server, admin);
    });

    const badUtf8 = [
      Buffer.from([0x7b, 0x22, 0x75, 0x73, 0x65, 0x72, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x2c, 0x22, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x22, 0x3a, 0x22, 0x78, 0x22, 0x7d]), // {"user":"\xff\xfe","password":"x"}
      Buffer.concat([Buffer.from('{"user":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","password":"x"}')]), // overlong '/'
      Buffer.concat([Buffer.from('{"user":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","password":"x"}')]), // UTF-16 surrogate
      Buffer.concat([Buffer.from('{"user":"admin","password":"'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]), // truncated sequence
      Buffer.concat([Buffer.from('{"us'), Buffer.from([0x80]), Buffer.from('er":"admin","password":"x"}')]), // in a key
    ];
    for (const [i, body] of badUtf8.entries()) {
      test(`invalid UTF-8 in a JSON body #${i} → 400`, async () => {
        const r = await http(server, 'POST', '/api/v1/login', { body, headers: { 'Content-Type': 'application/json' } });
        assert.equal(r.status, 400, r.text);
        await assertServes(server, admin);
      });
    }

    test('invalid UTF-8 in users.create fields → 400, and users.list stays valid JSON', async () => {
      const body = Buffer.concat([
        Buffer.from('{"email":"u8@example.com","name":"'),
        Buffer.from([0xff, 0x41]),
        Buffer.from('","password":"u8-pass-1","username":"u8"}'),
      ]);
      const r = await http(server, 'POST', '/api/v1/users.create', {
        body,
        headers: { 'Content-Type': 'application/json' },
        auth: admin,
      });
      assert.equal(r.status, 400, r.text);
      // A lone escaped surrogate is valid JSON text but not valid Unicode: refuse it or store
      // something that still serialises as valid UTF-8.
      const lone = await http(server, 'POST', '/api/v1/users.create', {
        body: '{"email":"u9@example.com","name":"bad \\ud800 name","password":"u9-pass-1","username":"u9"}',
        headers: { 'Content-Type': 'application/json' },
        auth: admin,
      });
      assert.ok(lone.status === 200 || lone.status === 400, `status ${lone.status}: ${lone.text}`);
      const list = await http(server, 'GET', '/api/v1/users.list?count=0', { auth: admin });
      assert.equal(list.status, 200, list.text);
      assert.ok(list.body, 'users.list must stay valid JSON');
      const raw = await rawExchange(server, rawRequest({
        method: 'GET',
        path: '/api/v1/users.list?count=0',
        headers: { 'X-User-Id': admin.userId, 'X-Auth-Token': admin.authToken, 'Content-Length': null, 'Content-Type': null, Connection: 'close' },
      }));
      const [res] = parseResponses(raw.data);
      assert.ok(res, 'a response');
      // Decoding with fatal:true throws on invalid UTF-8.
      new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(res.body, 'latin1'));
      await assertServes(server, admin);
    });

    test('invalid UTF-8 in query parameters → 4xx', async () => {
      for (const q of ['username=%FF%FE', 'userId=%C0%AF', 'username=%ED%A0%80', 'username=%', 'username=%zz']) {
        const r = await get(server, `/api/v1/users.info?${q}`, { auth: admin });
        assert.ok(is4xx(r.status), `${q}: status ${r.status}: ${r.text}`);
      }
      const raw = await rawExchange(
        server,
        Buffer.concat([
          Buffer.from('GET /api/v1/users.info?username='),
          Buffer.from([0xff, 0xfe, 0x80]),
          Buffer.from(` HTTP/1.1\r\nHost: x\r\nX-User-Id: ${admin.userId}\r\nX-Auth-Token: ${admin.authToken}\r\nConnection: close\r\n\r\n`),
        ]),
      );
      const [res] = parseResponses(raw.data);
      assert.ok(res ? is4xx(res.status) : raw.closed, `raw bytes in the URL: ${raw.data.toString('latin1').slice(0, 200)}`);
      await assertServes(server, admin);
    });

    test('invalid UTF-8 and garbage in auth headers → 401', async () => {
      for (const token of [Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('a'.repeat(4000)), Buffer.from('"; DROP TABLE users; --')]) {
        const raw = await rawExchange(
          server,
          Buffer.concat([
            Buffer.from(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-User-Id: ${admin.userId}\r\nX-Auth-Token: `),
            token,
            Buffer.from('\r\n\r\n'),
          ]),
        );
        const [res] = parseResponses(raw.data);
        assert.ok(res, `no response: ${raw.data.toString('latin1')}`);
        assert.equal(res.status, 401, res.body);
      }
      await assertServes(server, admin);
    });
  });

  describe('HTTP body limit', () => {
    test('a body just under the limit is read and answered normally', async () => {
      const base = JSON.stringify({ user: 'nobody-here', password: 'x', pad: '' });
      const pad = 'p'.repeat(BODY_LIMIT - Buffer.byteLength(base));
      const body = JSON.stringify({ user: 'nobody-here', password: 'x', pad });
      assert.equal(Buffer.byteLength(body), BODY_LIMIT);
      const r = await http(server, 'POST', '/api/v1/login', { body, headers: { 'Content-Type': 'application/json' } });
      assert.equal(r.status, 401, r.text);
    });

    test('Content-Length over the limit → 413 without reading the body', async () => {
      const raw = await rawExchange(
        server,
        rawRequest({ headers: { 'Content-Length': String(10 * 1024 * 1024) } }),
      );
      const [res] = parseResponses(raw.data);
      assert.ok(res, `no response: ${raw.data.toString('latin1').slice(0, 200)} closed=${raw.closed}`);
      assert.equal(res.status, 413);
      await assertServes(server, admin);
    });

    test('a full body one byte over the limit → 413', async () => {
      const body = Buffer.alloc(BODY_LIMIT + 1, 0x20);
      const raw = await rawExchange(server, rawRequest({ body }));
      const [res] = parseResponses(raw.data);
      assert.ok(res, `no response (closed=${raw.closed}, error=${raw.error})`);
      assert.equal(res.status, 413);
      await assertServes(server, admin);
    });

    test('a chunked body that grows over the limit → 413', async () => {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const parts = [rawRequest({ headers: { 'Content-Length': null, 'Transfer-Encoding': 'chunked' } })];
      for (let sent = 0; sent <= BODY_LIMIT; sent += chunk.length) {
        parts.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      }
      const raw = await rawExchange(server, parts);
      const [res] = parseResponses(raw.data);
      assert.ok(res, `no response (closed=${raw.closed}, error=${raw.error})`);
      assert.equal(res.status, 413);
      await assertServes(server, admin);
    });

    test('an oversized fetch() body → 413', async () => {
      let status;
      try {
        const r = await http(server, 'POST', '/api/v1/login', {
          body: 'x'.repeat(BODY_LIMIT * 4),
          headers: { 'Content-Type': 'application/json' },
        });
        status = r.status;
      } catch (err) {
        // The server may answer early and close while the client is still writing.
        status = `client error ${err.cause?.code || err.message}`;
      }
      assert.ok(status === 413 || String(status).startsWith('client error'), `status ${status}`);
      await assertServes(server, admin);
    });

    test('after a 400 for malformed JSON, the same keep-alive connection serves the next request', async () => {
      const raw = await rawExchange(server, [
        rawRequest({ body: '{"user":' }),
        rawRequest({ method: 'GET', path: '/api/info', headers: { 'Content-Length': null, 'Content-Type': null, Connection: 'close' } }),
      ]);
      const responses = parseResponses(raw.data);
      assert.equal(responses.length, 2, raw.data.toString('latin1').slice(0, 500));
      assert.equal(responses[0].status, 400);
      assert.equal(responses[1].status, 200);
      assert.equal(responses[1].json?.success, true);
    });
  });

  // Trailer fields after the last chunk are header fields too: they count against the 16 KiB
  // header limit (431 and a clean close), they never reach the application as headers (RFC 9110
  // §6.5.1: a recipient must not merge trailers into the header section), and no size of them
  // may throw inside the parser.
  describe('HTTP chunked trailers', () => {
    const chunkedHead = (path = '/api/v1/login', extra = {}, method = 'POST') =>
      rawRequest({ method, path, headers: { 'Content-Length': null, 'Transfer-Encoding': 'chunked', ...extra } });
    const loginChunk = () => {
      const body = Buffer.from(JSON.stringify({ user: 'nobody-here', password: 'x' }));
      return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
    };
    const trailerField = (name, size) => Buffer.from(`${name}: ${'t'.repeat(size)}\r\n`, 'latin1');
    const refused = (raw) => {
      const [res] = parseResponses(raw.data);
      assert.ok(res, `no answer (closed=${raw.closed}, error=${raw.error}): ${raw.data.toString('latin1').slice(0, 200)}`);
      assert.ok(res.status === 431 || res.status === 400, `status ${res.status}`);
      assert.equal(res.json?.success, false, res.body);
      assert.equal(res.headers.connection?.toLowerCase(), 'close');
      return res;
    };
    const rssKiB = () => {
      const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
    };

    test('a small trailer is read and the request answered; its fields are not headers', async () => {
      // A trailer carrying the admin's credentials must not authenticate /me.
      const raw = await rawExchange(server, [
        chunkedHead('/api/v1/me', { 'Content-Type': null }, 'GET'),
        Buffer.from('0\r\n'),
        Buffer.from(`X-User-Id: ${admin.userId}\r\nX-Auth-Token: ${admin.authToken}\r\n`),
        trailerField('X-Pad', 1000),
        Buffer.from('\r\n'),
      ]);
      const [res] = parseResponses(raw.data);
      assert.ok(res, `no answer (closed=${raw.closed}, error=${raw.error})`);
      assert.equal(res.status, 401, res.body);
      const login = await rawExchange(server, [
        chunkedHead(),
        loginChunk(),
        Buffer.from('0\r\n'),
        trailerField('X-Pad', 1000),
        Buffer.from('\r\n'),
      ]);
      assert.equal(parseResponses(login.data)[0]?.status, 401, login.data.toString('latin1').slice(0, 300));
      await assertServes(server, admin);
    });

    test('a 70 KB trailer field → 431/400 and a clean close, never an exception in the loop', async () => {
      const raw = await rawExchange(server, [
        chunkedHead(),
        loginChunk(),
        Buffer.from('0\r\n'),
        trailerField('X-Big', 70 * 1000),
        Buffer.from('\r\n'),
      ]);
      refused(raw);
      assert.ok(raw.closed, 'the connection must be closed after the refusal');
      assert.doesNotMatch(server.stderr + server.stdout, /uncaught exception/);
      await assertServes(server, admin);
    });

    test('a 20 KB trailer (over the 16 KiB header limit) → 431/400', async () => {
      const raw = await rawExchange(server, [
        chunkedHead(),
        loginChunk(),
        Buffer.from('0\r\n'),
        trailerField('X-Big', 20 * 1024),
        Buffer.from('\r\n'),
      ]);
      refused(raw);
      assert.ok(raw.closed, 'the connection must be closed after the refusal');
      await assertServes(server, admin);
    });

    test('a chunk-size line with 20 KB of extensions → 431/400', async () => {
      const raw = await rawExchange(server, [
        chunkedHead(),
        Buffer.from(`5;ext=${'e'.repeat(20 * 1024)}\r\nhello\r\n0\r\n\r\n`),
      ]);
      refused(raw);
      await assertServes(server, admin);
    });

    test('500 trailer fields of 60 KB (30 MB) are refused early; memory does not grow', async () => {
      const before = rssKiB();
      const parts = [chunkedHead(), loginChunk(), Buffer.from('0\r\n')];
      const field = trailerField('X-Big', 60 * 1000);
      for (let i = 0; i < 500; i++) parts.push(field);
      parts.push(Buffer.from('\r\n'));
      const raw = await rawExchange(server, parts, { totalMs: 30_000 });
      refused(raw);
      const grown = rssKiB() - before;
      assert.ok(grown < 32 * 1024, `RSS grew by ${grown} KiB`);
      assert.doesNotMatch(server.stderr + server.stdout, /uncaught exception/);
      await assertServes(server, admin);
    });
  });

  describe('garbage on the TCP port', () => {
    const garbage = {
      'random bytes': pseudoRandomBytes(4096, 1),
      'random bytes (2)': pseudoRandomBytes(300, 42),
      'NUL bytes': Buffer.alloc(256),
      'a TLS ClientHello': Buffer.from('16030100a5010000a10303' + '00'.repeat(32) + '000004c02fc02b0100', 'hex'),
      'HTTP/9.9': Buffer.from('GET / HTTP/9.9\r\nHost: x\r\n\r\n'),
      'no version': Buffer.from('GET /\r\n\r\n'),
      'spaces in the method': Buffer.from('G E T /api/info HTTP/1.1\r\nHost: x\r\n\r\n'),
      'header without colon': Buffer.from('GET /api/info HTTP/1.1\r\nHost x\r\nBroken\r\n\r\n'),
      'huge header (100 KiB)': Buffer.from(`GET /api/info HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`),
      '5000 headers': Buffer.from(`GET /api/info HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`),
      'huge URL (100 KiB)': Buffer.from(`GET /api/${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      'negative Content-Length': rawRequest({ headers: { 'Content-Length': '-1' } }),
      'non-numeric Content-Length': rawRequest({ headers: { 'Content-Length': 'abc' } }),
      'conflicting Content-Length': Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}{}{}{'),
      'bad chunk size': Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'),
      'chunk size overflow': Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nabc\r\n0\r\n\r\n'),
      'CR without LF': Buffer.from('GET /api/info HTTP/1.1\rHost: x\r\r\r'),
      'bare LFs and control bytes': Buffer.from('GET /api/info\x01 HTTP/1.1\nHost: \x7f\n\n'),
    };
    for (const [name, bytes] of Object.entries(garbage)) {
      test(`${name} → 4xx or closed, and the server keeps serving`, async () => {
        const raw = await rawExchange(server, bytes, { idleMs: 2000 });
        const responses = parseResponses(raw.data);
        if (responses.length > 0) {
          for (const res of responses) assert.ok(is4xx(res.status) || res.status === 505, `status ${res.status}`);
        } else {
          assert.equal(raw.data.length, 0, `unparsable answer: ${raw.data.toString('latin1').slice(0, 200)}`);
          assert.ok(raw.closed, 'neither an answer nor a close: the server sits on garbage');
        }
        await assertServes(server, admin);
      });
    }

    test('half a request, then the client hangs up', async () => {
      await rawExchange(server, Buffer.from('POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"us'), {
        idleMs: 200,
        endAfterWrite: true,
      });
      await rawExchange(server, Buffer.from('GET /api/in'), { idleMs: 200 });
      await assertServes(server, admin);
    });

    test('unknown HTTP methods do not crash the server', async () => {
      for (const m of ['FOO', 'PROPFIND', 'TRACE', 'CONNECT']) {
        const raw = await rawExchange(server, Buffer.from(`${m} /api/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        const [res] = parseResponses(raw.data);
        if (res) assert.ok(res.status >= 400, `${m}: ${res.status}`);
      }
      await assertServes(server, admin);
    });
  });

  describe('WebSocket', () => {
    async function ddpAlive() {
      const c = await ddpConnect(server);
      const frame = await c.loginPassword(ADMIN.username, ADMIN.password);
      assert.equal(frame.error, undefined, JSON.stringify(frame));
      c.close();
      await assertServes(server, admin);
    }

    test('malformed JSON frame → {"msg":"error"} and the socket stays', async () => {
      const c = await ddpConnect(server);
      for (const text of ['{', 'not json', '{"msg":"method",', '']) {
        const from = c.frames.length;
        c.send(text);
        const err = await c.waitFor((m) => m.msg === 'error', { from, what: `error for ${JSON.stringify(text)}` });
        assert.ok(['Bad request', 'Parse error'].includes(err.reason), JSON.stringify(err));
        await c.ping(`after-${from}`);
      }
      c.close();
    });

    test('frames without "msg" → {"msg":"error","reason":"Bad request","offendingMessage":…}', async () => {
      const c = await ddpConnect(server);
      for (const obj of [{ id: '1', method: 'login' }, { foo: 'bar' }, [1, 2, 3], 'a string', 42, null]) {
        const from = c.frames.length;
        c.sendJson(obj);
        const err = await c.waitFor((m) => m.msg === 'error', { from, what: `error for ${JSON.stringify(obj)}` });
        assert.equal(err.reason, 'Bad request', JSON.stringify(err));
        if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
          assert.deepEqual(err.offendingMessage, obj, JSON.stringify(err));
        }
        await c.ping(`after-${from}`);
      }
      c.close();
    });

    test('unknown msg types and malformed DDP messages → error, socket stays', async () => {
      const c = await ddpConnect(server);
      const cases = [
        { msg: 'nonsense' },
        { msg: 123 },
        { msg: 'method' },
        { msg: 'method', id: 5, method: 'login', params: [] },
        { msg: 'method', id: 'm1', method: 123, params: [] },
        { msg: 'method', id: 'm2', method: 'login', params: 'not-an-array' },
        { msg: 'method', id: 'm3', method: 'login', params: { a: 1 } },
        { msg: 'sub', id: 's1', name: 123 },
        { msg: 'sub' },
      ];
      for (const obj of cases) {
        const from = c.frames.length;
        c.sendJson(obj);
        const reply = await c.waitFor(
          (m) => m.msg === 'error' || (m.msg === 'result' && m.error) || (m.msg === 'nosub' && m.error),
          { from, what: `error reply to ${JSON.stringify(obj)}` },
        );
        assert.ok(reply, JSON.stringify(obj));
        await c.ping(`after-${from}`);
      }
      c.close();
    });

    test('login with wrong param types → method error, socket stays', async () => {
      const c = await ddpConnect(server);
      const params = [
        [123],
        [null],
        [],
        [{}],
        ['admin', 'password'],
        [{ user: { username: 123 }, password: { digest: 5, algorithm: 'sha-256' } }],
        [{ user: { username: 'admin' }, password: { digest: sha256hex('x'), algorithm: 'md5' } }],
        [{ user: { username: 'admin' }, password: { digest: 'not-hex', algorithm: 'sha-256' } }],
        [{ user: { username: ['admin'] }, password: ADMIN.password }],
        [{ user: { username: 'admin' }, password: ['x'] }],
        [{ resume: 123 }],
        [{ resume: null }],
        [{ resume: { $ne: null } }],
        [{ resume: '' }],
        [{ user: { username: 'admin' }, password: { $date: 'x' } }],
      ];
      for (const p of params) {
        const frame = await c.call('login', p);
        assert.ok(frame.error, `login ${JSON.stringify(p)} must fail: ${JSON.stringify(frame)}`);
        assert.equal(frame.result, undefined);
        await c.ping(`after-${JSON.stringify(p).length}-${c.frames.length}`);
      }
      // The session is not logged in by any of the above: logout-protected data is not reachable,
      // and a correct login still works.
      const ok = await c.loginPassword(ADMIN.username, ADMIN.password);
      assert.equal(ok.error, undefined, JSON.stringify(ok));
      c.close();
    });

    test('deeply nested method params → error, socket stays', async () => {
      const c = await ddpConnect(server);
      const from = c.frames.length;
      c.send(`{"msg":"method","id":"deep","method":"login","params":[${'['.repeat(20_000)}${']'.repeat(20_000)}]}`);
      const reply = await c.waitFor((m) => m.msg === 'error' || (m.msg === 'result' && m.id === 'deep'), {
        from,
        what: 'reply to deep params',
      });
      assert.ok(reply.msg === 'error' || reply.error, JSON.stringify(reply).slice(0, 300));
      await c.ping('after-deep');
      c.close();
    });

    test('connect sent twice, unsub without id: the session keeps working', async () => {
      const c = await ddpConnect(server);
      c.sendJson({ msg: 'connect', version: '1', support: ['1'] });
      await c.ping('after-second-connect');
      c.sendJson({ msg: 'unsub' });
      c.sendJson({ msg: 'unsub', id: 'never-subscribed' });
      c.sendJson({ msg: 'pong', id: 'unasked' });
      await c.ping('after-unsub');
      c.close();
    });

    test('a frame before connect → socket closed', async () => {
      const c = new DdpClient(server.wsUrl);
      await c.open();
      await c.waitFor((m) => m.server_id !== undefined, { what: 'server_id' });
      c.sendJson({ msg: 'method', id: '1', method: 'login', params: [{ resume: 'x' }] });
      const closed = await c.waitClosed();
      assert.ok(closed.code !== undefined);
      assert.equal(c.frames.filter((m) => m.msg === 'result').length, 0, 'no method runs before connect');
      await ddpAlive();
    });

    test('a binary frame → socket closed (1003)', async () => {
      const c = await ddpConnect(server);
      c.send(Buffer.from(JSON.stringify({ msg: 'ping' })), { binary: true });
      const closed = await c.waitClosed();
      assert.equal(closed.code, 1003, JSON.stringify(closed));
      await ddpAlive();
    });

    test('invalid UTF-8 in a text frame → socket closed', async () => {
      const c = await ddpConnect(server);
      c.send(Buffer.concat([Buffer.from('{"msg":"ping","id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), {
        binary: false,
      });
      const closed = await c.waitClosed();
      assert.ok(closed.code !== undefined);
      await ddpAlive();
    });

    test('a huge text frame (1 MiB) → error or closed, server keeps serving', async () => {
      const c = await ddpConnect(server);
      const from = c.frames.length;
      c.send(JSON.stringify({ msg: 'method', id: 'big', method: 'x', params: ['y'.repeat(1024 * 1024)] }));
      await Promise.race([
        c.waitClosed(15_000),
        c.waitFor((m) => m.msg === 'error' || m.msg === 'result', { from, what: 'reply to a huge frame' }),
      ]).catch(() => {});
      assert.ok(c.closed || c.frames.length > from, 'the huge frame got neither an answer nor a close');
      c.terminate();
      await ddpAlive();
    });

    function upgradeRequest(extra = {}, path = '/websocket') {
      const headers = {
        Host: 'localhost',
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
        ...extra,
      };
      const lines = [`GET ${path} HTTP/1.1`];
      for (const [k, v] of Object.entries(headers)) if (v !== null) lines.push(`${k}: ${v}`);
      return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
    }

    test('garbage bytes after the WebSocket upgrade → connection closed', async () => {
      const mask = [0x11, 0x22, 0x33, 0x44];
      const garbageFrames = [
        // FIN=0, RSV1-3 set, opcode 0xF (reserved), then noise
        Buffer.concat([Buffer.from([0x7f, 0xff]), pseudoRandomBytes(2048, 7)]),
        // a masked frame with the reserved data opcode 0x3
        Buffer.from([0x83, 0x84, ...mask, 1, 2, 3, 4]),
        // a control frame (ping) claiming a 126-byte extended length: control frames are <= 125
        Buffer.concat([Buffer.from([0x89, 0xfe, 0x00, 0x7e, ...mask]), Buffer.alloc(126)]),
        // a fragmented control frame (close without FIN)
        Buffer.from([0x08, 0x80, ...mask]),
        // a continuation frame with nothing to continue
        Buffer.from([0x80, 0x82, ...mask, 0x61, 0x62]),
      ];
      for (const bytes of garbageFrames) {
        const raw = await rawExchange(server, [upgradeRequest(), 200, bytes], {
          idleMs: 3000,
          totalMs: 15_000,
        });
        const text = raw.data.toString('latin1');
        assert.match(text, /^HTTP\/1\.1 101/, text.slice(0, 200));
        assert.ok(raw.closed, 'the server must drop a connection that sends garbage frames');
      }
      await ddpAlive();
    });

    test('an unmasked client frame → connection closed', async () => {
      const payload = Buffer.from('{"msg":"connect","version":"1","support":["1"]}');
      const frame = Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
      const raw = await rawExchange(server, [upgradeRequest(), 200, frame], { idleMs: 3000, totalMs: 15_000 });
      assert.match(raw.data.toString('latin1'), /^HTTP\/1\.1 101/);
      assert.ok(raw.closed, 'unmasked frames are a protocol error');
      await ddpAlive();
    });

    test('bad upgrade requests → 4xx', async () => {
      for (const extra of [
        { 'Sec-WebSocket-Key': null },
        { 'Sec-WebSocket-Version': '99' },
      ]) {
        const raw = await rawExchange(server, upgradeRequest(extra), { idleMs: 1500 });
        const [res] = parseResponses(raw.data);
        assert.ok(res ? is4xx(res.status) : raw.closed, `${JSON.stringify(extra)}: ${raw.data.toString('latin1').slice(0, 200)}`);
      }
      const elsewhere = await rawExchange(server, upgradeRequest({}, '/not-a-websocket'), { idleMs: 1500 });
      const [res] = parseResponses(elsewhere.data);
      assert.ok(res ? is4xx(res.status) : elsewhere.closed, elsewhere.data.toString('latin1').slice(0, 200));
      await ddpAlive();
    });

    test('a client that vanishes mid-handshake or mid-method does not hurt anyone', async () => {
      for (let i = 0; i < 5; i++) {
        const c = new DdpClient(server.wsUrl);
        await c.open();
        c.terminate();
        const d = await ddpConnect(server);
        d.sendJson({
          msg: 'method',
          id: 'gone',
          method: 'login',
          params: [{ user: { username: ADMIN.username }, password: { digest: sha256hex(ADMIN.password), algorithm: 'sha-256' } }],
        });
        d.terminate();
      }
      await ddpAlive();
    });
  });

  test('after everything: no case crashed the server; it serves, and SIGTERM exits 0', async () => {
    assert.deepEqual(crashes, [], `the server died during:\n${crashes.join('\n')}`);
    await assertServes(server, admin);
    await server.stopClean();
  });
});
