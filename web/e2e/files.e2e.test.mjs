// End to end: files in headless Chromium against the real binary (rooms.media +
// rooms.mediaConfirm, /file-upload downloads with the rc_uid / rc_token cookies, channels.files),
// REST limiter on. Alice uploads a picture with the paper clip (a progress bar while it goes),
// drops a text file and pastes a picture; Bob sees the image (its blurred preview first, then
// the thumbnail, fetched with his cookies), opens the lightbox, downloads the text file from its
// card, lists the room's files in the side panel and sends one as a thread reply. Signing out
// clears the cookies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makePng } from '../../tests/integration/png.js';
import { createUser, loginAdmin, post } from '../../tests/integration/server.js';
import { launchBrowser, openSignedIn, shot, startAppServer } from './harness.mjs';

const PASSWORD = 'e2e-Pa55word!';

let server;
let browser;
const tooMany = [];

before(async () => {
  server = await startAppServer();
  const admin = await loginAdmin(server);
  for (const u of ['alice', 'bob']) {
    await createUser(server, admin, { username: u, name: u, email: `${u}@example.com`, password: PASSWORD, verified: true, joinDefaultChannels: false });
  }
  const r = await post(server, '/api/v1/channels.create', { name: 'files', members: ['alice', 'bob'] }, { auth: admin });
  assert.equal(r.status, 200, r.text);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stopClean();
});

// Signed in, with the files channel open.
async function openApp(name) {
  const app = await openSignedIn(browser, server, { name, user: name, password: PASSWORD, tooMany });
  await app.page.goto(`${server.url}/channel/files`);
  await app.page.getByRole('main', { name: 'files' }).waitFor();
  return app;
}

const log = (page) => page.getByRole('log', { name: 'Messages in files' });

// Fires a drop (or a paste) carrying one file made in the page, as a person's drag would.
async function dropFile(page, selector, { name, type, text }) {
  await page.evaluate(
    ({ selector, name, type, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type }));
      const target = document.querySelector(selector);
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { selector, name, type, text },
  );
}

test('upload with progress, drop, paste; previews, lightbox, download card, files panel, cookies', async () => {
  const a = await openApp('alice');
  const b = await openApp('bob');
  const cookies = await a.context.cookies();
  assert.ok(cookies.some((c) => c.name === 'rc_token'), 'sign-in sets rc_token for downloads');
  assert.ok(cookies.some((c) => c.name === 'rc_uid'));

  // A picture through the paper clip: large enough for a thumbnail and RC's image_preview.
  const png = makePng(900, 600, [200, 40, 40]);
  // Slow the upload's request down so the bar can be seen (the XHR's progress events).
  await a.page.route('**/api/v1/rooms.media/**', async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await a.page.locator('input[type="file"]').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png });
  await a.page.getByRole('progressbar', { name: /^red\.png: \d+%$/ }).waitFor();
  await shot(a.page, '30-upload-progress');
  await a.page.getByRole('progressbar').waitFor({ state: 'detached' });

  // Bob: the image arrives live; its thumbnail loads with his cookies, and the blurred preview
  // (RC's image_preview) was there to stand in for it.
  const bobImage = log(b.page).getByRole('button', { name: 'Open image red.png' });
  await bobImage.waitFor();
  const message = await (await fetch(`${server.url}/api/v1/channels.messages?roomName=files&count=1`, { headers: await authOf(b.context) })).json();
  const att = message.messages[0].attachments[0];
  assert.ok(att.image_preview, 'the server sent an image_preview');
  assert.notEqual(att.image_url, att.title_link, 'the thumbnail is shown, not the original');
  await b.page.waitForFunction(() => {
    const img = document.querySelector('.file-image img');
    return img && img.complete && img.naturalWidth > 0;
  });
  await bobImage.locator('.file-image__preview').waitFor({ state: 'detached' });
  await shot(b.page, '31-image-message');

  // The lightbox shows the original; Escape closes it.
  await bobImage.click();
  const box = b.page.getByRole('dialog', { name: 'Image red.png' });
  await box.waitFor();
  await b.page.waitForFunction(() => document.querySelector('.lightbox__image')?.naturalWidth === 900);
  await shot(b.page, '32-lightbox');
  await b.page.keyboard.press('Escape');
  await box.waitFor({ state: 'detached' });

  // A dropped text file becomes a download card; Bob downloads the same bytes.
  await dropFile(a.page, 'main.room', { name: 'notes.txt', type: 'text/plain', text: 'ship on friday' });
  const card = log(b.page).getByRole('link', { name: 'Download notes.txt' });
  await card.waitFor();
  const href = await card.getAttribute('href');
  const body = await b.page.evaluate(async (u) => (await fetch(u)).text(), href);
  assert.equal(body, 'ship on friday');
  // Without the cookies the same URL is refused (FileUpload_ProtectFiles is on by default).
  assert.equal((await fetch(server.url + href)).status, 403);

  // A pasted picture uploads too.
  await a.page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    const input = document.querySelector('textarea[aria-label="Message"]');
    input.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
  }, [...makePng(40, 30, [0, 0, 255])]);
  await log(b.page).getByRole('button', { name: 'Open image pasted.png' }).waitFor();
  assert.equal(await a.page.getByRole('textbox', { name: 'Message' }).inputValue(), '', 'nothing typed by the paste');

  // The room's files in the side panel: fetched once, then live.
  await b.page.getByRole('button', { name: 'Files' }).click();
  const panel = b.page.getByRole('complementary', { name: 'Files' });
  for (const name of ['red.png', 'notes.txt', 'pasted.png']) await panel.getByRole('link', { name: `Download ${name}` }).waitFor();
  await dropFile(a.page, 'main.room', { name: 'later.txt', type: 'text/plain', text: 'more' });
  await panel.getByRole('link', { name: 'Download later.txt' }).waitFor();
  await shot(b.page, '33-files-panel');

  // A file sent from a thread's composer is a reply there, not in the room's timeline.
  const first = log(b.page).locator('.message').first();
  await first.hover();
  await first.getByRole('button', { name: 'Reply in thread' }).click();
  const thread = b.page.getByRole('complementary', { name: /^Thread of/ });
  await thread.locator('input[type="file"]').setInputFiles({ name: 'reply.txt', mimeType: 'text/plain', buffer: Buffer.from('in thread') });
  await thread.getByRole('log', { name: 'Thread' }).getByRole('link', { name: 'Download reply.txt' }).waitFor();
  await log(a.page).getByText(/1 reply/).waitFor();
  assert.equal(await log(a.page).getByRole('link', { name: 'Download reply.txt' }).count(), 0);

  // Signing out clears the download cookies.
  await a.page.getByRole('button', { name: 'Sign out' }).click();
  await a.page.getByRole('button', { name: 'Sign in' }).waitFor();
  const after = await a.context.cookies();
  assert.ok(!after.some((c) => c.name === 'rc_token' && c.value), 'rc_token is gone after sign-out');

  assert.deepEqual(tooMany, [], 'files never meet the REST rate limiter');
  await a.context.close();
  await b.context.close();
});

// The REST headers of the signed-in user in a context, from the cookies the app set.
async function authOf(context) {
  const cookies = await context.cookies();
  const get = (n) => cookies.find((c) => c.name === n)?.value;
  return { 'X-User-Id': get('rc_uid'), 'X-Auth-Token': get('rc_token') };
}
