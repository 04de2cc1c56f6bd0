// Black-box: the web client's files served at `/` (--web-root / PARLEY_WEB_ROOT). Cache headers,
// precompressed siblings by Accept-Encoding, ETag revalidation, HEAD, client-side routes falling
// back to index.html, no way out of the root, the API untouched; and without a web root, a short
// page at `/` saying what this is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { get, parleyBin, post, rawExchange, startServer } from './server.js';

const JS = 'console.log("parley web client");\n'.repeat(50);
const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>\n';

// A built client as Vite leaves it: index.html, hashed assets with .br/.gz siblings, and a file
// next to the root that must never be reachable.
function makeDist() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  const dist = path.join(base, 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const js = path.join(dist, 'assets', 'index-Ab12Cd34.js');
  fs.writeFileSync(js, JS);
  fs.writeFileSync(js + '.br', zlib.brotliCompressSync(JS));
  fs.writeFileSync(js + '.gz', zlib.gzipSync(JS));
  fs.writeFileSync(path.join(dist, 'assets', 'index-Ef56.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP-SECRET');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(dist, 'leak.txt'));
  return { base, dist };
}

// node:http, not fetch: fetch decompresses and hides Content-Encoding's effect on the bytes.
function raw(server, method, route, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = nodeHttp.request(
      { host: '127.0.0.1', port: server.port, method, path: route, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('with a web root', () => {
  let server;
  let dirs;
  before(async () => {
    dirs = makeDist();
    server = await startServer({ env: { PARLEY_WEB_ROOT: dirs.dist } });
  });
  after(async () => {
    await server?.stopClean();
    fs.rmSync(dirs.base, { recursive: true, force: true });
  });

  test('/ is index.html, revalidated every time', async () => {
    const r = await raw(server, 'GET', '/');
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), INDEX);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.match(r.headers.etag, /^"[^"]+"$/);
    const again = await raw(server, 'GET', '/', { 'If-None-Match': r.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('hashed assets are immutable and come precompressed when accepted', async () => {
    const br = await raw(server, 'GET', '/assets/index-Ab12Cd34.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(zlib.brotliDecompressSync(br.body).toString(), JS);

    const gz = await raw(server, 'GET', '/assets/index-Ab12Cd34.js', { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gz.body).toString(), JS);

    const plain = await raw(server, 'GET', '/assets/index-Ab12Cd34.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), JS);
    assert.notEqual(plain.headers.etag, gz.headers.etag);

    const css = await raw(server, 'GET', '/assets/index-Ef56.css', { 'Accept-Encoding': 'br' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.body.toString(), 'body{margin:0}');
    const svg = await raw(server, 'GET', '/favicon.svg');
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
  });

  test('HEAD gives the headers and length without the body', async () => {
    const r = await raw(server, 'HEAD', '/assets/index-Ab12Cd34.js');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-length'], String(Buffer.byteLength(JS)));
    assert.equal(r.body.length, 0);
  });

  test('client-side routes get index.html; a missing file is a 404', async () => {
    for (const route of ['/home', '/channel/general', '/group/secret-team', '/direct/abc123', '/admin/users']) {
      const r = await raw(server, 'GET', route);
      assert.equal(r.status, 200, route);
      assert.equal(r.body.toString(), INDEX, route);
      assert.equal(r.headers['cache-control'], 'no-cache', route);
    }
    assert.equal((await raw(server, 'GET', '/assets/index-gone.js')).status, 404);
    assert.equal((await raw(server, 'GET', '/missing.png')).status, 404);
  });

  test('nothing outside the root is reachable, encoded or not', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/leak.txt',
      '/%00/index.html',
    ];
    for (const target of attempts) {
      const r = await rawExchange(server, [`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
      const text = r.data.toString();
      assert.match(text, /^HTTP\/1\.1 (400|404)/, `${target}: ${text.slice(0, 80)}`);
      assert.ok(!text.includes('TOP-SECRET'), target);
    }
  });

  test('the API, probes and WebSocket paths are not the web client', async () => {
    const info = await get(server, '/api/info');
    assert.equal(info.status, 200);
    assert.equal(info.body.success, true);
    const unknown = await get(server, '/api/v1/no.such.route');
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type'), /json/);
    assert.equal((await get(server, '/livez')).status, 200);
    assert.match((await get(server, '/metrics')).text, /parley_/);
    for (const route of ['/websocket', '/sockjs/info', '/avatar/admin', '/file-upload/x/y.png']) {
      const r = await raw(server, 'GET', route);
      assert.notEqual(r.body.toString(), INDEX, route);
    }
    // POST is never the web client's.
    const p = await post(server, '/channel/general', {});
    assert.notEqual(p.text, INDEX);
  });
});

describe('without a web root', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stopClean());

  test('/ says this is the API and how to get the web app', async () => {
    const r = await raw(server, 'GET', '/');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html/);
    const text = r.body.toString();
    assert.match(text, /API/);
    assert.match(text, /--web-root/);
    assert.match(text, /scripts\/run\.sh/);
    // Other paths stay the router's 404 in Rocket.Chat's shape.
    const other = await get(server, '/channel/general');
    assert.equal(other.status, 404);
  });
});

test('a web root without index.html stops the start with a clear message', () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  try {
    const r = spawnSync(parleyBin, ['serve', '--port', '0', '--data-dir', data, '--web-root', empty], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PARLEY_LOG_LEVEL: 'info' },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /index\.html/);
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
