// Black-box: avatars (issue 10, started): /avatar/<username>, /avatar/<roomname>,
// /avatar/uid/<id> and /avatar/room/<rid> answer Rocket.Chat's initials SVG with its colour,
// size, cache headers and 304s (apps/meteor/server/routes/avatar/*.ts), plus an ETag; and
// users.setAvatar / users.resetAvatar store, serve, announce and remove an uploaded image.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { makePng } from './png.js';
import { createUser, get, http, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const FALLBACK_LAST_MODIFIED = 'Thu, 01 Jan 2015 00:00:00 GMT';

// RC's renderSVGLetters, written out for the cases the tests ask for.
const svg = (letters, color, size, fontSize) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}">\n` +
  `<rect width="100%" height="100%" fill="${color}"/>\n` +
  `<text x="50%" y="50%" dy="0.36em" text-anchor="middle" pointer-events="none" fill="#ffffff" ` +
  `font-family="'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'" font-size="${fontSize}">\n` +
  `${letters}\n</text>\n</svg>`;
const COLORS = ['#158D65', '#7F1B9F', '#B68D00', '#E26D0E', '#10529E', '#6C727A'];
const colorOf = (name) => COLORS[name.length % COLORS.length];

describe('avatars', () => {
  let server;
  let admin;
  let carol;
  let dave;
  let channel;
  let dm;

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    carol = await createUser(server, admin, { username: 'carol', name: 'Carol Danvers', email: 'carol@example.com', password: PASSWORD });
    dave = await createUser(server, admin, { username: 'dave', name: 'Dave Lister', email: 'dave@example.com', password: PASSWORD });
    const created = await post(server, '/api/v1/channels.create', { name: 'design-team' }, { auth: admin });
    assert.equal(created.status, 200, created.text);
    channel = created.body.channel;
    const carolAuth = await login(server, 'carol', PASSWORD);
    const im = await post(server, '/api/v1/im.create', { username: 'dave' }, { auth: carolAuth });
    assert.equal(im.status, 200, im.text);
    dm = im.body.room;
  });

  after(async () => {
    await server?.stop();
  });

  test('a user: the initials SVG with RC bytes and headers', async () => {
    const r = await get(server, '/avatar/admin');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
    assert.equal(r.text, svg('A', '#6C727A', 200, 125));
    assert.equal(r.headers.get('cache-control'), 'public, max-age=3600');
    assert.equal(r.headers.get('content-disposition'), 'inline');
    assert.equal(r.headers.get('last-modified'), FALLBACK_LAST_MODIFIED);
    assert.match(r.headers.get('etag'), /^"[0-9a-f]{32}"$/);
    // EmbeddedChat loads avatars from another origin.
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal((await get(server, '/avatar/carol')).text, svg('C', colorOf('carol'), 200, 125));
  });

  test('the same name gets the same bytes and ETag every time; names differ by length', async () => {
    const a = await get(server, '/avatar/dave');
    const b = await get(server, '/avatar/dave');
    assert.equal(a.text, b.text);
    assert.equal(a.headers.get('etag'), b.headers.get('etag'));
    assert.notEqual(a.headers.get('etag'), (await get(server, '/avatar/admin')).headers.get('etag'));
    assert.ok(a.text.includes(`fill="${colorOf('dave')}"`));
  });

  test('unknown names, room names and @names get initials too, as in RC', async () => {
    const unknown = await get(server, '/avatar/nobody-here');
    assert.equal(unknown.status, 200);
    assert.equal(unknown.text, svg('N', colorOf('nobody-here'), 200, 125));
    const room = await get(server, '/avatar/design-team');
    assert.equal(room.status, 200);
    assert.equal(room.text, svg('D', colorOf('design-team'), 200, 125));
    const at = await get(server, '/avatar/@zed');
    assert.equal(at.text, svg('Z', colorOf('zed'), 200, 125));
    // Non-ASCII letters are dropped from the initials but count in the colour.
    const accented = await get(server, `/avatar/${encodeURIComponent('élodie')}`);
    assert.equal(accented.text, svg('L', colorOf('élodie'), 200, 125));
  });

  test('?size= as RC: clamped to 16..1024, garbage means the default', async () => {
    assert.equal((await get(server, '/avatar/admin?size=64')).text, svg('A', '#6C727A', 64, 40));
    assert.equal((await get(server, '/avatar/admin?size=5000')).text, svg('A', '#6C727A', 1024, 640));
    assert.equal((await get(server, '/avatar/admin?size=2')).text, svg('A', '#6C727A', 16, 10));
    assert.equal((await get(server, '/avatar/admin?size=abc')).text, svg('A', '#6C727A', 200, 125));
    assert.equal((await get(server, '/avatar/admin?size=100px')).text, svg('A', '#6C727A', 100, 62.5));
  });

  test('?format=png|jpg|jpeg renders the SVG, as RC does with sharp', async () => {
    const png = await fetch(`${server.url}/avatar/admin?format=png&size=64`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    const pngBytes = Buffer.from(await png.arrayBuffer());
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(pngBytes.readUInt32BE(16), 64); // IHDR width
    assert.equal(pngBytes.readUInt32BE(20), 64); // IHDR height
    // RC answers image/<format>, so "image/jpg" for jpg.
    const jpg = await fetch(`${server.url}/avatar/admin?format=jpg`);
    assert.equal(jpg.headers.get('content-type'), 'image/jpg');
    const jpgBytes = Buffer.from(await jpg.arrayBuffer());
    assert.deepEqual([...jpgBytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.equal((await fetch(`${server.url}/avatar/admin?format=jpeg`)).headers.get('content-type'), 'image/jpeg');
    // Each representation has its own tag; other formats get the SVG.
    const svgTag = (await get(server, '/avatar/admin?size=64')).headers.get('etag');
    assert.notEqual(png.headers.get('etag'), svgTag);
    const again = await get(server, '/avatar/admin?format=png&size=64', { headers: { 'If-None-Match': png.headers.get('etag') } });
    assert.equal(again.status, 304);
    const gif = await get(server, '/avatar/admin?format=gif');
    assert.equal(gif.headers.get('content-type'), 'image/svg+xml');
  });

  test('If-None-Match with the ETag, and RC\'s If-Modified-Since, give 304', async () => {
    const first = await get(server, '/avatar/carol?size=48');
    const etag = first.headers.get('etag');
    const again = await get(server, '/avatar/carol?size=48', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=3600');
    const weak = await get(server, '/avatar/carol?size=48', { headers: { 'If-None-Match': `"x", W/${etag}` } });
    assert.equal(weak.status, 304);
    // Another size is another representation.
    const other = await get(server, '/avatar/carol?size=64', { headers: { 'If-None-Match': etag } });
    assert.equal(other.status, 200);
    const stale = await get(server, '/avatar/carol', { headers: { 'If-None-Match': '"stale"' } });
    assert.equal(stale.status, 200);
    const since = await get(server, '/avatar/carol', { headers: { 'If-Modified-Since': FALLBACK_LAST_MODIFIED } });
    assert.equal(since.status, 304);
    assert.equal(since.headers.get('last-modified'), FALLBACK_LAST_MODIFIED);
    const otherDate = await get(server, '/avatar/carol', { headers: { 'If-Modified-Since': 'Fri, 02 Jan 2015 00:00:00 GMT' } });
    assert.equal(otherDate.status, 200);
  });

  test('HEAD answers the headers; OPTIONS answers a CORS preflight', async () => {
    const head = await http(server, 'HEAD', '/avatar/admin');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.headers.get('content-type'), 'image/svg+xml');
    const pre = await http(server, 'OPTIONS', '/avatar/admin', { headers: { Origin: 'http://elsewhere.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  });

  test('/avatar/uid/<id>: the user\'s initials; an unknown id is a 404', async () => {
    const r = await get(server, `/avatar/uid/${carol._id}`);
    assert.equal(r.status, 200);
    assert.equal(r.text, svg('C', colorOf('carol'), 200, 125));
    const missing = await get(server, '/avatar/uid/NoSuchUserId1234');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '');
  });

  test('/avatar/room/<rid>: the room name\'s initials; a DM shows the other user; unknown is 404', async () => {
    const r = await get(server, `/avatar/room/${channel._id}?size=32`);
    assert.equal(r.status, 200);
    assert.equal(r.text, svg('D', colorOf('design-team'), 32, 20));
    // A DM as the user in the rc_uid cookie sees it: the other side.
    const asCarol = await get(server, `/avatar/room/${dm._id}`, { headers: { Cookie: `rc_uid=${carol._id}; rc_token=x` } });
    assert.equal(asCarol.text, svg('D', colorOf('dave'), 200, 125));
    const asDave = await get(server, `/avatar/room/${dm._id}`, { headers: { Cookie: `rc_uid=${dave._id}` } });
    assert.equal(asDave.text, svg('C', colorOf('carol'), 200, 125));
    const anyone = await get(server, `/avatar/room/${dm._id}`);
    assert.equal(anyone.status, 200);
    assert.ok([svg('D', colorOf('dave'), 200, 125), svg('C', colorOf('carol'), 200, 125)].includes(anyone.text));
    const missing = await get(server, '/avatar/room/NoSuchRoomId12345');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '');
    assert.equal(missing.headers.get('cache-control'), null);
  });

  test('Accounts_AvatarCacheTime and ?cacheTime= set max-age', async () => {
    assert.equal((await get(server, '/avatar/admin?cacheTime=60')).headers.get('cache-control'), 'public, max-age=60');
    // Not a number: ignored rather than copied into the header.
    assert.equal((await get(server, '/avatar/admin?cacheTime=1%0d%0aX-Evil:%201')).headers.get('cache-control'), 'public, max-age=3600');
    const set = await post(server, '/api/v1/settings/Accounts_AvatarCacheTime', { value: 120 }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    assert.equal((await get(server, '/avatar/admin')).headers.get('cache-control'), 'public, max-age=120');
    await post(server, '/api/v1/settings/Accounts_AvatarCacheTime', { value: 3600 }, { auth: admin });
  });

  test('UI_Use_Name_Avatar: a known user\'s initials come from the real name', async () => {
    const on = await post(server, '/api/v1/settings/UI_Use_Name_Avatar', { value: true }, { auth: admin });
    assert.equal(on.status, 200, on.text);
    try {
      assert.equal((await get(server, '/avatar/carol')).text, svg('CD', colorOf('Carol Danvers'), 200, 100));
      assert.equal((await get(server, `/avatar/uid/${dave._id}`)).text, svg('DL', colorOf('Dave Lister'), 200, 100));
      // Unknown names still get their own initials.
      assert.equal((await get(server, '/avatar/nobody')).text, svg('N', colorOf('nobody'), 200, 125));
    } finally {
      await post(server, '/api/v1/settings/UI_Use_Name_Avatar', { value: false }, { auth: admin });
    }
  });

});

describe('avatars and the rate limiter', () => {
  let server;
  before(async () => {
    // The REST limiter on, with RC's defaults (10 calls a minute per route and address).
    server = await startServer({ env: { OVERWRITE_SETTING_API_Enable_Rate_Limiter: undefined } });
  });
  after(async () => {
    await server?.stop();
  });

  test('avatars are not API calls: a page of 30 avatars is never a 429', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => get(server, '/avatar/admin')));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
    // While an API route is limited as before.
    const api = [];
    for (let i = 0; i < 11; i++) api.push((await get(server, '/api/v1/info')).status);
    assert.equal(api.at(-1), 429);
  });
});

// ---- uploaded avatars (users.setAvatar / users.resetAvatar) ---------------------------------

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function form(parts) {
  const fd = new FormData();
  for (const [name, value, filename, type] of parts) {
    if (filename === undefined) fd.append(name, value);
    else fd.append(name, new Blob([value], { type }), filename);
  }
  return fd;
}

describe('uploaded avatars', () => {
  let server;
  let admin;
  let erin;
  let erinAuth;
  let finnAuth;
  const clients = [];
  const png = makePng(32, 32, [200, 30, 30]);
  const setAvatar = (auth, parts) => http(server, 'POST', '/api/v1/users.setAvatar', { body: form(parts), auth });
  const blobFiles = () => {
    const dir = path.join(server.dataDir, 'blobs', 'avatars');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };
  const tmpFiles = () => fs.readdirSync(path.join(server.dataDir, 'blobs', '.tmp'));

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    erin = await createUser(server, admin, { username: 'erin', name: 'Erin Hale', email: 'erin@example.com', password: PASSWORD });
    await createUser(server, admin, { username: 'finn', name: 'Finn', email: 'finn@example.com', password: PASSWORD });
    erinAuth = await login(server, 'erin', PASSWORD);
    finnAuth = await login(server, 'finn', PASSWORD);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('an upload is served at /avatar/<username> with its bytes, type and ETag, and announced', async () => {
    const watcher = await ddpLoggedIn(server, 'finn', PASSWORD, clients);
    const sub = await watcher.sub('stream-notify-logged', ['updateAvatar', { useCollection: false, args: [] }]);
    assert.equal(sub.msg, 'ready');

    const r = await setAvatar(erinAuth, [['image', png, 'me.png', 'image/png']]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { success: true });

    const info = await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth });
    const etag = info.body.user.avatarETag;
    assert.match(etag, /^[A-Za-z0-9]{17}$/);

    const event = await watcher.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields.eventName === 'updateAvatar',
      { what: 'updateAvatar' },
    );
    assert.deepEqual(event.fields.args, [{ username: 'erin', etag }]);

    const res = await fetch(`${server.url}/avatar/erin`);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 200);
    assert.equal(sha256(bytes), sha256(png));
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('content-length'), String(png.length));
    assert.equal(res.headers.get('etag'), `"${etag}"`);
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'");
    assert.equal(res.headers.get('cache-control'), 'public, max-age=3600');
    assert.notEqual(res.headers.get('last-modified'), FALLBACK_LAST_MODIFIED);

    // The same image by id; '@erin' still forces the initials.
    const byId = await fetch(`${server.url}/avatar/uid/${erin._id}`);
    assert.equal(sha256(Buffer.from(await byId.arrayBuffer())), sha256(png));
    assert.equal((await get(server, '/avatar/@erin')).headers.get('content-type'), 'image/svg+xml');

    // Conditional requests.
    const byEtag = await get(server, '/avatar/erin', { headers: { 'If-None-Match': `"${etag}"` } });
    assert.equal(byEtag.status, 304);
    const byDate = await get(server, '/avatar/erin', { headers: { 'If-Modified-Since': res.headers.get('last-modified') } });
    assert.equal(byDate.status, 304);
    // RC's fallback date no longer matches an uploaded avatar.
    const fallback = await get(server, '/avatar/erin', { headers: { 'If-Modified-Since': FALLBACK_LAST_MODIFIED } });
    assert.equal(fallback.status, 200);

    assert.equal(blobFiles().length, 1);
    assert.deepEqual(tmpFiles(), []);
  });

  test('a new upload replaces the old one (new ETag, old blob gone)', async () => {
    const before = (await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth })).body.user.avatarETag;
    const green = makePng(8, 8, [0, 200, 0]);
    const r = await setAvatar(erinAuth, [['image', green, 'green.png', 'application/octet-stream']]);
    assert.equal(r.status, 200, r.text);
    const after = (await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth })).body.user.avatarETag;
    assert.notEqual(after, before);
    const res = await fetch(`${server.url}/avatar/erin`);
    // The type comes from the bytes, not from what the client declared.
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(green));
    assert.deepEqual(blobFiles(), [`${erin._id}.${after}`]);
  });

  test('the avatar survives a restart', async () => {
    const etag = (await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth })).body.user.avatarETag;
    await server.restart();
    const res = await fetch(`${server.url}/avatar/erin`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), `"${etag}"`);
    erinAuth = await login(server, 'erin', PASSWORD);
    finnAuth = await login(server, 'finn', PASSWORD);
    admin = await loginAdmin(server);
  });

  test('refusals are Rocket.Chat-shaped and leave nothing behind', async () => {
    const files = blobFiles();
    const expectError = (r, status, errorType, error) => {
      assert.equal(r.status, status, r.text);
      assert.equal(r.body.success, false);
      if (errorType) assert.equal(r.body.errorType, errorType);
      if (error) assert.match(r.body.error, error);
    };
    // No image part.
    expectError(await setAvatar(erinAuth, [['userId', erin._id]]), 400, null, /The 'image' param is required/);
    // Not multipart, and no avatarUrl either.
    expectError(await post(server, '/api/v1/users.setAvatar', {}, { auth: erinAuth }), 400, null, /The 'image' param is required/);
    // A URL to fetch: off.
    expectError(await post(server, '/api/v1/users.setAvatar', { avatarUrl: 'http://169.254.169.254/x.png' }, { auth: erinAuth }), 400, 'error-not-allowed');
    // SVG (script in an image) and other non-images, whatever they are called.
    const svgBytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expectError(await setAvatar(erinAuth, [['image', svgBytes, 'x.png', 'image/png']]), 400, 'error-avatar-invalid-content-type');
    expectError(await setAvatar(erinAuth, [['image', Buffer.from('hello'), 'x.txt', 'text/plain']]), 400, 'error-avatar-invalid-content-type');
    // A file under another field name.
    expectError(await setAvatar(erinAuth, [['file', png, 'me.png', 'image/png']]), 400, 'invalid-field');
    // Someone else's avatar without edit-other-user-avatar; an unknown user.
    expectError(await setAvatar(finnAuth, [['username', 'erin'], ['image', png, 'me.png', 'image/png']]), 400, 'error-not-allowed');
    expectError(await setAvatar(admin, [['username', 'nobody'], ['image', png, 'me.png', 'image/png']]), 400, 'error-invalid-user');
    // A body cut before its closing boundary.
    const boundary = 'XyZ123';
    const cut = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n${'x'.repeat(100)}`;
    const truncated = await http(server, 'POST', '/api/v1/users.setAvatar', {
      body: cut,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      auth: erinAuth,
    });
    expectError(truncated, 400, null, /multipart/);
    // Over FileUpload_MaxFileSize.
    assert.equal((await post(server, '/api/v1/settings/FileUpload_MaxFileSize', { value: 100 }, { auth: admin })).status, 200);
    try {
      const big = makePng(200, 200, [1, 2, 3]);
      assert.ok(big.length > 100);
      expectError(await setAvatar(erinAuth, [['image', big, 'me.png', 'image/png']]), 400, 'error-file-too-large');
    } finally {
      await post(server, '/api/v1/settings/FileUpload_MaxFileSize', { value: 104857600 }, { auth: admin });
    }
    // Not allowed to change one's own avatar; an admin still may (edit-other-user-avatar).
    assert.equal((await post(server, '/api/v1/settings/Accounts_AllowUserAvatarChange', { value: false }, { auth: admin })).status, 200);
    try {
      expectError(await setAvatar(finnAuth, [['image', png, 'me.png', 'image/png']]), 400, 'error-not-allowed', /Change avatar is not allowed/);
      const byAdmin = await setAvatar(admin, [['username', 'finn'], ['image', png, 'me.png', 'image/png']]);
      assert.equal(byAdmin.status, 200, byAdmin.text);
    } finally {
      await post(server, '/api/v1/settings/Accounts_AllowUserAvatarChange', { value: true }, { auth: admin });
    }
    // Nothing was stored by a refusal (finn's one came from the admin), and no temporary is left.
    assert.equal(blobFiles().length, files.length + 1);
    assert.deepEqual(tmpFiles(), []);
    // The server still serves.
    assert.equal((await get(server, '/avatar/erin')).headers.get('content-type'), 'image/png');
  });

  test('DDP setAvatarFromService (RC web client): a data URI upload, its refusals, "initials"', async () => {
    const ddp = await ddpLoggedIn(server, 'erin', PASSWORD, clients);
    const blue = makePng(16, 16, [0, 0, 220]);
    const set = await ddp.call('setAvatarFromService', [`data:image/png;base64,${blue.toString('base64')}`, 'image/png', 'upload']);
    assert.equal(set.error, undefined, JSON.stringify(set));
    const res = await fetch(`${server.url}/avatar/erin`);
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(blue));
    const etag = (await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth })).body.user.avatarETag;
    assert.equal(res.headers.get('etag'), `"${etag}"`);

    const bad = await ddp.call('setAvatarFromService', ['not a data uri', 'image/png', 'upload']);
    assert.equal(bad.error?.error, 'error-invalid-data');
    const svgUri = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`;
    const svgRefused = await ddp.call('setAvatarFromService', [svgUri, 'image/svg+xml', 'upload']);
    assert.equal(svgRefused.error?.error, 'error-avatar-invalid-content-type');
    const url = await ddp.call('setAvatarFromService', ['http://169.254.169.254/', '', 'url']);
    assert.equal(url.error?.error, 'error-not-allowed');
    const other = await ddp.call('setAvatarFromService', [`data:image/png;base64,${blue.toString('base64')}`, 'image/png', 'upload', admin.userId]);
    assert.equal(other.error?.error, 'error-unauthorized');
    const wrongType = await ddp.call('setAvatarFromService', [42]);
    assert.equal(wrongType.error?.error, 400);
    // Still the blue one.
    assert.equal((await get(server, '/avatar/erin')).headers.get('etag'), `"${etag}"`);

    const initials = await ddp.call('setAvatarFromService', ['initials', '', 'initials']);
    assert.equal(initials.error, undefined, JSON.stringify(initials));
    assert.equal((await get(server, '/avatar/erin')).headers.get('content-type'), 'image/svg+xml');
    // Set it again for the REST reset below.
    assert.equal((await ddp.call('setAvatarFromService', [`data:image/png;base64,${blue.toString('base64')}`, 'image/png', 'upload'])).error, undefined);
  });

  test('users.resetAvatar brings the initials back', async () => {
    const watcher = await ddpLoggedIn(server, 'finn', PASSWORD, clients);
    await watcher.sub('stream-notify-logged', ['updateAvatar', { useCollection: false, args: [] }]);
    const noParam = await post(server, '/api/v1/users.resetAvatar', {}, { auth: erinAuth });
    assert.equal(noParam.status, 400);
    assert.equal(noParam.body.errorType, 'error-user-param-not-provided');
    const other = await post(server, '/api/v1/users.resetAvatar', { username: 'erin' }, { auth: finnAuth });
    assert.equal(other.status, 400);
    assert.equal(other.body.errorType, 'error-not-allowed');
    assert.match(other.body.error, /Reset avatar is not allowed/);

    const r = await post(server, '/api/v1/users.resetAvatar', { username: 'erin' }, { auth: erinAuth });
    assert.equal(r.status, 200, r.text);
    const event = await watcher.waitFor(
      (m) => m.msg === 'changed' && m.collection === 'stream-notify-logged' && m.fields.eventName === 'updateAvatar',
      { what: 'updateAvatar' },
    );
    assert.deepEqual(event.fields.args, [{ username: 'erin' }]);
    const res = await get(server, '/avatar/erin');
    assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    assert.equal(res.text, svg('E', colorOf('erin'), 200, 125));
    const info = await get(server, `/api/v1/users.info?userId=${erin._id}`, { auth: erinAuth });
    assert.equal(info.body.user.avatarETag, undefined);
    assert.ok(!blobFiles().some((f) => f.startsWith(`${erin._id}.`)));
    // An admin resets another user's.
    const byAdmin = await post(server, '/api/v1/users.resetAvatar', { username: 'finn' }, { auth: admin });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.deepEqual(blobFiles(), []);
  });
});
