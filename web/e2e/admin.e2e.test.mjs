// End to end: the admin pages in headless Chromium against the real binary, with the REST
// limiter on. A plain user never sees them (no entry; a direct URL says "not allowed"). The
// admin manages users (search, create, edit, deactivate, the server's "last admin" refusal,
// delete), rooms (search, type filter, edit through saveRoomSettings, archive, delete, which
// the member's room list follows) and settings (typed editors, a save that the other client
// feels at once, a change made elsewhere showing live), permissions, statistics, and a role
// granted to a signed-in user reaching their app live. Screenshots: PARLEY_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, createUser, loginAdmin, post } from '../../tests/integration/server.js';
import { launchBrowser, openSignedIn, shot, startAppServer } from './harness.mjs';

const PASSWORD = 'e2e-Pa55word!';

let server;
let browser;
let adminAuth;
const tooMany = [];

before(async () => {
  server = await startAppServer();
  adminAuth = await loginAdmin(server);
  await createUser(server, adminAuth, { username: 'carol', name: 'Carol', email: 'carol@example.com', password: PASSWORD, verified: true, joinDefaultChannels: false });
  const ops = await post(server, '/api/v1/channels.create', { name: 'ops', members: ['carol'] }, { auth: adminAuth });
  assert.equal(ops.status, 200, ops.text);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stopClean();
});

const openApp = (name, user, password) => openSignedIn(browser, server, { name, user, password, tooMany });

const roomLink = (page, name) =>
  page
    .getByRole('navigation', { name: 'Room list' })
    .getByRole('link')
    .filter({ has: page.locator('.room-item__name', { hasText: new RegExp(`^${name}$`, 'i') }) });
const userRows = (page) => page.getByRole('list', { name: 'Users' }).getByRole('listitem');
const roomRows = (page) => page.getByRole('list', { name: 'Rooms' }).getByRole('listitem');

test('admin pages: only for admins; users, rooms and settings managed through the public API', async () => {
  const carol = await openApp('carol', 'carol', PASSWORD);
  // A plain user: no entry in the sidebar, and the URL itself is refused.
  assert.equal(await carol.page.getByRole('button', { name: 'Administration' }).count(), 0);
  await carol.page.goto(`${server.url}/admin/users`);
  await carol.page.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor();
  assert.equal(await carol.page.getByRole('list', { name: 'Users' }).count(), 0);
  await shot(carol.page, '20-admin-not-allowed');
  await carol.page.getByRole('button', { name: 'Back to the rooms' }).click();
  await carol.page.waitForURL('**/home');
  await roomLink(carol.page, 'ops').click();
  await carol.page.waitForURL('**/channel/ops');

  const admin = await openApp('admin', ADMIN.username, ADMIN.password);
  const page = admin.page;
  await page.getByRole('button', { name: 'Administration' }).click();
  await page.waitForURL('**/admin/users');

  // Users: the list, a search over it.
  await userRows(page).filter({ hasText: 'carol' }).waitFor();
  await page.getByRole('textbox', { name: /Search users/ }).fill('CAR');
  await userRows(page).filter({ hasText: 'admin@example.com' }).waitFor({ state: 'detached' });
  assert.equal(await userRows(page).count(), 1);
  await page.getByRole('textbox', { name: /Search users/ }).fill('');

  // Create a user; the server's refusal of a bad one is shown as it words it.
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Name', { exact: true }).fill('Dave');
  await form.getByLabel('Username', { exact: true }).fill('carol'); // taken
  await form.getByLabel('Email', { exact: true }).fill('dave@example.com');
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Create' }).click();
  await form.getByRole('alert').filter({ hasText: /carol/i }).waitFor();
  await form.getByLabel('Username', { exact: true }).fill('dave');
  await form.getByRole('button', { name: 'Create' }).click();
  await userRows(page).filter({ hasText: 'dave@example.com' }).waitFor();

  // Edit: name and roles; then deactivate.
  await page.getByRole('button', { name: 'Edit dave' }).click();
  const edit = page.getByRole('form', { name: 'Edit dave' });
  await edit.getByLabel('Name', { exact: true }).fill('David');
  await edit.getByLabel('Roles (comma separated)').fill('user, bot');
  await edit.getByRole('button', { name: 'Save' }).click();
  await userRows(page).filter({ hasText: 'David' }).filter({ hasText: 'user, bot' }).waitFor();
  await page.getByRole('button', { name: 'Edit dave' }).click();
  await edit.getByText('Active', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await userRows(page).filter({ hasText: 'dave' }).filter({ hasText: 'deactivated' }).waitFor();
  const daveInfo = await fetch(`${server.url}/api/v1/users.info?username=dave`, { headers: { 'X-User-Id': adminAuth.userId, 'X-Auth-Token': adminAuth.authToken } }).then((r) => r.json());
  assert.equal(daveInfo.user.name, 'David');
  assert.equal(daveInfo.user.active, false);
  assert.deepEqual(daveInfo.user.roles, ['user', 'bot']);

  // The server's refusals show as it words them: an unknown role, the last active admin.
  await page.getByRole('button', { name: 'Edit admin' }).click();
  const self = page.getByRole('form', { name: 'Edit admin' });
  await self.getByLabel('Roles (comma separated)').fill('admin, wizard');
  await self.getByRole('button', { name: 'Save' }).click();
  await self.getByRole('alert').filter({ hasText: /invalid role/i }).waitFor();
  await self.getByLabel('Roles (comma separated)').fill('user, admin');
  await self.getByText('Active', { exact: true }).click();
  await self.getByRole('button', { name: 'Save' }).click();
  await self.getByRole('alert').filter({ hasText: /without an active admin/i }).waitFor();
  await shot(page, '21-admin-user-error');
  await self.getByRole('button', { name: 'Cancel' }).click();

  // Delete dave.
  await page.getByRole('button', { name: 'Edit dave' }).click();
  page.once('dialog', (d) => d.accept());
  await edit.getByRole('button', { name: 'Delete user' }).click();
  await userRows(page).filter({ hasText: 'dave' }).waitFor({ state: 'detached' });
  await shot(page, '22-admin-users');

  // Rooms: search on the server, filter by type.
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Rooms' }).click();
  await page.waitForURL('**/admin/rooms');
  await roomRows(page).filter({ hasText: 'general' }).waitFor();
  await page.getByRole('textbox', { name: 'Search rooms by name' }).fill('op');
  await page.getByRole('button', { name: 'Search' }).click();
  await roomRows(page).filter({ hasText: 'general' }).waitFor({ state: 'detached' });
  await roomRows(page).filter({ hasText: 'ops' }).waitFor();
  await page.getByRole('combobox', { name: 'Room type' }).selectOption('p');
  await page.getByRole('list', { name: 'Rooms' }).getByText('Nothing matches.').waitFor();
  await page.getByRole('combobox', { name: 'Room type' }).selectOption('');

  // Edit ops: topic, private, read-only, in one saveRoomSettings; the member's client follows.
  await page.getByRole('button', { name: 'Edit ops' }).click();
  const roomForm = page.getByRole('form', { name: 'Edit ops' });
  await roomForm.getByLabel('Topic', { exact: true }).fill('operations');
  await roomForm.getByLabel('Type', { exact: true }).selectOption('p');
  await roomForm.getByText('Read only', { exact: true }).click();
  await shot(page, '23-admin-room-edit');
  await roomForm.getByRole('button', { name: 'Save' }).click();
  const opsRow = roomRows(page).filter({ hasText: 'ops' });
  await opsRow.filter({ hasText: 'Private group' }).filter({ hasText: 'Read only' }).waitFor();
  await carol.page.locator('a.room-item[href="/group/ops"]').waitFor(); // now a private group

  // Archive it (its own call, after the edit).
  await page.getByRole('button', { name: 'Edit ops' }).click();
  await roomForm.getByText('Archived', { exact: true }).click();
  await roomForm.getByRole('button', { name: 'Save' }).click();
  await opsRow.filter({ hasText: 'Archived' }).waitFor();

  // Delete it: gone from the list and from Carol's sidebar.
  await page.getByRole('button', { name: 'Edit ops' }).click();
  page.once('dialog', (d) => d.accept());
  await roomForm.getByRole('button', { name: 'Delete room' }).click();
  await opsRow.waitFor({ state: 'detached' });
  await roomLink(carol.page, 'ops').waitFor({ state: 'detached' });

  // Settings: grouped, typed; a save that Carol's client feels at once.
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL('**/admin/settings');
  const messageGroup = page.getByRole('region', { name: 'Message settings' });
  await messageGroup.waitFor();
  assert.equal(await page.getByRole('region', { name: 'Accounts settings' }).getByRole('combobox', { name: 'Accounts_RegistrationForm' }).inputValue(), 'Public');
  const size = messageGroup.getByRole('textbox', { name: 'Message_MaxAllowedSize' });
  await size.fill('ten');
  await messageGroup.getByRole('button', { name: 'Save Message_MaxAllowedSize' }).click();
  await messageGroup.getByRole('alert').filter({ hasText: 'A whole number' }).waitFor();
  await size.fill('10');
  await messageGroup.getByRole('button', { name: 'Save Message_MaxAllowedSize' }).click();
  await messageGroup.getByRole('status').filter({ hasText: 'Message_MaxAllowedSize saved.' }).waitFor();
  await shot(page, '24-admin-settings');

  await carol.page.goto(`${server.url}/home`);
  await carol.page.getByRole('button', { name: 'Create a room' }).click();
  const dialog = carol.page.getByRole('dialog', { name: 'Create a room' });
  await dialog.getByLabel('Name', { exact: true }).fill('carols');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await carol.page.waitForURL('**/channel/carols');
  await carol.page.getByRole('textbox', { name: 'Message' }).fill('this is longer than ten characters');
  await carol.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await carol.page.getByText('The message could not be sent.').waitFor();

  // A change made elsewhere (the API) shows on the open page without a reload.
  const toggled = await post(server, '/api/v1/settings/Threads_enabled', { value: false }, { auth: adminAuth });
  assert.equal(toggled.status, 200, toggled.text);
  await page.waitForFunction(() => document.querySelector('[data-setting="Threads_enabled"] input[type="checkbox"]')?.checked === false);

  // Permissions: users may no longer create channels; Carol's next try is refused at once.
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Permissions' }).click();
  await page.waitForURL('**/admin/permissions');
  await page.getByRole('textbox', { name: 'Filter permissions' }).fill('create-c');
  const createC = page.getByRole('checkbox', { name: 'create-c for user' });
  assert.equal(await createC.isChecked(), true);
  await createC.click({ force: true }); // Fuselage draws its own box over the input
  await page.waitForFunction(() => document.querySelector('input[aria-label="create-c for user"]')?.checked === false);
  const perms = await fetch(`${server.url}/api/v1/permissions.listAll`, { headers: { 'X-User-Id': adminAuth.userId, 'X-Auth-Token': adminAuth.authToken } }).then((r) => r.json());
  assert.ok(!perms.update.find((p) => p._id === 'create-c').roles.includes('user'), 'saved on the server');
  await shot(page, '26-admin-permissions');
  await carol.page.getByRole('button', { name: 'Create a room' }).click();
  const again = carol.page.getByRole('dialog', { name: 'Create a room' });
  await again.getByLabel('Name', { exact: true }).fill('not-allowed-now');
  await again.getByRole('button', { name: 'Create' }).click();
  await again.getByRole('alert').waitFor();
  await again.getByRole('button', { name: 'Cancel' }).click();

  // Statistics: the figures of what this test made, as bars and a table; Refresh takes a new snapshot.
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Statistics' }).click();
  await page.waitForURL('**/admin/statistics');
  await page.getByRole('button', { name: 'Refresh' }).click();
  const roomsGroup = page.getByRole('region', { name: 'Rooms' });
  await roomsGroup.getByText('2 in all').waitFor(); // general and carols: ops was deleted
  assert.equal(await roomsGroup.locator('[data-stat="totalChannels"] .stat-bar__value').textContent(), '2');
  assert.equal(await page.getByRole('table', { name: 'Figures' }).locator('[data-stat="nonActiveUsers"]').textContent(), '0');
  await shot(page, '25-admin-statistics');

  // A role granted reaches the user's open app live (userData / roles-change): Carol, given
  // the admin role, sees the Administration entry without a reload and may open the pages;
  // taken away again, the entry goes.
  assert.equal(await carol.page.getByRole('button', { name: 'Administration' }).count(), 0);
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Edit carol' }).click();
  const carolForm = page.getByRole('form', { name: 'Edit carol' });
  await carolForm.getByLabel('Roles (comma separated)').fill('user, admin');
  await carolForm.getByRole('button', { name: 'Save' }).click();
  await userRows(page).filter({ hasText: 'carol' }).filter({ hasText: 'user, admin' }).waitFor();
  await carol.page.getByRole('button', { name: 'Administration' }).click();
  await carol.page.waitForURL('**/admin/users');
  await userRows(carol.page).filter({ hasText: 'admin@example.com' }).waitFor();
  await shot(carol.page, '27-admin-role-granted-live');
  await page.getByRole('button', { name: 'Edit carol' }).click();
  await carolForm.getByLabel('Roles (comma separated)').fill('user');
  await carolForm.getByRole('button', { name: 'Save' }).click();
  await carol.page.getByRole('button', { name: 'Administration' }).waitFor({ state: 'detached' });
  await carol.page.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor();

  assert.deepEqual(tooMany, [], 'the admin pages never meet the REST rate limiter');
  await carol.context.close();
  await admin.context.close();
});
