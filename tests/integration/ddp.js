// A small DDP client over `ws` for black-box tests. It keeps every frame it receives (in order)
// so a test can assert on exact bytes, answers server pings like real clients do (unless told
// not to), and exposes the close code.
import { createHash } from 'node:crypto';

const { default: WebSocket } = await import('ws').catch(() => {
  throw new Error("package 'ws' missing: run `npm ci` in tests/integration (scripts/test.sh does)");
});
export { WebSocket };

export const sha256hex = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

export class DdpClient {
  constructor(url, { autoPong = true } = {}) {
    this.url = url;
    this.autoPong = autoPong;
    this.frames = []; // every received text frame, parsed (raw text kept in .raw)
    this.rawFrames = []; // the raw strings, in order
    this.waiters = [];
    this.nextId = 1;
    this.closed = null; // {code, reason} once closed
    this.serverPings = 0;
    this.pendingCalls = new Map(); // method id -> resolve, so a result costs no frame scan
  }

  // Opens the socket; resolves once it is open (before any frame).
  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false });
      this.ws = ws;
      this.closedPromise = new Promise((res) => {
        ws.on('close', (code, reason) => {
          this.closed = { code, reason: reason.toString() };
          this.#wake();
          res(this.closed);
        });
      });
      ws.on('error', (err) => {
        this.error = err;
        reject(err);
        this.#wake();
      });
      ws.on('open', () => resolve(this));
      ws.on('message', (data, isBinary) => {
        const raw = isBinary ? data : data.toString('utf8');
        this.rawFrames.push(raw);
        let msg;
        try {
          msg = JSON.parse(raw);
        } catch {
          msg = { unparsable: raw };
        }
        this.frames.push(msg);
        if (msg && msg.msg === 'result' && this.pendingCalls.has(msg.id)) {
          this.pendingCalls.get(msg.id)(msg);
          this.pendingCalls.delete(msg.id);
        }
        if (msg && msg.msg === 'ping') {
          this.serverPings++;
          if (this.autoPong) this.sendJson(msg.id !== undefined ? { msg: 'pong', id: msg.id } : { msg: 'pong' });
        }
        this.#wake();
      });
    });
  }

  // open() + wait for server_id + connect + wait for connected. Resolves the connected frame.
  async connect({ version = '1', support = ['1', 'pre2', 'pre1'] } = {}) {
    await this.open();
    await this.waitFor((m) => m.server_id !== undefined, { timeoutMs: 5000, what: 'server_id' });
    this.sendJson({ msg: 'connect', version, support });
    return this.waitFor((m) => m.msg === 'connected' || m.msg === 'failed', { what: 'connected' });
  }

  sendJson(obj) {
    this.send(JSON.stringify(obj));
  }

  send(data, opts) {
    if (this.ws.readyState !== WebSocket.OPEN) throw new Error('DDP socket not open');
    this.ws.send(data, opts);
  }

  #wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  // Waits for the first frame at index >= `from` (default 0: frames already received count too)
  // that matches the predicate. Rejects on timeout, or when the socket closes first.
  waitFor(pred, { timeoutMs = 15_000, from = 0, what = 'frame' } = {}) {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      let timer;
      const check = () => {
        for (let i = from; i < this.frames.length; i++) {
          if (pred(this.frames[i])) {
            clearTimeout(timer);
            resolve(this.frames[i]);
            return;
          }
        }
        if (this.closed) {
          clearTimeout(timer);
          reject(
            new Error(
              `socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${what}; ` +
                `frames: ${this.rawFrames.slice(-5).join(' | ')}`,
            ),
          );
          return;
        }
        this.waiters.push(check);
      };
      timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}; last frames: ${this.rawFrames.slice(-5).join(' | ')}`));
      }, Math.max(0, deadline - Date.now()));
      check();
    });
  }

  // Sends a method call; resolves the whole result frame ({msg:'result', id, result|error}).
  call(method, params = [], { id, timeoutMs = 15_000 } = {}) {
    const callId = id ?? String(this.nextId++);
    if (id !== undefined) {
      // A caller-chosen id may repeat or already be answered: scan the frames instead.
      this.sendJson({ msg: 'method', id: callId, method, params });
      return this.waitFor((m) => m.msg === 'result' && m.id === callId, { timeoutMs, what: `result of ${method}` });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingCalls.delete(callId);
        reject(new Error(`timed out waiting for result of ${method}; last frames: ${this.rawFrames.slice(-5).join(' | ')}`));
      }, timeoutMs);
      this.pendingCalls.set(callId, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
      this.closedPromise?.then((closed) => {
        if (!this.pendingCalls.has(callId)) return;
        this.pendingCalls.delete(callId);
        clearTimeout(timer);
        reject(new Error(`socket closed (${closed.code} ${closed.reason}) while waiting for result of ${method}`));
      });
      this.sendJson({ msg: 'method', id: callId, method, params });
    });
  }

  // Sends a method call; resolves result, rejects with the DDP error object.
  async apply(method, params = []) {
    const frame = await this.call(method, params);
    if (frame.error) {
      const e = new Error(`${method}: ${JSON.stringify(frame.error)}`);
      e.ddp = frame.error;
      throw e;
    }
    return frame.result;
  }

  sub(name, params = [], { id } = {}) {
    const subId = id ?? String(this.nextId++);
    this.sendJson({ msg: 'sub', id: subId, name, params });
    return this.waitFor(
      (m) => (m.msg === 'ready' && Array.isArray(m.subs) && m.subs.includes(subId)) || (m.msg === 'nosub' && m.id === subId),
      { what: `ready/nosub of ${name}` },
    );
  }

  async ping(id) {
    const from = this.frames.length;
    if (id === undefined) {
      this.sendJson({ msg: 'ping' });
      return this.waitFor((m) => m.msg === 'pong', { from, what: 'pong', timeoutMs: 10_000 });
    }
    this.sendJson({ msg: 'ping', id });
    return this.waitFor((m) => m.msg === 'pong' && m.id === id, { from, what: `pong ${id}`, timeoutMs: 10_000 });
  }

  loginPassword(username, password) {
    return this.call('login', [{ user: { username }, password: { digest: sha256hex(password), algorithm: 'sha-256' } }]);
  }

  loginPlain(username, password) {
    return this.call('login', [{ user: { username }, password }]);
  }

  resume(token) {
    return this.call('login', [{ resume: token }]);
  }

  // Resolves {code, reason} when the socket closes (or immediately if it already has).
  waitClosed(timeoutMs = 10_000) {
    return Promise.race([
      this.closedPromise,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`socket not closed within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  }

  close() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    else if (this.ws && this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  terminate() {
    this.ws?.terminate();
  }
}

export async function ddpConnect(server, opts) {
  const c = new DdpClient(server.wsUrl, opts);
  const frame = await c.connect(opts);
  if (frame.msg !== 'connected') throw new Error(`DDP connect failed: ${JSON.stringify(frame)}`);
  return c;
}

// A connection logged in as `username` (password login with a digest). The client is added to
// `track` before logging in, so the test's cleanup closes it even when the login fails.
export async function ddpLoggedIn(server, username, password, track) {
  const c = await ddpConnect(server);
  track?.push(c);
  const login = await c.loginPassword(username, password);
  if (!login.result?.token) throw new Error(`DDP login as ${username} failed: ${JSON.stringify(login)}`);
  return c;
}

// The shape of a Meteor error on the wire (rc-api.md §2.3).
export function assertMeteorError(assert, err, code, reason) {
  assert.ok(err, 'expected an error object');
  assert.equal(err.isClientSafe, true, `isClientSafe in ${JSON.stringify(err)}`);
  assert.equal(err.error, code, `error code in ${JSON.stringify(err)}`);
  if (reason !== undefined) {
    assert.equal(err.reason, reason, `reason in ${JSON.stringify(err)}`);
    assert.equal(err.message, `${reason} [${code}]`, `message in ${JSON.stringify(err)}`);
  }
  assert.equal(err.errorType, 'Meteor.Error', `errorType in ${JSON.stringify(err)}`);
}
