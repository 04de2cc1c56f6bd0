// Interop: the real EmbeddedChat (@embeddedchat/react 0.2.3 from npm, with its own
// @embeddedchat/api and @rocket.chat/sdk alpha DDP driver) rendered in headless Chromium
// (Debian's /usr/bin/chromium through playwright-core; no browser is downloaded) against the
// real parley binary. Nothing imitates either side.
//
// The page (src/main.jsx, bundled by Vite into dist/) is served by a small static server in
// this file on `localhost`, while parley answers on `127.0.0.1`: another origin and another
// site, as when a company embeds the chat in its own website, so every REST call, the avatars
// and the attachments go through CORS and cookies of parley's host are not the page's.
//
// What EmbeddedChat does, read from its published source maps (@embeddedchat/api
// src/EmbeddedChatApi.ts, @embeddedchat/auth src/RocketChatAuth.ts, @embeddedchat/react
// src/views/...):
//   - auth {flow:'TOKEN', credentials} POSTs `credentials` to /api/v1/login as they are; with
//     {resume: token} that is Rocket.Chat's resume login. Then it opens DDP /websocket, logs in
//     with {resume} and subscribes to the room's and the user's streams.
//   - Messages come from channels.messages; each is shown with an <img> of
//     `${host}/avatar/${username}` (ui-elements Avatar: on an error the <img> is replaced by
//     an icon, so a broken avatar leaves no <img>).
//   - The composer sends with chat.sendMessage; the attach button opens a hidden
//     <input type=file>, then a "File Upload" modal whose Send POSTs multipart `file` and
//     `description` to /api/v1/rooms.upload/<rid>. An image attachment is an <img> of
//     `${host}${attachment.image_url}`, with no credentials of its own.
//
// The browser's DDP frames are checked as well: EmbeddedChat shows its signed-in screen even
// when its DDP connection failed (rc-api.md §12), so only the frames tell that the resume
// login and each subscription were accepted.
//
// Screenshots go to PARLEY_SCREENSHOT_DIR (ctest: <build>/interop-screenshots).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createUser, get, http as request, login, loginAdmin, post, startServer } from '../../integration/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const shots = process.env.PARLEY_SCREENSHOT_DIR || path.resolve(here, '..', '..', '..', 'build', 'interop-screenshots');
const browserPath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'ec-Pa55word!';
const TIMEOUT = 20_000;

// ---- a PNG made here: 48 x 32, left half red, right half blue (no file in the repository) ----
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function makePng(width, height) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      if (x < width / 2) raw[p] = 0xe0;
      else raw[p + 2] = 0xe0;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PNG_W = 48;
const PNG_H = 32;
const png = makePng(PNG_W, PNG_H);
const AVATAR_SIZE = 40;
const avatarPng = makePng(AVATAR_SIZE, AVATAR_SIZE);

// ---- the page's static server: dist/ on its own port ----------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
function serveDist() {
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/') rel = '/index.html';
    const file = path.join(dist, path.normalize(rel));
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function eventually(what, fn, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(100);
  }
  assert.fail(`${what}: not within ${timeout} ms`);
}

describe('EmbeddedChat 0.2.3 in headless Chromium against parley', () => {
  let server;
  let pageServer;
  let browser;
  let context;
  let page;
  let admin;
  let alice; // the browser's user
  let bob; // posts through REST
  let rid;
  let pageOrigin;
  let uploadsMissing = false; // rooms.upload answered 404: the image step was skipped
  const problems = []; // requests to parley that failed or were refused, console errors
  const ddp = { sent: [], received: [] };
  const responses = []; // {method, url, status, type} of every answer from parley

  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const messageList = () => page.locator('.ec-chat-body');

  before(async () => {
    const built = path.join(dist, 'index.html');
    assert.ok(fs.existsSync(built), `no built page in ${dist}: run \`npm run build\` in tests/interop/embeddedchat (scripts/test.sh does)`);
    // A page older than its source or its dependencies would test something else.
    for (const source of ['src/main.jsx', 'vite.config.js', 'package-lock.json']) {
      assert.ok(fs.statSync(built).mtimeMs >= fs.statSync(path.join(here, source)).mtimeMs, `${dist} is older than ${source}: run \`npm run build\` again`);
    }
    fs.mkdirSync(shots, { recursive: true });
    server = await startServer({
      env: {
        // EmbeddedChat's attachment <img> carries no credentials and it sets no rc_uid/rc_token
        // cookies, so against Rocket.Chat too it shows images only with protected files off
        // (or in a browser that is also signed in to the server's own web app).
        OVERWRITE_SETTING_FileUpload_ProtectFiles: 'false',
      },
    });
    admin = await loginAdmin(server);
    for (const [username, name] of [
      ['alice', 'Alice Liddell'],
      ['bob', 'Bob Builder'],
    ]) {
      await createUser(server, admin, { username, name, email: `${username}@example.com`, password: PASSWORD, verified: true, joinDefaultChannels: false });
    }
    alice = await login(server, 'alice', PASSWORD);
    bob = await login(server, 'bob', PASSWORD);
    // Bob has uploaded an avatar; Alice keeps the initials one the server draws.
    const form = new FormData();
    form.append('image', new Blob([avatarPng], { type: 'image/png' }), 'bob.png');
    const set = await request(server, 'POST', '/api/v1/users.setAvatar', { body: form, auth: bob });
    assert.equal(set.status, 200, set.text);
    const r = await post(server, '/api/v1/channels.create', { name: 'embedded', members: ['alice', 'bob'] }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    rid = r.body.channel._id;
    for (const [who, text] of [
      [bob, 'Welcome to the embedded room'],
      [alice, 'Thanks, **Bob**!'],
      [bob, 'Here is the plan for today'],
    ]) {
      const m = await post(server, '/api/v1/chat.postMessage', { roomId: rid, text }, { auth: who });
      assert.equal(m.status, 200, m.text);
    }

    pageServer = await serveDist();
    // `localhost` for the page, 127.0.0.1 for parley: different origins and different sites.
    pageOrigin = `http://localhost:${pageServer.address().port}`;
    browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      if (req.url().startsWith(server.url)) problems.push(`failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (!res.url().startsWith(server.url)) return;
      const entry = { method: res.request().method(), url: res.url(), status: res.status(), type: res.headers()['content-type'] || '' };
      if (entry.method === 'POST' && res.url().endsWith('/api/v1/login')) entry.body = res.request().postDataJSON();
      responses.push(entry);
      if (res.status() >= 400) problems.push(`HTTP ${entry.status}: ${entry.method} ${entry.url}`);
    });
    page.on('websocket', (ws) => {
      if (!ws.url().startsWith(server.wsUrl.replace(/\/websocket$/, ''))) return;
      ws.on('framesent', (f) => ddp.sent.push(parse(f.payload)));
      ws.on('framereceived', (f) => ddp.received.push(parse(f.payload)));
    });
    const query = new URLSearchParams({ host: server.url, roomId: rid, token: alice.authToken });
    await page.goto(`${pageOrigin}/?${query}`);
  });

  after(async () => {
    if (problems.length) console.log(`what the browser saw go wrong:\n  ${problems.join('\n  ')}`);
    await browser?.close();
    await new Promise((r) => (pageServer ? pageServer.close(r) : r()));
    await server?.stopClean();
  });

  function parse(payload) {
    try {
      return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch {
      return { raw: String(payload) };
    }
  }

  test('logs in with the resume token and renders the room with its history', async () => {
    for (const text of ['Welcome to the embedded room', 'Here is the plan for today']) {
      await messageList().getByText(text).waitFor();
    }
    // The markdown came from the server's `md`: Bob in bold.
    await messageList().locator('strong', { hasText: 'Bob' }).waitFor();
    // The names shown are the users' (showName), not guesses.
    await messageList().getByText('Bob Builder').first().waitFor();
    await shot('01-embeddedchat-room');

    // Another origin than the server's, so every call below went through CORS.
    assert.notEqual(new URL(pageOrigin).origin, new URL(server.url).origin);
    // The REST login was the resume login with the token given, answered for Alice.
    const loginCall = responses.find((r) => r.method === 'POST' && r.url === `${server.url}/api/v1/login`);
    assert.ok(loginCall, 'EmbeddedChat never called /api/v1/login');
    assert.deepEqual(loginCall.body, { resume: alice.authToken });
    assert.equal(loginCall.status, 200);
  });

  test('its DDP connection resumes the login and every subscription is ready', async () => {
    // The driver logs in over DDP with the token the REST login returned.
    const loginMsg = await eventually('DDP login', () => ddp.sent.find((m) => m.msg === 'method' && m.method === 'login'));
    assert.ok(loginMsg.params?.[0]?.resume, `DDP login without resume: ${JSON.stringify(loginMsg)}`);
    const loginResult = await eventually('DDP login result', () => ddp.received.find((m) => m.msg === 'result' && m.id === loginMsg.id));
    assert.equal(loginResult.error, undefined, JSON.stringify(loginResult.error));
    assert.equal(loginResult.result.id, alice.userId);

    // Every sub it opened gets its own `ready`; none a `nosub`.
    await eventually('subscriptions ready', () => {
      const subs = ddp.sent.filter((m) => m.msg === 'sub');
      const ready = new Set(ddp.received.filter((m) => m.msg === 'ready').flatMap((m) => m.subs));
      return subs.length > 0 && subs.every((s) => ready.has(s.id));
    });
    const nosub = ddp.received.filter((m) => m.msg === 'nosub');
    assert.deepEqual(nosub, [], `refused subscriptions: ${JSON.stringify(nosub)}`);
    const streams = ddp.sent.filter((m) => m.msg === 'sub').map((m) => `${m.name} ${m.params?.[0]}`);
    assert.ok(streams.includes(`stream-room-messages ${rid}`), `no room-messages subscription in ${streams.join(', ')}`);
  });

  test('the avatars load: each message author and the signed-in user, from /avatar/', async () => {
    // The three history messages come from two authors; a non-sequential message carries its
    // author's avatar. A broken one would be swapped for ui-elements' fallback icon (no <img>).
    const avatars = messageList().locator(`img[src^="${server.url}/avatar/"]`);
    await eventually('avatar images', async () => (await avatars.count()) >= 3);
    // The header shows the signed-in user's `me.avatarUrl` from the login answer.
    const mine = page.locator('.ec-embedded-chat img[alt="avatar"]');
    await mine.waitFor();
    assert.equal(await mine.getAttribute('src'), alice.me.avatarUrl);
    const all = messageList().locator('img').and(avatars).or(mine);
    // Every one finishes loading (complete) and decoded to a real image.
    const states = await eventually('avatars loaded', async () => {
      const st = await all.evaluateAll((imgs) => imgs.map((i) => ({ src: i.src, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight })));
      return st.length >= 4 && st.every((x) => x.complete) ? st : null;
    });
    for (const st of states) {
      assert.ok(st.w > 0 && st.h > 0, `avatar ${st.src} did not decode (${st.w}x${st.h})`);
    }
    const paths = new Set(states.map((st) => new URL(st.src).pathname));
    assert.deepEqual([...paths].sort(), ['/avatar/alice', '/avatar/bob']);
    // Bob's is the PNG he uploaded (its own size), Alice's the server's initials SVG.
    for (const st of states.filter((x) => new URL(x.src).pathname === '/avatar/bob')) {
      assert.deepEqual([st.w, st.h], [AVATAR_SIZE, AVATAR_SIZE], `bob's avatar is not his upload: ${st.w}x${st.h}`);
    }
    // The server answered them with an image, cross-origin, through the network.
    for (const [u, type] of [
      ['alice', 'image/svg+xml'],
      ['bob', 'image/png'],
    ]) {
      const r = responses.find((x) => new URL(x.url).pathname === `/avatar/${u}`);
      assert.ok(r, `no response seen for /avatar/${u}`);
      assert.equal(r.status, 200);
      assert.equal(r.type.split(';')[0], type);
    }
  });

  test('a message typed in EmbeddedChat reaches the server', async () => {
    const composer = page.locator('.ec-chat-input textarea');
    await composer.fill('Typed in the embedded chat');
    const sent = page.waitForResponse((res) => res.url() === `${server.url}/api/v1/chat.sendMessage`);
    await composer.press('Enter');
    const sentRes = await sent;
    const body = await sentRes.json();
    assert.equal(sentRes.status(), 200, JSON.stringify(body));
    assert.equal(body.success, true);
    // EmbeddedChat shows the message at once, pending (opacity 0.4), under the id it chose and
    // sent along (`ec_` + 17 characters); the server's answer replaces it.
    assert.match(body.message._id, /^ec_/);
    const shown = page.locator(`#ec-message-body-${body.message._id}`);
    await shown.getByText('Typed in the embedded chat').waitFor();
    const opacity = await eventually('message confirmed', async () => {
      const o = await shown.evaluate((el) => getComputedStyle(el).opacity);
      return o === '1' ? o : null;
    }, 5000);
    assert.equal(opacity, '1');
    const stored = await eventually('message stored', async () => {
      const r = await get(server, `/api/v1/channels.messages?roomId=${rid}&count=20`, { auth: bob });
      assert.equal(r.status, 200, r.text);
      return r.body.messages.find((m) => m.msg === 'Typed in the embedded chat');
    });
    assert.equal(stored.u.username, 'alice');
    assert.equal(stored.rid, rid);
  });

  test('a message posted through REST appears live', async () => {
    const m = await post(server, '/api/v1/chat.postMessage', { roomId: rid, text: 'Live from _REST_' }, { auth: bob });
    assert.equal(m.status, 200, m.text);
    // Without a reload: through stream-room-messages.
    await messageList().getByText('Live from').waitFor();
    await messageList().locator('em', { hasText: 'REST' }).waitFor();
    await shot('02-embeddedchat-live');
  });

  test('an image attached in EmbeddedChat is uploaded and shown', async (t) => {
    // The UI's own path: the hidden file input, then the "File Upload" modal's Send.
    const uploaded = page.waitForResponse((res) => res.url().startsWith(`${server.url}/api/v1/rooms.upload/`) && res.request().method() === 'POST');
    await page.locator('.ec-chat-input input[type="file"]').setInputFiles({ name: 'diagram.png', mimeType: 'image/png', buffer: png });
    await page.getByText('File Upload').waitFor();
    await page.getByPlaceholder('Description').fill('The diagram, as promised');
    await shot('03-embeddedchat-attach');
    await page.getByRole('button', { name: 'Send' }).click();
    const res = await uploaded;
    if (res.status() === 404) {
      uploadsMissing = true;
      t.skip(`rooms.upload is not implemented in this build (POST ${new URL(res.url()).pathname} answered 404); the image step runs once the uploads branch is merged`);
      return;
    }
    assert.equal(res.status(), 200, `rooms.upload answered ${res.status()}: ${await res.text()}`);
    assert.equal(new URL(res.url()).pathname, `/api/v1/rooms.upload/${rid}`);

    // The server stored a message with the file, as Rocket.Chat shapes it (rc-api.md §4.3).
    const stored = await eventually('upload message', async () => {
      const r = await get(server, `/api/v1/channels.messages?roomId=${rid}&count=20`, { auth: bob });
      return r.body?.messages?.find((m) => m.file && m.attachments?.length);
    });
    const att = stored.attachments[0];
    assert.equal(stored.u.username, 'alice');
    assert.equal(att.title, 'diagram.png');
    assert.equal(att.description, 'The diagram, as promised');
    assert.ok(att.image_url, `attachment without image_url: ${JSON.stringify(att)}`);

    // EmbeddedChat shows it (from the live event) as an <img> of host + image_url that decodes.
    const img = messageList().locator(`img[src="${server.url}${att.image_url}"]`);
    await img.waitFor();
    await page.getByText('The diagram, as promised').waitFor();
    const size = await eventually('attachment image loaded', () =>
      img.evaluate((i) => (i.complete ? { w: i.naturalWidth, h: i.naturalHeight } : null)),
    );
    assert.ok(size.w > 0 && size.h > 0, `the attachment did not decode: ${JSON.stringify(size)}`);
    // The PNG is smaller than any thumbnail, so image_url is the file itself, at its own size.
    if (att.image_url === att.title_link) assert.deepEqual([size.w, size.h], [PNG_W, PNG_H]);
    const imgRes = responses.find((r) => r.url === `${server.url}${att.image_url}`);
    assert.ok(imgRes, 'no response seen for the attachment');
    assert.equal(imgRes.status, 200);
    assert.match(imgRes.type, /^image\//);
    await shot('04-embeddedchat-image');

    // The bytes a download gives are the bytes uploaded.
    const dl = await fetch(`${server.url}${att.title_link}`, { headers: { 'X-User-Id': bob.userId, 'X-Auth-Token': bob.authToken } });
    assert.equal(dl.status, 200);
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), png);
  });

  test('nothing EmbeddedChat asked of parley failed, but what Rocket.Chat refuses too', () => {
    const refused = problems.filter((p) => p.startsWith('HTTP') || p.startsWith('failed'));
    const expected = [
      // RC's GET settings/:_id answers 403 to users without view-privileged-setting
      // (apps/meteor/app/api/server/v1/settings.ts); EmbeddedChat then has no length limit.
      `HTTP 403: GET ${server.url}/api/v1/settings/Message_MaxAllowedSize`,
    ];
    if (uploadsMissing) expected.push(`HTTP 404: POST ${server.url}/api/v1/rooms.upload/${rid}`);
    assert.deepEqual(refused.sort(), expected.sort());
  });
});
