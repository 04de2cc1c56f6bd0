// Black-box: the generated avatars (issue 10, started): /avatar/<username>, /avatar/<roomname>,
// /avatar/uid/<id> and /avatar/room/<rid> answer Rocket.Chat's initials SVG with its colour,
// size, cache headers and 304s (apps/meteor/server/routes/avatar/*.ts), plus an ETag.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

  test('?format=png is answered with the SVG (no rasteriser yet)', async () => {
    const r = await get(server, '/avatar/admin?format=png');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/svg+xml');
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
