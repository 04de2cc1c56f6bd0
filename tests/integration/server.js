// Starts the real parley binary for a black-box test: a free port, a fresh data directory,
// cheap password hashing, and a readiness wait. Every test file starts its own server, so files
// can run in parallel (ctest -j2) without sharing state.
//
// The binary comes from PARLEY_BIN (ctest sets it to the tree being tested, e.g. the ASan build);
// without it, <repo>/build/parley. Set PARLEY_TEST_VERBOSE=1 to see the server's own output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const parleyBin = process.env.PARLEY_BIN || path.join(repoRoot, 'build', 'parley');

export const ADMIN = Object.freeze({
  username: 'admin',
  password: 'admin-Pa55word!',
  email: 'admin@example.com',
});

// The environment every test server gets unless a test overrides it.
// The REST rate limiter is off, as an operator turns it off for a trusted load generator: the
// suites make dozens of calls per route from 127.0.0.1 as ordinary users. rate_limit.test.js
// removes this line (env value undefined) to test the Rocket.Chat defaults.
export function baseEnv() {
  return {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASS: ADMIN.password,
    ADMIN_EMAIL: ADMIN.email,
    PARLEY_ARGON2_OPS: '1',
    PARLEY_ARGON2_MEM_KB: '8192',
    PARLEY_LOG_LEVEL: process.env.PARLEY_TEST_LOG_LEVEL || 'warn',
    PARLEY_TICK_SECONDS: '1',
    OVERWRITE_SETTING_API_Enable_Rate_Limiter: 'false',
  };
}

const STARTUP_TIMEOUT_MS = Number(process.env.PARLEY_TEST_STARTUP_MS || 60_000);
const LOG_TAIL_BYTES = 64 * 1024;

// A port that was free a moment ago. The kernel does not hand out the same ephemeral port twice
// in a row, so two test files asking at the same time get different ports; start() retries on
// the rare collision anyway.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const live = new Set();
process.on('exit', () => {
  for (const s of live) {
    try {
      s.proc?.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

export class ParleyServer {
  // options.env: extra environment (wins over baseEnv()); a value of undefined removes a variable.
  // options.args: replaces the default `serve --port P --data-dir D` arguments (tokens {port}
  //   and {dataDir} are substituted), for tests of the configuration sources.
  // options.dataDir: reuse a directory instead of a fresh one.
  // options.port: use this port (no retry on another one).
  // options.cwd: working directory of the process (default: this test's).
  constructor(options = {}) {
    this.options = options;
    this.env = { ...baseEnv(), ...(options.env || {}) };
    this.dataDir = options.dataDir || null;
    this.ownsDataDir = !options.dataDir;
    this.port = options.port ?? null;
    this.proc = null;
    this.exit = null; // {code, signal} once the process has ended
    this.unexpectedExit = null;
    this.stdout = '';
    this.stderr = '';
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}/websocket`;
  }

  get host() {
    return `127.0.0.1:${this.port}`;
  }

  async start() {
    if (!fs.existsSync(parleyBin)) {
      throw new Error(`parley binary not found at ${parleyBin} (build it, or set PARLEY_BIN)`);
    }
    if (!this.dataDir) {
      this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
    }
    let lastError;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.port === null || (attempt > 0 && !this.options.port)) this.port = await freePort();
      try {
        await this.#spawnAndWait();
        return this;
      } catch (err) {
        lastError = err;
        // Only a start that died early (e.g. the port was taken meanwhile) is worth retrying.
        if (!this.exit || this.options.args || this.options.port) break;
      }
    }
    throw lastError;
  }

  #args() {
    const fill = (a) => a.replaceAll('{port}', String(this.port)).replaceAll('{dataDir}', this.dataDir);
    if (this.options.args) return this.options.args.map(fill);
    return ['serve', '--port', String(this.port), '--data-dir', this.dataDir];
  }

  #spawnAndWait() {
    // The test decides parley's configuration: nothing leaks in from the caller's environment.
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      const parleyKnob =
        /^(PORT|ROOT_URL|BIND_IP|INSTANCE_IP|MONGO_URL|ADMIN_USERNAME|ADMIN_PASS|ADMIN_EMAIL|HTTP_FORWARDED_COUNT)$/.test(k) ||
        (k.startsWith('PARLEY_') && !k.startsWith('PARLEY_TEST_') && k !== 'PARLEY_BIN') ||
        k.startsWith('OVERWRITE_SETTING_') ||
        /^(Accounts_|Block_Multiple_Failed_Logins_|API_|Rate_Limiter_|Site_Name$)/.test(k);
      if (!parleyKnob) env[k] = v;
    }
    for (const [k, v] of Object.entries(this.env)) {
      if (v === undefined) delete env[k];
      else env[k] = String(v);
    }
    this.exit = null;
    this.unexpectedExit = null;
    this.stdout = '';
    this.stderr = '';
    const verbose = process.env.PARLEY_TEST_VERBOSE === '1';
    const proc = spawn(parleyBin, this.#args(), {
      env,
      cwd: this.options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    live.add(this);
    const keep = (which) => (chunk) => {
      const s = chunk.toString('utf8');
      if (verbose) process.stderr.write(`[parley ${which}] ${s}`);
      this[which] = (this[which] + s).slice(-LOG_TAIL_BYTES);
    };
    proc.stdout.on('data', keep('stdout'));
    proc.stderr.on('data', keep('stderr'));
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        if (!this.stopping) this.unexpectedExit = { code, signal };
        resolve(this.exit);
      });
    });
    proc.on('error', (err) => {
      this.stderr += `\nspawn error: ${err.message}`;
    });
    return this.#waitReady();
  }

  async #waitReady() {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(
          `parley exited during start (code ${this.exit.code}, signal ${this.exit.signal})\n${this.logTail()}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = err.cause?.code || err.message;
      }
      await sleep(50);
    }
    this.proc.kill('SIGKILL');
    await this.exited;
    throw new Error(`parley not ready within ${STARTUP_TIMEOUT_MS} ms (${last})\n${this.logTail()}`);
  }

  logTail() {
    const parts = [];
    // A sanitizer report matters from its first line on.
    const report = this.stderr.search(/==\d+==ERROR: |runtime error:/);
    if (report >= 0) parts.push(`--- parley sanitizer report ---\n${this.stderr.slice(report, report + 8000)}`);
    else if (this.stderr.trim()) parts.push(`--- parley stderr (tail) ---\n${this.stderr.slice(-4000)}`);
    if (this.stdout.trim()) parts.push(`--- parley stdout (tail) ---\n${this.stdout.slice(-2000)}`);
    return parts.join('\n');
  }

  // Throws when the process is gone: the check after every bad-input case.
  assertAlive() {
    if (this.exit) {
      throw new Error(
        `parley is not running (exit code ${this.exit.code}, signal ${this.exit.signal})\n${this.logTail()}`,
      );
    }
  }

  // SIGTERM, then wait. Resolves {code, signal, ms, timedOut}; after timeoutMs it SIGKILLs.
  async stop({ signal = 'SIGTERM', timeoutMs = 30_000 } = {}) {
    if (!this.proc || this.exit) return { ...(this.exit || {}), ms: 0, timedOut: false };
    this.stopping = true;
    const t0 = process.hrtime.bigint();
    this.proc.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const r = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r === 'timeout') {
      this.proc.kill('SIGKILL');
      const e = await this.exited;
      this.stopping = false;
      return { ...e, ms, timedOut: true };
    }
    this.stopping = false;
    return { ...r, ms, timedOut: false };
  }

  // The exit of stop() must be clean: code 0, no signal, no sanitizer report.
  async stopClean(opts) {
    const r = await this.stop(opts);
    const sanitizer = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(this.stderr);
    if (r.timedOut || r.code !== 0 || r.signal || sanitizer) {
      throw new Error(
        `parley did not stop cleanly: code ${r.code}, signal ${r.signal}, ${r.ms.toFixed(0)} ms` +
          `${r.timedOut ? ' (timed out, killed)' : ''}${sanitizer ? ' (sanitizer report)' : ''}\n${this.logTail()}`,
      );
    }
    return r;
  }

  async kill() {
    if (!this.proc || this.exit) return this.exit;
    this.stopping = true;
    this.proc.kill('SIGKILL');
    const e = await this.exited;
    this.stopping = false;
    return e;
  }

  // Stops (SIGTERM) and starts again on the same data directory and port.
  async restart() {
    const r = await this.stopClean();
    await this.#startAgain();
    return r;
  }

  async #startAgain() {
    try {
      await this.#spawnAndWait();
    } catch (err) {
      if (!this.exit) throw err;
      // The old port was taken meanwhile: take another one.
      this.port = await freePort();
      await this.#spawnAndWait();
    }
  }

  // Stops and removes the data directory (when this object made it).
  async dispose() {
    if (this.proc && !this.exit) await this.kill();
    if (this.ownsDataDir && this.dataDir) {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

export async function startServer(options = {}) {
  const s = new ParleyServer(options);
  await s.start();
  return s;
}

// ---- HTTP helpers -------------------------------------------------------------------------

// fetch wrapper that returns {status, headers, body (parsed JSON or null), text}.
export async function http(server, method, route, { json, body, headers = {}, auth } = {}) {
  const h = { ...headers };
  if (auth) {
    h['X-User-Id'] = auth.userId;
    h['X-Auth-Token'] = auth.authToken;
  }
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    h['Content-Type'] = h['Content-Type'] || 'application/json';
  }
  let res;
  try {
    res = await fetch(server.url + route, {
      method,
      headers: h,
      body: payload,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (err) {
    // Tell a dead server from a flaky client: a crash is what the test must report.
    await sleep(100);
    if (server.exit) server.assertAlive();
    throw err;
  }
  const text = await res.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export const get = (server, route, opts) => http(server, 'GET', route, opts);
export const post = (server, route, json, opts = {}) => http(server, 'POST', route, { ...opts, json });

// REST login; returns {userId, authToken, me} and throws on failure.
export async function login(server, user, password) {
  const r = await post(server, '/api/v1/login', { user, password });
  if (r.status !== 200 || !r.body?.data?.authToken) {
    throw new Error(`login ${user} failed: HTTP ${r.status} ${r.text}`);
  }
  return { userId: r.body.data.userId, authToken: r.body.data.authToken, me: r.body.data.me };
}

export const loginAdmin = (server) => login(server, ADMIN.username, ADMIN.password);

// users.create as the given admin auth; returns the created user object.
export async function createUser(server, adminAuth, fields) {
  const r = await post(server, '/api/v1/users.create', fields, { auth: adminAuth });
  if (r.status !== 200) throw new Error(`users.create failed: HTTP ${r.status} ${r.text}`);
  return r.body.user;
}

// The liveness check used after every bad input: the process is up, answers /livez, and serves
// an authenticated API call when auth is given.
export async function assertServes(server, auth) {
  server.assertAlive();
  const live = await get(server, '/livez');
  if (live.status !== 200) throw new Error(`/livez answered ${live.status}`);
  const info = await get(server, '/api/info');
  if (info.status !== 200 || info.body?.success !== true) {
    throw new Error(`/api/info answered ${info.status} ${info.text}`);
  }
  if (auth) {
    const me = await get(server, '/api/v1/me', { auth });
    if (me.status !== 200 || me.body?._id !== auth.userId) {
      throw new Error(`/api/v1/me answered ${me.status} ${me.text}`);
    }
  }
  server.assertAlive();
}

// ---- raw TCP ------------------------------------------------------------------------------

// Writes bytes to a fresh TCP connection and collects everything the server sends until it
// closes or `idleMs` pass without data. Resolves {data: Buffer, closed, error}.
export function rawExchange(server, chunks, { idleMs = 1500, totalMs = 10_000, endAfterWrite = false } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(server.port, '127.0.0.1');
    const received = [];
    let closed = false;
    let error = null;
    let idleTimer;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(idleTimer);
      clearTimeout(totalTimer);
      sock.destroy();
      resolve({ data: Buffer.concat(received), closed, error });
    };
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(finish, idleMs);
    };
    const totalTimer = setTimeout(finish, totalMs);
    sock.on('data', (d) => {
      received.push(d);
      armIdle();
    });
    sock.on('error', (e) => {
      error = e.code || e.message;
    });
    sock.on('close', () => {
      closed = true;
      finish();
    });
    sock.on('connect', async () => {
      for (const c of Array.isArray(chunks) ? chunks : [chunks]) {
        if (sock.destroyed) break;
        if (typeof c === 'number') {
          await sleep(c);
          continue;
        }
        await new Promise((r) => sock.write(c, () => r()));
      }
      if (endAfterWrite && !sock.destroyed) sock.end();
      armIdle();
    });
  });
}

// Parses the HTTP/1.1 responses found in a raw byte stream (Content-Length or chunked bodies).
export function parseResponses(buf) {
  const out = [];
  let s = buf.toString('latin1');
  while (s.startsWith('HTTP/')) {
    const headEnd = s.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const head = s.slice(0, headEnd).split('\r\n');
    const status = Number(head[0].split(' ')[1]);
    const headers = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    let rest = s.slice(headEnd + 4);
    let body = '';
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      for (;;) {
        const le = rest.indexOf('\r\n');
        if (le < 0) break;
        const size = parseInt(rest.slice(0, le), 16);
        rest = rest.slice(le + 2);
        if (!size) {
          const tEnd = rest.indexOf('\r\n');
          rest = tEnd >= 0 ? rest.slice(tEnd + 2) : '';
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    } else {
      const n = Number(headers['content-length'] || 0);
      body = rest.slice(0, n);
      rest = rest.slice(n);
    }
    let json = null;
    try {
      json = JSON.parse(Buffer.from(body, 'latin1').toString('utf8'));
    } catch {
      json = null;
    }
    out.push({ status, headers, body, json });
    s = rest;
  }
  return out;
}
