// Black-box: uploads (issue 10). rooms.upload makes the file message of rc-api.md §4.3 and the
// blob on disk holds the same bytes; rooms.media + rooms.mediaConfirm; images get dimensions, a
// preview and a thumbnail upload; refusals in Rocket.Chat's shapes (too large mid-stream while
// another client keeps chatting, disabled, blacklisted SVG, outsiders, DMs, malformed
// multipart); unconfirmed media expires.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import net from 'node:net';
import { ddpLoggedIn } from './ddp.js';
import { makePng } from './png.js';
import { createUser, http, login, loginAdmin, post, sleep, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function form(parts) {
  const fd = new FormData();
  for (const [name, value, filename, type] of parts) {
    if (filename === undefined) fd.append(name, value);
    else fd.append(name, new Blob([value], { type }), filename);
  }
  return fd;
}

// A gradient, so the thumbnail and preview are made from a real picture.
const makeGradientPng = (w, h) => makePng(w, h, (x) => [x % 256, 90, 200]);

describe('uploads', () => {
  let server;
  let admin;
  let aliceAuth;
  let bobAuth;
  let channel;
  const clients = [];
  const upload = (auth, rid, parts, route = 'rooms.upload') =>
    http(server, 'POST', `/api/v1/${route}/${rid}`, { body: form(parts), auth });
  const blobPath = (id) => path.join(server.dataDir, 'blobs', 'uploads', id);
  const uploadBlobs = () => {
    const dir = path.join(server.dataDir, 'blobs', 'uploads');
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  };
  const setSetting = async (id, value) => {
    const r = await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin });
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    server = await startServer({
      // Uploads stream: a body limit far below the 3 MB upload must not matter. A short read
      // timeout lets a stalled upload end within a test; the expiry sweep runs often enough.
      env: {
        PARLEY_BODY_LIMIT: 256 * 1024,
        PARLEY_BODY_READ_TIMEOUT_MS: 3000,
        PARLEY_UPLOAD_UNCONFIRMED_TTL_MS: 1500,
      },
    });
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'alice', name: 'Alice', email: 'alice@example.com', password: PASSWORD });
    await createUser(server, admin, { username: 'bob', name: 'Bob', email: 'bob@example.com', password: PASSWORD });
    aliceAuth = await login(server, 'alice', PASSWORD);
    bobAuth = await login(server, 'bob', PASSWORD);
    const created = await post(server, '/api/v1/channels.create', { name: 'shared', members: ['bob'] }, { auth: aliceAuth });
    assert.equal(created.status, 200, created.text);
    channel = created.body.channel;
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('rooms.upload of 3 MB makes a file message and stores the same bytes', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const r = await upload(aliceAuth, channel._id, [
      ['msg', 'the dataset'],
      ['description', 'raw numbers'],
      ['file', bytes, 'data set.bin', 'application/x-anything'],
    ]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    const m = r.body.message;
    assert.equal(m.rid, channel._id);
    assert.equal(m.msg, 'the dataset');
    assert.equal(m.u.username, 'alice');
    assert.equal(typeof m.ts, 'string'); // REST dates are ISO strings
    const id = m.file._id;
    assert.deepEqual(m.file, { _id: id, name: 'data set.bin', type: 'application/octet-stream', size: bytes.length, format: '', typeGroup: 'application' });
    assert.deepEqual(m.files, [m.file]);
    assert.deepEqual(m.attachments, [
      {
        title: 'data set.bin',
        type: 'file',
        title_link: `/file-upload/${id}/data%20set.bin`,
        title_link_download: true,
        fileId: id,
        description: 'raw numbers',
        format: 'bin',
        size: bytes.length,
      },
    ]);
    assert.equal(sha256(fs.readFileSync(blobPath(id))), sha256(bytes));
    // The normal path: it is in the history, and the statistics count it.
    const history = await http(server, 'GET', `/api/v1/channels.history?roomId=${channel._id}&count=1`, { auth: bobAuth });
    assert.equal(history.body.messages[0]._id, m._id);
  });

  test('an image gets dimensions, a preview and a thumbnail upload', async () => {
    const png = makeGradientPng(1000, 750);
    const r = await upload(aliceAuth, channel._id, [['file', png, 'wide.png', 'image/png']]);
    assert.equal(r.status, 200, r.text);
    const m = r.body.message;
    const [file, thumb] = m.files;
    assert.equal(file.type, 'image/png');
    assert.equal(file.format, 'png');
    assert.equal(file.typeGroup, 'image');
    assert.equal(thumb.typeGroup, 'thumb');
    assert.equal(thumb.name, 'thumb-wide.png');
    const a = m.attachments[0];
    assert.equal(a.title_link, `/file-upload/${file._id}/wide.png`);
    assert.equal(a.image_url, `/file-upload/${thumb._id}/wide.png`);
    assert.equal(a.image_type, 'image/png');
    assert.equal(a.image_size, png.length);
    assert.deepEqual(a.image_dimensions, { width: 480, height: 360 });
    const preview = Buffer.from(a.image_preview, 'base64');
    assert.deepEqual([...preview.subarray(0, 3)], [0xff, 0xd8, 0xff]); // a JPEG
    assert.ok(fs.existsSync(blobPath(thumb._id)));
  });

  test('rooms.media then rooms.mediaConfirm', async () => {
    const text = Buffer.from('meeting notes\n');
    const media = await upload(aliceAuth, channel._id, [['file', text, 'notes.txt', 'text/plain']], 'rooms.media');
    assert.equal(media.status, 200, media.text);
    const { _id, url } = media.body.file;
    assert.equal(url, `/file-upload/${_id}/notes.txt`);
    assert.deepEqual(Object.keys(media.body).sort(), ['file', 'success']);

    // Someone else cannot confirm it.
    const stolen = await post(server, `/api/v1/rooms.mediaConfirm/${channel._id}/${_id}`, {}, { auth: bobAuth });
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.errorType, 'invalid-file');

    const confirmed = await post(server, `/api/v1/rooms.mediaConfirm/${channel._id}/${_id}`, { msg: 'see notes', description: 'from today' }, { auth: aliceAuth });
    assert.equal(confirmed.status, 200, confirmed.text);
    const m = confirmed.body.message;
    assert.equal(m.msg, 'see notes');
    assert.equal(m.file._id, _id);
    assert.equal(m.file.type, 'text/plain');
    assert.equal(m.attachments[0].description, 'from today');
    assert.equal(m.attachments[0].format, 'txt');

    const again = await post(server, `/api/v1/rooms.mediaConfirm/${channel._id}/${_id}`, {}, { auth: aliceAuth });
    assert.equal(again.status, 400);
    assert.equal(again.body.errorType, 'invalid-file');
  });

  test('unconfirmed media expires, row and blob', async () => {
    const media = await upload(aliceAuth, channel._id, [['file', Buffer.from('temp'), 'temp.txt', 'text/plain']], 'rooms.media');
    assert.equal(media.status, 200, media.text);
    const id = media.body.file._id;
    assert.ok(fs.existsSync(blobPath(id)));
    const deadline = Date.now() + 15_000;
    while (fs.existsSync(blobPath(id)) && Date.now() < deadline) await sleep(200);
    assert.ok(!fs.existsSync(blobPath(id)), 'the blob of an unconfirmed upload is removed');
    const late = await post(server, `/api/v1/rooms.mediaConfirm/${channel._id}/${id}`, {}, { auth: aliceAuth });
    assert.equal(late.status, 400);
    assert.equal(late.body.errorType, 'invalid-file');
  });

  test('over the size limit: refused, nothing stored, chat goes on', async () => {
    const ddp = await ddpLoggedIn(server, 'bob', PASSWORD);
    clients.push(ddp);
    await setSetting('FileUpload_MaxFileSize', 100_000);
    try {
      const before = uploadBlobs();
      const big = upload(aliceAuth, channel._id, [['file', randomBytes(2 * 1024 * 1024), 'big.bin', 'application/octet-stream']]);
      const chat = ddp.apply('sendMessage', [{ rid: channel._id, msg: 'still here' }]);
      const [r, sent] = await Promise.all([big, chat]);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorType, 'error-file-too-large');
      assert.equal(sent.msg, 'still here');
      assert.deepEqual(uploadBlobs(), before);
    } finally {
      await setSetting('FileUpload_MaxFileSize', 104857600);
    }
  });

  test('disabled uploads and DMs when direct uploads are off', async () => {
    await setSetting('FileUpload_Enabled', false);
    try {
      const r = await upload(aliceAuth, channel._id, [['file', Buffer.from('x'), 'x.txt', 'text/plain']]);
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-file-upload-disabled');
    } finally {
      await setSetting('FileUpload_Enabled', true);
    }
    const im = await post(server, '/api/v1/im.create', { username: 'bob' }, { auth: aliceAuth });
    assert.equal(im.status, 200, im.text);
    await setSetting('FileUpload_Enabled_Direct', false);
    try {
      const r = await upload(aliceAuth, im.body.room._id, [['file', Buffer.from('x'), 'x.txt', 'text/plain']]);
      assert.equal(r.status, 400);
      assert.equal(r.body.errorType, 'error-direct-message-file-upload-not-allowed');
    } finally {
      await setSetting('FileUpload_Enabled_Direct', true);
    }
    const ok = await upload(aliceAuth, im.body.room._id, [['file', Buffer.from('x'), 'x.txt', 'text/plain']]);
    assert.equal(ok.status, 200, ok.text);
  });

  test('an SVG is refused (blacklisted), whatever it claims to be', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [name, type] of [['x.svg', 'image/svg+xml'], ['x.png', 'image/png']]) {
      const r = await upload(aliceAuth, channel._id, [['file', svg, name, type]]);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.errorType, 'error-invalid-file-type');
    }
  });

  test('a non-member of a private group is refused', async () => {
    const group = await post(server, '/api/v1/groups.create', { name: 'private-team' }, { auth: aliceAuth });
    assert.equal(group.status, 200, group.text);
    const r = await upload(bobAuth, group.body.group._id, [['file', Buffer.from('x'), 'x.txt', 'text/plain']]);
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { success: false, error: 'unauthorized' });
    const media = await upload(bobAuth, group.body.group._id, [['file', Buffer.from('x'), 'x.txt', 'text/plain']], 'rooms.media');
    assert.equal(media.status, 403);
  });

  test('malformed multipart and a missing file part', async () => {
    const boundary = 'xyzzy';
    const truncated = await http(server, 'POST', `/api/v1/rooms.upload/${channel._id}`, {
      auth: aliceAuth,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno end`,
    });
    assert.equal(truncated.status, 400, truncated.text);
    assert.equal(truncated.body.success, false);
    assert.equal(truncated.body.errorType, 'invalid-params');
    assert.match(truncated.body.error, /multipart/);

    const noFile = await upload(aliceAuth, channel._id, [['msg', 'where is it']]);
    assert.equal(noFile.status, 400, noFile.text);
    assert.equal(noFile.body.errorType, 'invalid-field');
  });

  test('statistics count the uploads', async () => {
    const r = await http(server, 'GET', '/api/v1/statistics?refresh=true', { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.uploadsTotal >= 4, JSON.stringify(r.body.uploadsTotal));
    assert.ok(r.body.uploadsTotalSize > 3 * 1024 * 1024);
    assert.equal(r.body.fileStoreType, 'FileSystem');
  });

  // A raw upload: the header and the first `sent` bytes of a file part declared `declared`
  // bytes long. Resolves what the server answered while the rest was never sent, and whether
  // it closed the connection.
  function partialUpload(auth, rid, { declared, sent, waitMs = 8000 }) {
    const boundary = 'parleyboundary42';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const length = head.length + declared + tail.length;
    return new Promise((resolve) => {
      const sock = net.connect(server.port, '127.0.0.1');
      const received = [];
      let closed = false;
      const finish = () => {
        clearTimeout(timer);
        sock.destroy();
        resolve({ text: Buffer.concat(received).toString('latin1'), closed });
      };
      const timer = setTimeout(finish, waitMs);
      sock.on('data', (d) => received.push(d));
      sock.on('error', () => {});
      sock.on('close', () => {
        closed = true;
        finish();
      });
      sock.on('connect', () => {
        sock.write(
          `POST /api/v1/rooms.upload/${rid} HTTP/1.1\r\nHost: x\r\nX-User-Id: ${auth.userId}\r\n` +
            `X-Auth-Token: ${auth.authToken}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
            `Content-Length: ${length}\r\n\r\n`,
        );
        sock.write(Buffer.concat([head, randomBytes(sent)]));
      });
    });
  }

  test('over the size limit: answered while the body is still coming, then closed', async () => {
    await setSetting('FileUpload_MaxFileSize', 100_000);
    try {
      const before = uploadBlobs();
      // 64 MB declared, 300 KB sent: the answer cannot have waited for the body.
      const r = await partialUpload(aliceAuth, channel._id, { declared: 64 << 20, sent: 300_000 });
      assert.match(r.text, /^HTTP\/1\.1 400 /, r.text.slice(0, 200));
      assert.match(r.text, /error-file-too-large/);
      // The unsent remainder is over what net discards to keep a connection: it closes.
      assert.match(r.text, /[Cc]onnection: close/);
      assert.equal(r.closed, true);
      assert.deepEqual(uploadBlobs(), before);
    } finally {
      await setSetting('FileUpload_MaxFileSize', 104857600);
    }
  });

  test('a stalled upload ends after the read timeout, stores nothing, and chat goes on', async () => {
    const ddp = await ddpLoggedIn(server, 'bob', PASSWORD);
    clients.push(ddp);
    const before = uploadBlobs();
    const stalled = partialUpload(aliceAuth, channel._id, { declared: 1 << 20, sent: 10_000, waitMs: 15_000 });
    // While it hangs, chatting is not held up.
    const sent = await ddp.apply('sendMessage', [{ rid: channel._id, msg: 'during a stalled upload' }]);
    assert.equal(sent.msg, 'during a stalled upload');
    const r = await stalled;
    assert.match(r.text, /^HTTP\/1\.1 400 /, r.text.slice(0, 200));
    assert.match(r.text, /could not be read/);
    assert.equal(r.closed, true);
    assert.deepEqual(uploadBlobs(), before);
  });

  test('a user with PARLEY_UPLOADS_MAX_PER_USER uploads in progress gets 429 before any body byte', async () => {
    const stalled = [1, 2, 3].map(() =>
      partialUpload(aliceAuth, channel._id, { declared: 1 << 20, sent: 1000, waitMs: 15_000 }),
    );
    await sleep(500);
    const r = await upload(aliceAuth, channel._id, [['file', Buffer.from('fourth'), 'x.txt', 'text/plain']]);
    assert.equal(r.status, 429, r.text);
    assert.equal(r.body.success, false);
    // RC's API.v1.tooManyRequests: the reason in `error`, no errorType.
    assert.match(r.body.error, /too many requests/i);
    // Another user is not held to alice's cap.
    const bob = await upload(bobAuth, channel._id, [['file', Buffer.from('bob'), 'b.txt', 'text/plain']]);
    assert.equal(bob.status, 200, bob.text);
    await Promise.all(stalled);
    const after = await upload(aliceAuth, channel._id, [['file', Buffer.from('again'), 'x.txt', 'text/plain']]);
    assert.equal(after.status, 200, after.text);
  });
});
