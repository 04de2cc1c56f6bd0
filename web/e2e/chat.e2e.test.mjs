// End to end: the real parley binary serving the built client (web/dist) to headless Chromium
// (Debian's, driven by playwright-core; no browser is downloaded). Rocket.Chat's REST rate
// limiter stays ON at its defaults (10 calls per route per minute per IP) and the test fails on
// any 429 the app receives, so the app's design (DDP methods, not REST) is what keeps it clear.
//
// Two users in two browser contexts sign in, see each other online (presence next to their DM),
// chat live in a channel, see an unread badge, page a long room's history by scrolling up,
// type (typing line), edit and delete; one reloads (resume token) and survives a server
// restart (reconnecting banner, then live again). A second scenario: a DM, a thread, pin and
// star, quote, search with a jump to the result, autocomplete, room settings, invite and kick,
// hide, status; search across rooms once the server allows it; the quick switcher and @mentions
// finding people and channels through spotlight. Screenshots go to PARLEY_SCREENSHOT_DIR
// (ctest: <build>/web-screenshots).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createUser, login, loginAdmin, post, startServer } from '../../tests/integration/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const shots = process.env.PARLEY_SCREENSHOT_DIR || path.resolve(here, '..', '..', 'build', 'web-screenshots');
const browserPath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'e2e-Pa55word!';
const TIMEOUT = 15_000;
const HISTORY = 70;

let server;
let browser;
let historyFifth; // the id of "history 5", for a link to an old message
const tooMany = [];
const restCalls = new Map(); // "GET route" -> calls, all browsers (printed at the end: the limiter's margin)

before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no built client in ${dist}: npm run build first`);
  fs.mkdirSync(shots, { recursive: true });
  server = await startServer({
    env: {
      PARLEY_WEB_ROOT: dist,
      PARLEY_PRESENCE_GRACE_MS: '500', // offline half a second after the last tab closes
      // server.js turns the REST limiter off for the API suites; the app is tested with it on.
      OVERWRITE_SETTING_API_Enable_Rate_Limiter: undefined,
    },
  });
  // Setting up through the API as the admin (exempt from the limiter, as in Rocket.Chat).
  const admin = await loginAdmin(server);
  for (const u of ['alice', 'bob']) {
    // Kept out of #general (joinDefaultChannels:false) so the unread counts below are this
    // test's own; the newcomer test checks that a registered user does join it.
    await createUser(server, admin, { username: u, name: u[0].toUpperCase() + u.slice(1), email: `${u}@example.com`, password: PASSWORD, verified: true, joinDefaultChannels: false });
  }
  const r = await post(server, '/api/v1/channels.create', { name: 'e2e', members: ['alice', 'bob'] }, { auth: admin });
  assert.equal(r.status, 200, r.text);
  // A room with more history than one page (50), for paging on scroll up.
  const hist = await post(server, '/api/v1/channels.create', { name: 'history', members: ['alice'] }, { auth: admin });
  assert.equal(hist.status, 200, hist.text);
  for (let i = 1; i <= HISTORY; i++) {
    const m = await post(server, '/api/v1/chat.postMessage', { roomId: hist.body.channel._id, text: `history ${i}` }, { auth: admin });
    assert.equal(m.status, 200, m.text);
    if (i === 5) historyFifth = m.body.message._id;
  }
  const alice = await login(server, 'alice', PASSWORD);
  const dm = await post(server, '/api/v1/im.create', { username: 'bob' }, { auth: alice });
  assert.equal(dm.status, 200, dm.text);
  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});

after(async () => {
  console.log('REST calls by the app, per route:', Object.fromEntries([...restCalls].sort((x, y) => y[1] - x[1])));
  await browser?.close();
  await server?.stopClean();
});

async function openApp(name, { notifications = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  if (notifications) {
    // Allowed, and recorded: headless Chromium shows none, so the page's Notification is
    // wrapped to keep each title and body for the test to read.
    await context.grantPermissions(['notifications', 'clipboard-read', 'clipboard-write']);
    await context.addInitScript(() => {
      const Real = window.Notification;
      window.__notes = [];
      window.Notification = class extends Real {
        constructor(title, options) {
          super(title, options);
          window.__notes.push(`${title}|${options?.body ?? ''}`);
        }
      };
      Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
      window.Notification.requestPermission = (...args) => Real.requestPermission(...args);
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('request', (req) => {
    const m = req.url().match(/\/api\/v1\/([^?]+)/);
    if (m) restCalls.set(`${req.method()} ${m[1]}`, (restCalls.get(`${req.method()} ${m[1]}`) ?? 0) + 1);
  });
  page.on('response', (res) => {
    if (res.status() === 429) tooMany.push(`${name}: ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(server.url + '/');
  return { context, page };
}

async function signIn(page, user) {
  await page.getByLabel('Username or email').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Room list' }).waitFor();
}

const roomLink = (page, name) =>
  page
    .getByRole('navigation', { name: 'Room list' })
    .getByRole('link')
    .filter({ has: page.locator('.room-item__name', { hasText: new RegExp(`^${name}$`, 'i') }) });
const messages = (page) => page.getByRole('log', { name: /^Messages in / });
const composer = (page) => page.getByRole('textbox', { name: 'Message' });
// Polls until the control holds `value` (React renders after the event that changed it).
async function waitValue(locator, value) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  while (Date.now() < deadline) {
    last = await locator.inputValue();
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(last, value);
}
const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`) });

test('two users chat live in a channel, with unread badges, typing, edit, delete, reload and reconnect', async () => {
  const a = await openApp('alice');
  await shot(a.page, '01-sign-in');
  await signIn(a.page, 'alice');
  const b = await openApp('bob');
  await signIn(b.page, 'bob');

  // Each sees the other online next to their direct message (RC 7's presence batches).
  const presenceOf = (page, name, status) => roomLink(page, name).getByRole('img', { name: status });
  await presenceOf(a.page, 'bob', 'Online').waitFor();
  await presenceOf(b.page, 'alice', 'Online').waitFor();

  // Alice opens the channel; its URL is the room's.
  await roomLink(a.page, 'e2e').click();
  await a.page.waitForURL('**/channel/e2e');
  await messages(a.page).waitFor();

  // Alice writes; Bob, on no room, sees the channel's unread badge appear.
  await composer(a.page).fill('Hello from **Alice**');
  await composer(a.page).press('Enter');
  // Shown at once as typed, then rendered from the server's md (bold) once confirmed.
  await messages(a.page).getByText('Hello from').waitFor();
  await a.page.locator('.message-body strong', { hasText: 'Alice' }).waitFor();
  await roomLink(b.page, 'e2e').getByLabel('1 unread').waitFor();
  await b.page.waitForFunction(() => document.title === '(1) parley');
  await shot(b.page, '02-room-list-unread');

  // Bob opens it: history is there and the badge goes.
  await roomLink(b.page, 'e2e').click();
  await messages(b.page).getByText('Hello from').waitFor();
  await b.page.locator('.unread-badge').first().waitFor({ state: 'detached' });
  await messages(b.page).getByText('New messages').waitFor(); // where Bob's unread starts

  // Bob types: Alice sees it; Bob sends: Alice gets it live. Shift+Enter is a newline.
  await composer(b.page).pressSequentially('Hi Al');
  await a.page.getByText('bob is typing…').waitFor();
  await composer(b.page).press('Shift+Enter');
  await composer(b.page).pressSequentially('second line');
  await waitValue(composer(b.page), 'Hi Al\nsecond line');
  await composer(b.page).press('Enter');
  await messages(a.page).getByText('second line').waitFor();
  await a.page.getByText('bob is typing…').waitFor({ state: 'detached' });
  await shot(a.page, '03-room-chat');

  // Alice edits her message through its toolbar; both see the new text marked edited.
  const mine = a.page.locator('.message', { hasText: 'Hello from' });
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit' }).click();
  await waitValue(composer(a.page), 'Hello from **Alice**');
  await composer(a.page).fill('Hello from Alice, edited');
  await composer(a.page).press('Enter');
  const edited = b.page.locator('.message', { hasText: 'Hello from Alice, edited' });
  await edited.waitFor();
  await edited.getByText('(edited)').waitFor();

  // Bob reacts with a thumbs up; Alice sees it live and adds hers by clicking it.
  await edited.hover();
  await edited.getByRole('button', { name: 'Add reaction' }).click();
  await edited.getByRole('button', { name: 'React with :thumbsup:' }).click();
  const onAlice = a.page.locator('.message', { hasText: 'Hello from Alice, edited' });
  await onAlice.getByRole('button', { name: ':thumbsup: by bob' }).click();
  await edited.getByRole('button', { name: ':thumbsup: by bob, alice' }).waitFor();
  assert.equal(await onAlice.getByRole('button', { name: ':thumbsup: by bob, alice' }).getAttribute('aria-pressed'), 'true');
  await shot(b.page, '04-edited-and-reactions');

  // Alice deletes a message of hers; it goes from Bob's screen.
  await composer(a.page).fill('to be deleted');
  await composer(a.page).press('Enter');
  await messages(b.page).getByText('to be deleted').waitFor();
  a.page.once('dialog', (d) => d.accept());
  const doomed = a.page.locator('.message', { hasText: 'to be deleted' });
  await doomed.hover();
  await doomed.getByRole('button', { name: 'Delete' }).click();
  await messages(b.page).getByText('to be deleted').waitFor({ state: 'detached' });
  // Bob has no edit/delete on Alice's message.
  assert.equal(await b.page.locator('.message', { hasText: 'Hello from Alice' }).getByRole('button', { name: 'Edit' }).count(), 0);

  // A long room, all unread: the newest page (50) is loaded and shown from its top; older pages
  // come on scrolling up, down to the start, where the new-messages divider is.
  await roomLink(a.page, 'history').click();
  await messages(a.page).getByText(`history ${HISTORY - 49}`, { exact: true }).waitFor();
  assert.equal(await messages(a.page).getByText('history 1', { exact: true }).count(), 0);
  const first = messages(a.page).getByText('history 1', { exact: true });
  for (let i = 0; i < 40 && (await first.count()) === 0; i++) {
    await a.page.locator('.message-list').evaluate((el) => el.scrollTo(0, 0));
    await a.page.waitForTimeout(150);
  }
  await first.waitFor();
  await a.page.getByText('This is the start of the room.').waitFor();
  // The divider marks the first unread message of the room, not of the first page: it sits
  // on "history 1" once that is loaded. (Where it is before depends on whether the page
  // above came first, which it may do on its own as the list opens at its top.)
  const divider = messages(a.page).getByText('New messages');
  await divider.waitFor();
  const dividerBox = await divider.boundingBox();
  const firstBox = await first.boundingBox();
  assert.ok(dividerBox.y < firstBox.y, 'the divider is above history 1');
  assert.equal(await messages(a.page).getByText('New messages').count(), 1);
  await shot(a.page, '05-history-paged');

  // Back by keyboard: Ctrl+K, part of the name, Enter.
  await a.page.keyboard.press('Control+k');
  const switcher = a.page.getByRole('dialog', { name: 'Jump to a room' });
  await switcher.getByRole('combobox').pressSequentially('e2');
  await switcher.getByRole('option', { name: /e2e/ }).waitFor();
  await shot(a.page, '06-quick-switcher');
  await a.page.keyboard.press('Enter');
  await a.page.waitForURL('**/channel/e2e');
  await switcher.waitFor({ state: 'detached' });
  await messages(a.page).getByText('Hello from Alice, edited').waitFor();

  // A reload keeps Alice signed in, in the same room (resume token, client-side route).
  await a.page.reload();
  await messages(a.page).getByText('Hello from Alice, edited').waitFor();
  assert.ok(a.page.url().endsWith('/channel/e2e'));

  // The server restarts: both show "reconnecting", then carry on by themselves.
  const sawBanner = a.page.locator('.connection-banner[data-status=reconnecting]', { hasText: 'Reconnecting' }).waitFor({ timeout: 20_000 });
  await server.restart();
  await sawBanner;
  await a.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await b.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await composer(b.page).fill('after the restart');
  await composer(b.page).press('Enter');
  await messages(a.page).getByText('after the restart').waitFor({ timeout: 30_000 });

  // Sign out ends the session: the sign-in form, and a reload stays signed out; Alice sees
  // Bob go offline.
  await b.page.getByRole('button', { name: 'Sign out' }).click();
  await b.page.getByRole('button', { name: 'Sign in' }).waitFor();
  await presenceOf(a.page, 'bob', 'Offline').waitFor();
  await b.page.reload();
  await b.page.getByRole('button', { name: 'Sign in' }).waitFor();

  // At phone width a room takes the screen, with a way back to the list.
  await a.page.setViewportSize({ width: 390, height: 760 });
  await messages(a.page).getByText('after the restart').waitFor();
  assert.equal(await a.page.getByRole('navigation', { name: 'Room list' }).isVisible(), false);
  await shot(a.page, '07-phone-room');
  await a.page.getByRole('button', { name: 'Back to the room list' }).click();
  await roomLink(a.page, 'e2e').waitFor();
  await shot(a.page, '08-phone-room-list');

  assert.deepEqual(tooMany, [], 'the app never meets the REST rate limiter');
  await a.context.close();
  await b.context.close();
});

test('a DM, a thread, pin and star, quote, search and jump, autocomplete, members, settings and status', async () => {
  const a = await openApp('alice');
  await signIn(a.page, 'alice');
  const b = await openApp('bob', { notifications: true });
  await signIn(b.page, 'bob');
  await roomLink(b.page, 'e2e').click();

  // A direct message: Bob, in another room, gets a browser notification and the DM's badge;
  // he reads it and answers live.
  await roomLink(a.page, 'bob').click();
  await a.page.waitForURL('**/direct/**');
  await composer(a.page).fill('just between us');
  await composer(a.page).press('Enter');
  await roomLink(b.page, 'alice').getByLabel('1 unread').waitFor();
  await b.page.waitForFunction(() => window.__notes.includes('alice|just between us'));
  await roomLink(b.page, 'alice').click();
  await messages(b.page).getByText('just between us').waitFor();
  await composer(b.page).fill('agreed');
  await composer(b.page).press('Enter');
  await messages(a.page).getByText('agreed').waitFor();

  // A thread: Alice replies in a thread to Bob's message; Bob sees "1 reply" and opens it;
  // replies stay out of the room's own timeline and arrive live in the open thread.
  await roomLink(a.page, 'e2e').click();
  await roomLink(b.page, 'e2e').click();
  await composer(b.page).fill('what do we ship friday?');
  await composer(b.page).press('Enter');
  const parentOnA = a.page.locator('.message', { hasText: 'what do we ship friday?' });
  await parentOnA.hover();
  await parentOnA.getByRole('button', { name: 'Reply in thread' }).click();
  const threadA = a.page.getByRole('complementary', { name: /Thread of Bob/ });
  await threadA.getByRole('textbox', { name: 'Reply' }).fill('the thread panel');
  await threadA.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await threadA.getByText('the thread panel').waitFor();
  const parentOnB = b.page.locator('.room .message', { hasText: 'what do we ship friday?' });
  await parentOnB.getByRole('button', { name: '1 reply' }).click();
  const threadB = b.page.getByRole('complementary', { name: /Thread of Bob/ });
  await threadB.getByText('the thread panel').waitFor();
  assert.equal(await messages(b.page).getByText('the thread panel').count(), 0, 'a thread reply is not in the room timeline');
  await threadB.getByRole('textbox', { name: 'Reply' }).fill('and docs');
  await threadB.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await threadA.getByText('and docs').waitFor();
  await parentOnA.getByRole('button', { name: '2 replies' }).waitFor();
  await shot(a.page, '10-thread');
  await threadA.getByRole('button', { name: 'Close' }).click();

  // Star Bob's message: the starred list shows it. (Pinning needs a room role: below.)
  assert.equal(await parentOnA.getByRole('button', { name: 'Pin', exact: true }).count(), 0, 'no Pin without the permission');
  await parentOnA.hover();
  await parentOnA.getByRole('button', { name: 'Star', exact: true }).click();
  await parentOnA.getByRole('button', { name: 'Unstar' }).waitFor();
  await a.page.getByRole('button', { name: 'Starred messages' }).click();
  await a.page.getByRole('complementary', { name: 'Starred messages' }).getByText('what do we ship friday?').waitFor();

  // Quote: the composer starts with the message's link, as RC 7's client writes it.
  await parentOnA.hover();
  await parentOnA.getByRole('button', { name: 'Quote' }).click();
  const mid = await parentOnA.getAttribute('data-mid');
  await waitValue(composer(a.page), `[ ](${server.url}/channel/e2e?msg=${mid}) `);
  await composer(a.page).fill('');

  // Autocomplete: @user from the room's members, #channel from the user's rooms, :emoji:.
  await composer(a.page).pressSequentially('ping @bo');
  await a.page.getByRole('option', { name: 'bob (Bob)' }).waitFor();
  await composer(a.page).press('Enter');
  await waitValue(composer(a.page), 'ping @bob ');
  await composer(a.page).pressSequentially('see #hist');
  await a.page.getByRole('option', { name: 'history' }).waitFor();
  await composer(a.page).press('Tab');
  await composer(a.page).pressSequentially(':tad');
  await a.page.getByRole('option', { name: /:tada:/ }).waitFor();
  await composer(a.page).press('Enter');
  await waitValue(composer(a.page), 'ping @bob see #history :tada: ');
  await shot(a.page, '11-autocomplete');
  await composer(a.page).press('Enter');
  await messages(b.page).locator('.mention', { hasText: '@bob' }).waitFor();
  // Someone who never wrote here comes from the server (spotlight), as in RC 7's popup.
  await composer(a.page).pressSequentially('cc @adm');
  await a.page.getByRole('option', { name: /^admin/ }).waitFor();
  await composer(a.page).press('Enter');
  await waitValue(composer(a.page), 'cc @admin ');
  await composer(a.page).fill('');

  // Copy link: the message's permalink is on the clipboard.
  const parentOnBAgain = b.page.locator('.room .message', { hasText: 'what do we ship friday?' });
  await parentOnBAgain.hover();
  await parentOnBAgain.getByRole('button', { name: 'Copy link' }).click();
  await b.page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
  assert.equal(await b.page.evaluate(() => navigator.clipboard.readText()), `${server.url}/channel/e2e?msg=${mid}`);

  // Search in the room, and jump from a result to a message older than the loaded page.
  await a.page.getByRole('button', { name: 'Search messages' }).click();
  const search = a.page.getByRole('complementary', { name: 'Search messages' });
  await search.getByRole('textbox', { name: 'Search messages' }).fill('second line');
  await search.getByRole('textbox', { name: 'Search messages' }).press('Enter');
  await search.getByText('second line').waitFor();
  await shot(a.page, '12-search');
  assert.equal(await search.getByRole('checkbox', { name: 'All my rooms' }).count(), 0, 'no global search while the server has it off');
  await search.getByRole('button', { name: 'Jump to message' }).first().click();
  await a.page.waitForURL(/\/channel\/e2e\?msg=/);
  await a.page.locator('.message--highlighted', { hasText: 'second line' }).waitFor();
  // The server's global search turned on (Search.defaultProvider.GlobalSearchEnabled) while the
  // panel shows: it offers all of Alice's rooms at once, finds the DM's message from #e2e and
  // jumps into the DM.
  if (!(await search.isVisible())) await a.page.getByRole('button', { name: 'Search messages' }).click();
  await search.getByRole('textbox', { name: 'Search messages' }).waitFor();
  const admin = await loginAdmin(server);
  const on = await post(server, '/api/v1/settings/Search.defaultProvider.GlobalSearchEnabled', { value: true }, { auth: admin });
  assert.equal(on.status, 200, on.text);
  await search.locator('label', { hasText: 'All my rooms' }).click();
  await search.getByRole('textbox', { name: 'Search messages' }).fill('between');
  const hit = search.getByRole('listitem').filter({ hasText: 'just between us' });
  await hit.getByText('@bob').waitFor(); // the room it is in
  await shot(a.page, '12b-search-all-rooms');
  await hit.getByRole('button', { name: 'Jump to message' }).click();
  await a.page.waitForURL(/\/direct\/[^?]+\?msg=/);
  await a.page.locator('.message--highlighted', { hasText: 'just between us' }).waitFor();
  await roomLink(a.page, 'e2e').click();
  // A link to a message older than the newest page: the app pages back to it.
  await a.page.goto(`${server.url}/channel/history?msg=${historyFifth}`);
  await a.page.locator('.message--highlighted', { hasText: 'history 5' }).waitFor();

  // A room of Alice's own: she owns it, so she can edit its settings, add and remove members.
  await a.page.getByRole('button', { name: 'Create a room' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Create a room' });
  await dialog.getByLabel('Name', { exact: true }).fill('team');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await a.page.waitForURL('**/channel/team');
  await a.page.getByRole('button', { name: 'Members' }).click();
  const members = a.page.getByRole('complementary', { name: 'Members' });
  await members.getByRole('textbox', { name: 'Add a member (username)' }).fill('bob');
  await members.getByRole('button', { name: 'Add' }).click();
  await members.getByText('bob', { exact: true }).waitFor();
  await members.getByRole('img', { name: 'Online' }).first().waitFor();
  await roomLink(b.page, 'team').waitFor();
  await shot(a.page, '13-members');

  // Alice owns the room, so she may pin: Bob sees it pinned, the pinned list shows it.
  await composer(a.page).fill('the plan: ship on friday');
  await composer(a.page).press('Enter');
  const plan = a.page.locator('.room .message', { hasText: 'the plan' });
  await plan.hover();
  await plan.getByRole('button', { name: 'Pin', exact: true }).click();
  await plan.getByRole('button', { name: 'Unpin' }).waitFor();
  await roomLink(b.page, 'team').click();
  await b.page.locator('.room .message', { hasText: 'the plan' }).getByText('pinned', { exact: true }).waitFor();
  await a.page.getByRole('button', { name: 'Pinned messages' }).click();
  await a.page.getByRole('complementary', { name: 'Pinned messages' }).getByText('the plan: ship on friday').waitFor();
  await a.page.getByRole('button', { name: 'Members' }).click();
  a.page.once('dialog', (d) => d.accept());
  await members.getByRole('button', { name: 'Remove bob' }).click();
  await members.getByText('bob', { exact: true }).waitFor({ state: 'detached' });
  await roomLink(b.page, 'team').waitFor({ state: 'detached' });

  await a.page.getByRole('button', { name: 'Room info' }).click();
  const info = a.page.getByRole('complementary', { name: 'Room info' });
  await info.getByRole('button', { name: 'Edit' }).click();
  await info.getByLabel('Topic').fill('all things team');
  await info.getByRole('button', { name: 'Save' }).click();
  await info.getByText('all things team').waitFor();
  // An owner may change the room's type (saveRoomSettings' roomType): the route follows.
  await info.getByRole('button', { name: 'Edit' }).click();
  await info.getByLabel('Type', { exact: true }).selectOption('p');
  await info.getByRole('button', { name: 'Save' }).click();
  await a.page.waitForURL('**/group/team');
  await a.page.locator('a.room-item[href="/group/team"]').waitFor();
  if (!(await info.isVisible())) await a.page.getByRole('button', { name: 'Room info' }).click();
  await shot(a.page, '14-room-info');

  // Hide: gone from the list (until its next message).
  a.page.once('dialog', (d) => d.accept());
  await info.getByRole('button', { name: 'Hide' }).click();
  await roomLink(a.page, 'team').waitFor({ state: 'detached' });

  // The quick switcher also offers what Bob has no room for yet (spotlight): #history to join.
  await b.page.keyboard.press('Control+k');
  const bSwitcher = b.page.getByRole('dialog', { name: 'Jump to a room' });
  await bSwitcher.getByRole('combobox').pressSequentially('hist');
  await bSwitcher.getByRole('option', { name: /history \(join\)/ }).waitFor();
  await b.page.keyboard.press('Escape');
  await bSwitcher.waitFor({ state: 'detached' });

  // The directory: Bob finds #history (not his) and joins it; and opens a DM from the users.
  await b.page.getByRole('button', { name: 'Directory' }).click();
  const dir = b.page.getByRole('dialog', { name: 'Directory' });
  await dir.getByRole('textbox', { name: 'Filter by name' }).fill('hist');
  await shot(b.page, '16-directory');
  await dir.getByRole('button', { name: /history/ }).click();
  await b.page.waitForURL('**/channel/history');
  await messages(b.page).getByText(`history ${HISTORY}`, { exact: true }).waitFor();
  await roomLink(b.page, 'history').waitFor();
  await b.page.getByRole('button', { name: 'Directory' }).click();
  await dir.getByRole('button', { name: 'Users', exact: true }).click();
  await dir.getByRole('textbox', { name: 'Filter by name' }).fill('ali');
  await dir.getByRole('button', { name: /alice/ }).click();
  await b.page.waitForURL('**/direct/**');
  await messages(b.page).getByText('just between us').waitFor();

  // Status: Alice goes busy; Bob sees it next to her DM.
  await a.page.getByRole('button', { name: 'Profile and status' }).click();
  const profile = a.page.getByRole('dialog', { name: 'Profile and status' });
  await profile.locator('label', { hasText: 'Busy' }).click();
  assert.equal(await profile.getByLabel('Busy').isChecked(), true);
  await profile.getByLabel('Status message').fill('in a meeting');
  // A picture as avatar (multipart users.setAvatar): the server then serves an image, not the
  // default letter SVG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const before = await fetch(`${server.url}/avatar/alice`);
  assert.match(before.headers.get('content-type') ?? '', /svg/);
  await profile.getByLabel('Upload a picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${server.url}/avatar/alice`);
    if (!/svg/.test(r.headers.get('content-type') ?? '')) break;
    assert.ok(i < 99, 'the uploaded avatar is served');
    await new Promise((r) => setTimeout(r, 100));
  }
  await shot(a.page, '15-profile');
  await profile.getByRole('button', { name: 'Save' }).click();
  await roomLink(b.page, 'alice').getByRole('img', { name: 'Busy' }).waitFor();
  await a.page.getByRole('img', { name: 'Your status: Busy' }).waitFor();

  assert.deepEqual(tooMany, [], 'the app never meets the REST rate limiter');
  await a.context.close();
  await b.context.close();
});

test('a newcomer creates an account while registration is open, and starts a channel', async () => {
  const { context, page } = await openApp('carol');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Carol');
  await page.getByLabel('Username', { exact: true }).fill('carol');
  await page.getByLabel('Email', { exact: true }).fill('carol@example.com');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await shot(page, '09-register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('navigation', { name: 'Room list' }).waitFor();
  // A newcomer joins the default channels, #general among them, as in Rocket.Chat.
  await roomLink(page, 'general').waitFor();
  // A newcomer starts a channel of their own, and it opens.
  await page.getByRole('button', { name: 'Create a room' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a room' });
  await dialog.getByLabel('Name', { exact: true }).fill('carols-corner');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL('**/channel/carols-corner');
  await page.getByRole('main', { name: 'carols-corner' }).waitFor();
  await roomLink(page, 'carols-corner').waitFor();
  await composer(page).fill('first!');
  await composer(page).press('Enter');
  await messages(page).getByText('first!').waitFor();

  // The account is real: a reload resumes it.
  await page.reload();
  await messages(page).getByText('first!').waitFor();
  assert.deepEqual(tooMany, []);
  await context.close();
});
