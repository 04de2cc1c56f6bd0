// Black-box: the cap on concurrent connections per client address (PARLEY_MAX_CONNECTIONS_PER_IP).
// Over the cap an HTTP request gets 429 in Rocket.Chat's error shape and the connection closes,
// a WebSocket upgrade is accepted and closed with 1008, and every refusal is counted in
// parley_connections_refused_total{reason="per_ip"}. Closing a connection makes room again.
//
// The clients bind to their own loopback addresses (127.0.0.2, ...), so the test's own fetch()
// keep-alive pool on 127.0.0.1 never counts against the address under test.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from './ddp.js';
import { get, parseResponses, sleep, startServer } from './server.js';

const CAP = 3;

// A keep-alive HTTP/1.1 connection from `localAddress` that sends one request and collects
// what comes back. Resolves once a full response arrived or the connection closed.
function openHttp(server, localAddress, { path = '/livez', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port: server.port, host: '127.0.0.1', localAddress });
    const conn = { sock, data: Buffer.alloc(0), closed: false, responses: [] };
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve(conn);
    };
    conn.closedPromise = new Promise((res) => sock.on('close', res));
    sock.on('data', (d) => {
      conn.data = Buffer.concat([conn.data, d]);
      conn.responses = parseResponses(conn.data);
      if (conn.responses.length > 0) settle();
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      conn.closed = true;
      settle();
    });
    sock.on('connect', () => {
      const lines = [`GET ${path} HTTP/1.1`, 'Host: localhost'];
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    setTimeout(() => (settled ? null : reject(new Error(`no answer from ${path}`))), 10_000);
  });
}

async function close(conn) {
  conn.sock.end();
  await conn.closedPromise;
}

// Opens a WebSocket from `localAddress`; resolves {ws, opened, closed: Promise<{code, reason}>}.
function openWs(server, localAddress, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.wsUrl, { perMessageDeflate: false, localAddress, headers });
    const closed = new Promise((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
    ws.on('error', reject);
    ws.on('open', () => resolve({ ws, closed }));
  });
}

async function refusedCount(server) {
  const r = await get(server, '/metrics');
  const m = /^parley_connections_refused_total\{reason="per_ip"\} (\d+)$/m.exec(r.text);
  assert.ok(m, 'parley_connections_refused_total{reason="per_ip"} is missing from /metrics');
  return Number(m[1]);
}

function assertTooMany(conn) {
  const [res] = conn.responses;
  assert.ok(res, `no answer (closed=${conn.closed}): ${conn.data.toString('latin1').slice(0, 200)}`);
  assert.equal(res.status, 429, res.body);
  assert.equal(res.json?.success, false, res.body);
  assert.equal(res.json?.errorType, 'error-too-many-connections', res.body);
  assert.equal(res.headers.connection?.toLowerCase(), 'close');
}

describe('connections per client IP, clients connecting directly', () => {
  let server;

  before(async () => {
    server = await startServer({
      env: { PARLEY_MAX_CONNECTIONS_PER_IP: String(CAP), PARLEY_EVENT_LOOPS: '2' },
    });
  });

  after(async () => {
    await server?.stopClean();
    await server?.dispose();
  });

  test(`the ${CAP + 1}th HTTP connection from one address gets 429 and is closed; a close makes room`, async () => {
    const refusedBefore = await refusedCount(server);
    const open = [];
    for (let i = 0; i < CAP; i++) {
      const c = await openHttp(server, '127.0.0.2');
      assert.equal(c.responses[0]?.status, 200, c.data.toString('latin1').slice(0, 200));
      open.push(c);
    }
    const over = await openHttp(server, '127.0.0.2', { path: '/api/info' });
    assertTooMany(over);
    await over.closedPromise;
    assert.equal(await refusedCount(server), refusedBefore + 1);

    // Another address is not affected.
    const elsewhere = await openHttp(server, '127.0.0.3');
    assert.equal(elsewhere.responses[0]?.status, 200);
    await close(elsewhere);

    await close(open.pop());
    await sleep(200);
    const again = await openHttp(server, '127.0.0.2', { path: '/api/info' });
    assert.equal(again.responses[0]?.status, 200, again.data.toString('latin1').slice(0, 200));
    open.push(again);
    for (const c of open) await close(c);
  });

  test('a WebSocket over the cap is closed with 1008; WebSockets count against the cap too', async () => {
    const refusedBefore = await refusedCount(server);
    const sockets = [];
    for (let i = 0; i < CAP; i++) sockets.push(await openWs(server, '127.0.0.4'));

    // Every session is up (the server greets each with its server_id frame); more from the
    // same address are refused, HTTP and WebSocket alike.
    const over = await openWs(server, '127.0.0.4');
    const { code, reason } = await over.closed;
    assert.equal(code, 1008, `close code ${code} (${reason})`);
    const overHttp = await openHttp(server, '127.0.0.4');
    assertTooMany(overHttp);
    assert.equal(await refusedCount(server), refusedBefore + 2);

    // The sessions that were accepted still work.
    const first = sockets[0].ws;
    const pong = new Promise((res) =>
      first.on('message', (d) => {
        if (JSON.parse(d.toString()).msg === 'connected') res();
      }),
    );
    first.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    await pong;

    // Closing one WebSocket gives its place back.
    sockets[1].ws.close();
    await sockets[1].closed;
    await sleep(200);
    const again = await openWs(server, '127.0.0.4');
    const outcome = await Promise.race([again.closed, sleep(500).then(() => 'open')]);
    assert.equal(outcome, 'open', `closed: ${JSON.stringify(outcome)}`);
    for (const s of [sockets[0], sockets[2], again]) {
      s.ws.close();
      await s.closed;
    }
  });

  test('after every connection closed, the address starts from zero', async () => {
    await sleep(200);
    const open = [];
    for (let i = 0; i < CAP; i++) {
      const c = await openHttp(server, '127.0.0.2');
      assert.equal(c.responses[0]?.status, 200);
      open.push(c);
    }
    for (const c of open) await close(c);
  });
});

describe('connections per client IP behind a proxy (HTTP_FORWARDED_COUNT=1)', () => {
  let server;

  before(async () => {
    server = await startServer({
      env: { PARLEY_MAX_CONNECTIONS_PER_IP: '2', HTTP_FORWARDED_COUNT: '1' },
    });
  });

  after(async () => {
    await server?.stopClean();
    await server?.dispose();
  });

  test('the client named by X-Forwarded-For is capped, not the proxy', async () => {
    const from = (ip) => ({ headers: { 'X-Forwarded-For': ip } });
    const open = [];
    for (let i = 0; i < 2; i++) {
      const c = await openHttp(server, '127.0.0.2', from('203.0.113.7'));
      assert.equal(c.responses[0]?.status, 200);
      open.push(c);
    }
    assertTooMany(await openHttp(server, '127.0.0.2', from('203.0.113.7')));
    const ws = await openWs(server, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.7' });
    assert.equal((await ws.closed).code, 1008);

    // The same proxy address carries other clients.
    for (let i = 0; i < 3; i++) {
      const other = await openHttp(server, '127.0.0.2', from(`203.0.113.${20 + i}`));
      assert.equal(other.responses[0]?.status, 200);
      open.push(other);
    }
    for (const c of open) await close(c);
  });
});
