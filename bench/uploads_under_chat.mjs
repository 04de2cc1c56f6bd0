// Chat delivery latency with and without concurrent uploads (issue 10's benchmark: "20
// concurrent 5 MB uploads while chat load runs; report chat p99 with and without").
//
//   node bench/uploads_under_chat.mjs [--users 40] [--senders 40] [--rate 100] [--seconds 20]
//                                     [--uploaders 20] [--upload-mb 5] [--upload-rate MB/s]
//                                     [--url http://host:port]
//
// Without --url it starts build/parley (or PARLEY_BIN) on a fresh data dir, as the black-box
// tests do (tests/integration/server.js; run `npm ci` there first). Every user is a member of
// one channel and follows it on DDP (stream-room-messages), as a room on screen is followed;
// `senders` of them send `rate` messages per second in all, each carrying its send time. A
// delivered copy's latency is receive time minus send time (one process, one clock).
// Phase 1 is chat alone, phase 2 the same chat while `uploaders` clients each upload
// `upload-mb` MB files back to back through POST /api/v1/rooms.upload/:rid.
// It prints one JSON line per phase: copies expected/received, latency p50/p99/max in ms, and
// for phase 2 the uploads finished and their MB/s. The client runs in one Node process on the
// same machine: its own CPU shows in the figures, so compare phases, not absolute numbers.
import { performance } from 'node:perf_hooks';
import process from 'node:process';

import { WebSocket } from '../tests/integration/ddp.js';
import { ADMIN, createUser, login, post, startServer } from '../tests/integration/server.js';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const USERS = Number(option('users', 40));
const SENDERS = Number(option('senders', 40)); // RC allows sendMessage 5/s per user
const RATE = Number(option('rate', 100));
const SECONDS = Number(option('seconds', 20));
const UPLOADERS = Number(option('uploaders', 20));
const UPLOAD_MB = Number(option('upload-mb', 5));
const URL_OPTION = option('url', '');
// MB/s per uploader; 0 = as fast as the loopback allows (a worst case no real network gives).
const UPLOAD_RATE = Number(option('upload-rate', 0));

// A DDP connection that follows one room and records the latency of every bench message.
class Follower {
  constructor(wsUrl, token, roomId, onLatency) {
    this.wsUrl = wsUrl;
    this.token = token;
    this.roomId = roomId;
    this.onLatency = onLatency;
    this.nextId = 1;
    this.calls = new Map();
  }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.wsUrl, { perMessageDeflate: false });
      this.ws = ws;
      ws.on('error', reject);
      ws.on('message', (data) => this.#frame(JSON.parse(data.toString('utf8')), resolve));
      ws.on('open', () => ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] })));
    });
  }

  #frame(m, connected) {
    if (m.msg === 'ping') return this.ws.send(JSON.stringify({ msg: 'pong', id: m.id }));
    if (m.msg === 'connected') return connected();
    if (m.msg === 'result' || m.msg === 'ready') {
      const key = m.msg === 'result' ? m.id : m.subs?.[0];
      this.calls.get(key)?.(m);
      this.calls.delete(key);
      return;
    }
    if (m.msg === 'changed' && m.collection === 'stream-room-messages') {
      const msg = m.fields?.args?.[0];
      const sent = /^bench (\d+(?:\.\d+)?)$/.exec(msg?.msg ?? '');
      if (sent && !msg.editedAt) this.onLatency(performance.now() - Number(sent[1]));
    }
  }

  #send(frame, key) {
    return new Promise((resolve) => {
      this.calls.set(key, resolve);
      this.ws.send(JSON.stringify(frame));
    });
  }

  call(method, params) {
    const id = String(this.nextId++);
    return this.#send({ msg: 'method', id, method, params }, id);
  }

  async start() {
    await this.open();
    const r = await this.call('login', [{ resume: this.token }]);
    if (r.error) throw new Error(`resume failed: ${JSON.stringify(r.error)}`);
    const id = `s${this.nextId++}`;
    await this.#send({ msg: 'sub', id, name: 'stream-room-messages', params: [this.roomId, false] }, id);
  }

  send(text) {
    this.call('sendMessage', [{ rid: this.roomId, msg: text }]);
  }

  close() {
    this.ws.close();
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// Sends RATE messages per second spread over the senders for SECONDS; resolves the count sent.
async function chat(senders) {
  const interval = 1000 / RATE;
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < SECONDS * 1000) {
    senders[sent % senders.length].send(`bench ${performance.now().toFixed(3)}`);
    sent++;
    const next = start + sent * interval;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return sent;
}

const BOUNDARY = 'parleybenchboundary';
const partHead = () =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
const partTail = () => Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
const multipart = (bytes) => Buffer.concat([partHead(), bytes, partTail()]);

// The same body sent in 64 KiB pieces at UPLOAD_RATE MB/s, as a client behind a real link.
function pacedBody(bytes) {
  const piece = 64 * 1024;
  const pieceMs = (piece / (UPLOAD_RATE * 1024 * 1024)) * 1000;
  let offset = 0;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(partHead());
        return;
      }
      if (offset >= bytes.length) {
        controller.enqueue(partTail());
        controller.close();
        return;
      }
      await new Promise((r) => setTimeout(r, pieceMs));
      controller.enqueue(bytes.subarray(offset, offset + piece));
      offset += piece;
    },
  });
}

// One uploader: uploads back to back until `stop()` says so; returns [files, bytes].
async function uploader(base, auth, roomId, bytes, stop) {
  let files = 0;
  let total = 0;
  let failures = 0;
  while (!stop()) {
    const res = await fetch(`${base}/api/v1/rooms.upload/${roomId}`, {
      method: 'POST',
      headers: {
        'X-User-Id': auth.userId,
        'X-Auth-Token': auth.authToken,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body: UPLOAD_RATE > 0 ? pacedBody(bytes) : multipart(bytes),
      duplex: 'half',
    }).catch((e) => ({ ok: false, status: String(e) }));
    if (res.ok) {
      files++;
      total += bytes.length;
    } else {
      failures++;
      if (failures === 1) console.error(`upload failed: ${res.status} ${res.text ? await res.text() : ''}`);
    }
  }
  return { files, bytes: total, failures };
}

async function main() {
  const server = URL_OPTION ? null : await startServer({ env: { PARLEY_LOG_LEVEL: 'warn', PARLEY_UPLOADS_MAX: '64' } });
  const base = URL_OPTION || server.url;
  const wsUrl = `${base.replace(/^http/, 'ws')}/websocket`;
  const target = { url: base };
  try {
    const admin = await login(target, ADMIN.username, ADMIN.password);
    const room = await post(target, '/api/v1/channels.create', { name: `bench-${Date.now()}` }, { auth: admin });
    const roomId = room.body.channel._id;
    const users = [];
    for (let i = 0; i < USERS; i++) {
      const username = `bench${Date.now()}x${i}`;
      await createUser(target, admin, {
        username,
        name: username,
        email: `${username}@example.com`,
        password: 'bench-Pa55word!',
        joinDefaultChannels: false,
      });
      const auth = await login(target, username, 'bench-Pa55word!');
      await post(target, '/api/v1/channels.join', { roomId }, { auth });
      users.push(auth);
    }
    let latencies = [];
    const followers = users.map((u) => new Follower(wsUrl, u.authToken, roomId, (ms) => latencies.push(ms)));
    await Promise.all(followers.map((f) => f.start()));
    const senders = followers.slice(0, SENDERS);

    const report = (phase, sent, extra = {}) => {
      const sorted = latencies.slice().sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          phase,
          users: USERS,
          rate: RATE,
          seconds: SECONDS,
          expected: sent * USERS,
          received: sorted.length,
          p50_ms: Number(percentile(sorted, 50)?.toFixed(1)),
          p99_ms: Number(percentile(sorted, 99)?.toFixed(1)),
          max_ms: Number(sorted.at(-1)?.toFixed(1)),
          ...extra,
        }),
      );
    };

    const settle = () => new Promise((r) => setTimeout(r, 2000));
    const sentAlone = await chat(senders);
    await settle();
    report('chat', sentAlone);

    latencies = [];
    const payload = Buffer.alloc(UPLOAD_MB * 1024 * 1024, 7);
    let stopping = false;
    const uploadStart = performance.now();
    const uploads = Array.from({ length: UPLOADERS }, (_, i) =>
      uploader(base, users[i % users.length], roomId, payload, () => stopping),
    );
    const sentWith = await chat(senders);
    stopping = true;
    const done = await Promise.all(uploads);
    const seconds = (performance.now() - uploadStart) / 1000;
    await settle();
    const files = done.reduce((n, u) => n + u.files, 0);
    const bytes = done.reduce((n, u) => n + u.bytes, 0);
    report('chat+uploads', sentWith, {
      uploaders: UPLOADERS,
      upload_mb: UPLOAD_MB,
      upload_rate_mb_s_each: UPLOAD_RATE || 'unpaced',
      uploads_done: files,
      upload_failures: done.reduce((n, u) => n + u.failures, 0),
      upload_mb_per_s: Number((bytes / 1048576 / seconds).toFixed(1)),
    });
    for (const f of followers) f.close();
  } finally {
    if (server) await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
