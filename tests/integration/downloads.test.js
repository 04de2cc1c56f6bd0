// Black-box: file downloads and file lists (issue 10). GET/HEAD /file-upload/<id>/<name> with
// Rocket.Chat's credentials (query rc_uid/rc_token, then cookies, then X-User-Id/X-Auth-Token),
// FileUpload_ProtectFiles and the room-member rule, its headers, ETag/304, Range/206/416, and
// CORS (apps/meteor/app/file-upload/server/lib/{requests,FileUpload,ranges}.ts); and
// channels.files / groups.files / im.files / rooms.images (rc-api.md §6.4, §4.8).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { makePng } from './png.js';
import { createUser, get, http, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const BIG = 3 * 1024 * 1024;
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function form(parts) {
  const fd = new FormData();
  for (const [name, value, filename, type] of parts) {
    if (filename === undefined) fd.append(name, value);
    else fd.append(name, new Blob([value], { type }), filename);
  }
  return fd;
}

// A raw GET/HEAD that keeps the body as bytes.
async function fetchFile(server, route, { method = 'GET', headers = {} } = {}) {
  const res = await fetch(server.url + route, { method, headers, signal: AbortSignal.timeout(30_000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes };
}

const authHeaders = (auth) => ({ 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken });

describe('file downloads and lists', () => {
  let server;
  let admin;
  let alice;
  let bob;
  let carol;
  let aliceAuth;
  let bobAuth;
  let carolAuth;
  let channel;
  let group;
  let dm;
  const big = randomBytes(BIG);
  let bigId;
  let bigUrl;

  const upload = async (auth, rid, name, bytes, type, fields = []) => {
    const r = await http(server, 'POST', `/api/v1/rooms.upload/${rid}`, {
      body: form([['file', bytes, name, type], ...fields]),
      auth,
    });
    assert.equal(r.status, 200, r.text);
    const file = r.body.message?.file ?? r.body.message?.files?.[0];
    assert.ok(file?._id, r.text);
    return file._id;
  };
  const setSetting = async (id, value) => {
    const r = await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin });
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    alice = await createUser(server, admin, { username: 'alice', name: 'Alice Ames', email: 'alice@example.com', password: PASSWORD });
    bob = await createUser(server, admin, { username: 'bob', name: 'Bob Burns', email: 'bob@example.com', password: PASSWORD });
    carol = await createUser(server, admin, { username: 'carol', name: 'Carol Cole', email: 'carol@example.com', password: PASSWORD });
    aliceAuth = await login(server, 'alice', PASSWORD);
    bobAuth = await login(server, 'bob', PASSWORD);
    carolAuth = await login(server, 'carol', PASSWORD);
    let r = await post(server, '/api/v1/channels.create', { name: 'dl-public' }, { auth: aliceAuth });
    assert.equal(r.status, 200, r.text);
    channel = r.body.channel;
    r = await post(server, '/api/v1/groups.create', { name: 'dl-secret', members: ['bob'] }, { auth: aliceAuth });
    assert.equal(r.status, 200, r.text);
    group = r.body.group;
    r = await post(server, '/api/v1/im.create', { username: 'bob' }, { auth: aliceAuth });
    assert.equal(r.status, 200, r.text);
    dm = r.body.room;
    bigId = await upload(aliceAuth, group._id, 'big file ü.bin', big, 'application/octet-stream');
    bigUrl = `/file-upload/${bigId}/${encodeURIComponent('big file ü.bin')}`;
  });

  after(async () => {
    await server?.stop();
  });

  test('3 MB up and the same bytes down, with RC headers', async () => {
    const r = await fetchFile(server, bigUrl, { headers: authHeaders(aliceAuth) });
    assert.equal(r.status, 200);
    assert.equal(r.bytes.length, BIG);
    assert.equal(sha256(r.bytes), sha256(big));
    assert.equal(r.headers.get('content-length'), String(BIG));
    assert.equal(r.headers.get('content-type'), 'application/octet-stream');
    assert.equal(r.headers.get('cache-control'), 'max-age=31536000');
    assert.equal(r.headers.get('content-security-policy'), "default-src 'none'");
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('accept-ranges'), 'bytes');
    assert.match(r.headers.get('etag'), /^"[^"]+"$/);
    assert.match(r.headers.get('last-modified'), /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    // Not a type a browser shows safely: attachment, with the name in both forms.
    assert.equal(
      r.headers.get('content-disposition'),
      `attachment; filename="big file _.bin"; filename*=UTF-8''big%20file%20%C3%BC.bin`,
    );
  });

  test('HEAD: the headers and the length, no body', async () => {
    const r = await fetchFile(server, bigUrl, { method: 'HEAD', headers: authHeaders(aliceAuth) });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-length'), String(BIG));
    assert.equal(r.bytes.length, 0);
    // The connection is still good for the next request.
    assert.equal((await fetchFile(server, bigUrl, { headers: authHeaders(aliceAuth) })).bytes.length, BIG);
  });

  test('Range: a slice, an open end, a suffix; 416 past the end; several ranges get it all', async () => {
    const h = authHeaders(aliceAuth);
    let r = await fetchFile(server, bigUrl, { headers: { ...h, Range: 'bytes=1000-1999' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes 1000-1999/${BIG}`);
    assert.equal(r.headers.get('content-length'), '1000');
    assert.ok(r.bytes.equals(big.subarray(1000, 2000)));

    r = await fetchFile(server, bigUrl, { headers: { ...h, Range: `bytes=${BIG - 300000}-` } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), `bytes ${BIG - 300000}-${BIG - 1}/${BIG}`);
    assert.ok(r.bytes.equals(big.subarray(BIG - 300000)));

    r = await fetchFile(server, bigUrl, { headers: { ...h, Range: 'bytes=-100' } });
    assert.equal(r.status, 206);
    assert.ok(r.bytes.equals(big.subarray(BIG - 100)));

    r = await fetchFile(server, bigUrl, { headers: { ...h, Range: `bytes=${BIG}-` } });
    assert.equal(r.status, 416);
    assert.equal(r.headers.get('content-range'), `bytes */${BIG}`);
    assert.equal(r.bytes.length, 0);

    r = await fetchFile(server, bigUrl, { headers: { ...h, Range: 'bytes=0-9,20-29' } });
    assert.equal(r.status, 200);
    assert.equal(r.bytes.length, BIG);

    // An If-Range naming another version gets the whole file.
    r = await fetchFile(server, bigUrl, { headers: { ...h, Range: 'bytes=0-9', 'If-Range': '"other"' } });
    assert.equal(r.status, 200);
    assert.equal(r.bytes.length, BIG);
  });

  test('credentials: query, cookie, headers; none or a bad token is 403 with an empty body', async () => {
    const ok = (r) => {
      assert.equal(r.status, 200);
      assert.equal(sha256(r.bytes), sha256(big));
    };
    ok(await fetchFile(server, `${bigUrl}?rc_uid=${bobAuth.userId}&rc_token=${bobAuth.authToken}`));
    ok(await fetchFile(server, bigUrl, { headers: { Cookie: `rc_uid=${bobAuth.userId}; rc_token=${bobAuth.authToken}` } }));
    ok(await fetchFile(server, bigUrl, { headers: authHeaders(bobAuth) }));
    // The query comes first: a bad query token loses even with good headers.
    let r = await fetchFile(server, `${bigUrl}?rc_uid=${bobAuth.userId}&rc_token=wrong`, { headers: authHeaders(bobAuth) });
    assert.equal(r.status, 403);
    assert.equal(r.bytes.length, 0);
    r = await fetchFile(server, bigUrl);
    assert.equal(r.status, 403);
    assert.equal(r.bytes.length, 0);
  });

  test('FileUpload_ProtectFiles off: no credentials needed', async () => {
    await setSetting('FileUpload_ProtectFiles', false);
    try {
      const r = await fetchFile(server, bigUrl);
      assert.equal(r.status, 200);
      assert.equal(r.bytes.length, BIG);
    } finally {
      await setSetting('FileUpload_ProtectFiles', true);
    }
    assert.equal((await fetchFile(server, bigUrl)).status, 403);
  });

  test('ETag: If-None-Match answers 304', async () => {
    const first = await fetchFile(server, bigUrl, { method: 'HEAD', headers: authHeaders(aliceAuth) });
    const r = await fetchFile(server, bigUrl, { headers: { ...authHeaders(aliceAuth), 'If-None-Match': first.headers.get('etag') } });
    assert.equal(r.status, 304);
    assert.equal(r.bytes.length, 0);
    assert.equal(r.headers.get('etag'), first.headers.get('etag'));
  });

  test('CORS: the download answers cross-origin, and so does its preflight', async () => {
    const r = await fetchFile(server, bigUrl, { method: 'HEAD', headers: { ...authHeaders(aliceAuth), Origin: 'https://embedded.example' } });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers'), /Content-Range/);
    const pre = await fetchFile(server, bigUrl, {
      method: 'OPTIONS',
      headers: { Origin: 'https://embedded.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-headers'), /Range/);
  });

  test('unknown file: 404 with an empty body', async () => {
    for (const route of ['/file-upload/nope/x.txt', `/file-upload/${bigId}`]) {
      const r = await fetchFile(server, route, { headers: authHeaders(aliceAuth) });
      assert.equal(r.status, 404, route);
      assert.equal(r.bytes.length, 0, route);
    }
    // No id at all matches no route: the router's 404.
    assert.equal((await fetchFile(server, '/file-upload/', { headers: authHeaders(aliceAuth) })).status, 404);
  });

  test('a private group: non-members get 403, a member who leaves loses access', async () => {
    assert.equal((await fetchFile(server, bigUrl, { headers: authHeaders(carolAuth) })).status, 403);
    assert.equal((await fetchFile(server, bigUrl, { headers: authHeaders(bobAuth) })).status, 200);
    const left = await post(server, '/api/v1/groups.leave', { roomId: group._id }, { auth: bobAuth });
    assert.equal(left.status, 200, left.text);
    assert.equal((await fetchFile(server, bigUrl, { headers: authHeaders(bobAuth) })).status, 403);
    const back = await post(server, '/api/v1/groups.invite', { roomId: group._id, username: 'bob' }, { auth: aliceAuth });
    assert.equal(back.status, 200, back.text);
    assert.equal((await fetchFile(server, bigUrl, { headers: authHeaders(bobAuth) })).status, 200);
  });

  describe('lists', () => {
    const ids = {};

    before(async () => {
      ids.red = await upload(aliceAuth, channel._id, 'red.png', makePng(16, 16, [200, 0, 0]), 'image/png');
      ids.notes = await upload(bobAuth, channel._id, 'notes.txt', Buffer.from('meeting notes\n'), 'text/plain');
      ids.blue = await upload(aliceAuth, channel._id, 'blue.png', makePng(700, 500, [0, 0, 200]), 'image/png');
      ids.dmFile = await upload(aliceAuth, dm._id, 'for-bob.txt', Buffer.from('hi bob\n'), 'text/plain');
    });

    test('an image is shown inline; ?download makes it an attachment', async () => {
      const url = `/file-upload/${ids.red}/red.png`;
      let r = await fetchFile(server, url, { headers: authHeaders(aliceAuth) });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'image/png');
      assert.equal(r.headers.get('content-disposition'), `inline; filename="red.png"; filename*=UTF-8''red.png`);
      r = await fetchFile(server, `${url}?download`, { headers: authHeaders(aliceAuth) });
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="red.png"; filename*=UTF-8''red.png`);
    });

    test('channels.files: IUpload + user, sorted by name, typeGroup and name filters, paging', async () => {
      let r = await get(server, `/api/v1/channels.files?roomId=${channel._id}`, { auth: carolAuth });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.success, true);
      assert.deepEqual(r.body.files.map((f) => f.name), ['blue.png', 'notes.txt', 'red.png']);
      assert.equal(r.body.total, 3);
      assert.equal(r.body.count, 3);
      assert.equal(r.body.offset, 0);
      const red = r.body.files.find((f) => f.name === 'red.png');
      assert.equal(red._id, ids.red);
      assert.equal(red.rid, channel._id);
      assert.equal(red.userId, alice._id);
      assert.deepEqual(red.user, { _id: alice._id, username: 'alice', name: 'Alice Ames' });
      assert.equal(red.type, 'image/png');
      assert.equal(red.typeGroup, 'image');
      assert.equal(red.extension, 'png');
      assert.equal(red.complete, true);
      assert.equal(red.uploading, false);
      assert.equal(red.url, `/file-upload/${ids.red}/red.png`);
      assert.ok(red.size > 0);
      assert.match(red.uploadedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(red._updatedAt, /^\d{4}-\d\d-\d\dT/);
      assert.equal(r.body.files.find((f) => f.name === 'notes.txt').user.username, 'bob');
      // No thumbnail is ever listed.
      assert.ok(r.body.files.every((f) => f.typeGroup !== 'thumb'));

      r = await get(server, `/api/v1/channels.files?roomName=dl-public&typeGroup=image`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['blue.png', 'red.png']);
      assert.equal(r.body.total, 2);
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&name=NOTE`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['notes.txt']);
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&count=1&offset=1`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['notes.txt']);
      assert.equal(r.body.count, 1);
      assert.equal(r.body.offset, 1);
      assert.equal(r.body.total, 3);
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&sort=${encodeURIComponent('{"uploadedAt":-1}')}`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['blue.png', 'notes.txt', 'red.png']);
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&sort=${encodeURIComponent('{"name":-1}')}`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['red.png', 'notes.txt', 'blue.png']);
      // RC's web client (before 7) filters through the legacy query.
      const legacy = encodeURIComponent(JSON.stringify({ name: { $regex: 'red', $options: 'i' }, typeGroup: 'image' }));
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&query=${legacy}`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['red.png']);
    });

    test('channels.files refusals', async () => {
      let r = await get(server, '/api/v1/channels.files', { auth: aliceAuth });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-room-param-not-provided');
      r = await get(server, '/api/v1/channels.files?roomId=nope', { auth: aliceAuth });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-room-not-found');
      r = await get(server, `/api/v1/channels.files?roomId=${group._id}`, { auth: aliceAuth });
      assert.equal(r.body.errorType, 'error-room-not-found');
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}&sort=${encodeURIComponent('{"name":2}')}`, { auth: aliceAuth });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-invalid-sort');
      r = await get(server, `/api/v1/channels.files?roomId=${channel._id}`);
      assert.equal(r.status, 401);
    });

    test('groups.files for members only; im.files by roomId or username', async () => {
      let r = await get(server, `/api/v1/groups.files?roomId=${group._id}`, { auth: aliceAuth });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.files.map((f) => f._id), [bigId]);
      assert.equal(r.body.files[0].typeGroup, 'application');
      r = await get(server, `/api/v1/groups.files?roomId=${group._id}`, { auth: carolAuth });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-room-not-found');

      r = await get(server, `/api/v1/im.files?roomId=${dm._id}`, { auth: bobAuth });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.files.map((f) => f.name), ['for-bob.txt']);
      r = await get(server, '/api/v1/im.files?username=alice', { auth: bobAuth });
      assert.deepEqual(r.body.files.map((f) => f.name), ['for-bob.txt']);
      r = await get(server, `/api/v1/im.files?roomId=${dm._id}`, { auth: carolAuth });
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-room-not-found');
    });

    test('rooms.images: images only, newest first, from startingFromId', async () => {
      let r = await get(server, `/api/v1/rooms.images?roomId=${channel._id}`, { auth: aliceAuth });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.files.map((f) => f._id), [ids.blue, ids.red]);
      assert.equal(r.body.total, 2);
      assert.equal(r.body.offset, 0);
      assert.match(r.body.files[0].uploadedAt, /^\d{4}-\d\d-\d\dT/);
      r = await get(server, `/api/v1/rooms.images?roomId=${channel._id}&startingFromId=${ids.red}`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f._id), [ids.red]);
      r = await get(server, `/api/v1/rooms.images?roomId=${channel._id}&count=1&offset=1`, { auth: aliceAuth });
      assert.deepEqual(r.body.files.map((f) => f._id), [ids.red]);
      r = await get(server, `/api/v1/rooms.images?roomId=${group._id}`, { auth: carolAuth });
      assert.equal(r.status, 403);
      assert.equal(r.body.success, false);
      r = await get(server, '/api/v1/rooms.images', { auth: carolAuth });
      assert.equal(r.status, 400);
    });
  });
});
