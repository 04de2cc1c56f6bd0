// Black-box: what users change about themselves (issue 11, items 7 and 10), as Rocket.Chat
// answers it (apps/meteor/app/api/server/v1/users.ts, server/methods/saveUserProfile.ts):
// users.updateOwnBasicInfo and the DDP saveUserProfile (settings, second factor, sizes),
// preferences, username suggestion and availability, users.listByStatus, users.autocomplete,
// users.deleteOwnAccount, and logins naming the user as {username} / {email}.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ddpConnect, ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Profile-pass-1';
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

describe('users: own profile', () => {
  let server;
  let admin;
  const clients = [];
  let n = 0;

  const fresh = async (extra = {}) => {
    const username = `prof${++n}`;
    const user = await createUser(server, admin, {
      username, name: `Name ${username}`, email: `${username}@example.com`, password: PASSWORD, ...extra,
    });
    return { user, auth: await login(server, username, PASSWORD) };
  };
  const setting = async (id, value) => {
    const r = await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin });
    assert.equal(r.status, 200, r.text);
  };
  const update = (auth, data, extra = {}) =>
    post(server, '/api/v1/users.updateOwnBasicInfo', { data, ...extra }, { auth });

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });
  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('updateOwnBasicInfo saves name, username, nickname, bio, statusText; info and me show them', async () => {
    const { user, auth } = await fresh();
    const r = await update(auth, {
      name: '  New Name ', username: `${user.username}x`, nickname: 'Nick', bio: ' About me ', statusText: 'busy here',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body.user._id, user._id);
    assert.equal(r.body.user.name, 'New Name');
    assert.equal(r.body.user.username, `${user.username}x`);
    assert.equal(r.body.user.nickname, 'Nick');
    assert.equal(r.body.user.bio, 'About me');
    assert.equal(r.body.user.statusText, 'busy here');
    const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
    assert.equal(info.body.user.nickname, 'Nick', info.text);
    assert.equal(info.body.user.bio, 'About me');
    assert.equal(info.body.user.username, `${user.username}x`);
    const me = await get(server, '/api/v1/me', { auth });
    assert.equal(me.body.nickname, 'Nick', me.text);
    assert.equal(me.body.name, 'New Name');
  });

  test('the settings refuse each field with RC\'s error ids', async () => {
    const { user, auth } = await fresh();
    const cases = [
      ['Accounts_AllowRealNameChange', { name: 'Other' }, 'Edit user real name is not allowed'],
      ['Accounts_AllowUsernameChange', { username: `${user.username}y` }, 'Edit username is not allowed'],
      ['Accounts_AllowUserStatusMessageChange', { statusText: 'nope' }, 'Edit user status is not allowed'],
    ];
    for (const [id, data, reason] of cases) {
      await setting(id, false);
      const r = await update(auth, data);
      await setting(id, true);
      assert.equal(r.status, 400, `${id}: ${r.text}`);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorType, 'error-action-not-allowed', r.text);
      assert.equal(r.body.error, `${reason} [error-action-not-allowed]`);
    }
    await setting('Accounts_AllowUserProfileChange', false);
    const off = await update(auth, { nickname: 'x' });
    await setting('Accounts_AllowUserProfileChange', true);
    assert.equal(off.status, 400, off.text);
    assert.equal(off.body.errorType, 'error-not-allowed');
    const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
    assert.equal(info.body.user.name, `Name ${user.username}`, 'nothing was written');
    assert.equal(info.body.user.nickname, undefined);
  });

  test('email and password changes need the current password (totp-required / totp-invalid)', async () => {
    const { user, auth } = await fresh();
    const missing = await update(auth, { email: `${user.username}-new@example.com` });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.body.errorType, 'totp-required');
    assert.deepEqual(missing.body.details, { method: 'password', codeGenerated: false, availableMethods: [] });
    const wrong = await update(auth, { email: `${user.username}-new@example.com`, currentPassword: sha256('wrong') });
    assert.equal(wrong.body.errorType, 'totp-invalid', wrong.text);

    const other = await login(server, user.username, PASSWORD); // another session
    const ok = await update(auth, {
      email: `${user.username}-new@example.com`, newPassword: 'Second-pass-2', currentPassword: sha256(PASSWORD),
    });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.user.emails, [{ address: `${user.username}-new@example.com`, verified: false }]);
    await login(server, user.username, 'Second-pass-2');
    await assert.rejects(login(server, user.username, PASSWORD));
    const me = await get(server, '/api/v1/me', { auth });
    assert.equal(me.status, 200, 'the caller stays logged in');
    const gone = await get(server, '/api/v1/me', { auth: other });
    assert.equal(gone.status, 401, 'other sessions are logged out');

    const same = await update(auth, { newPassword: 'Second-pass-2', currentPassword: sha256('Second-pass-2') });
    assert.equal(same.body.errorType, 'error-password-same-as-current', same.text);
    await setting('Accounts_AllowPasswordChange', false);
    const off = await update(auth, { newPassword: 'Third-pass-3', currentPassword: sha256('Second-pass-2') });
    await setting('Accounts_AllowPasswordChange', true);
    assert.equal(off.body.error, 'Edit user password is not allowed [error-action-not-allowed]', off.text);
  });

  test('sizes, taken usernames and emails are refused as RC refuses them', async () => {
    const { auth } = await fresh();
    const other = await fresh();
    const bio = await update(auth, { bio: 'b'.repeat(261) });
    assert.equal(bio.body.errorType, 'error-bio-size-exceeded', bio.text);
    const nick = await update(auth, { nickname: 'n'.repeat(121) });
    assert.equal(nick.body.errorType, 'error-nickname-size-exceeded', nick.text);
    const taken = await update(auth, { username: other.user.username });
    assert.equal(taken.body.errorType, 'error-could-not-save-identity', taken.text);
    const email = await update(auth, { email: other.user.emails[0].address, currentPassword: sha256(PASSWORD) });
    assert.equal(email.body.errorType, 'error-field-unavailable', email.text);
    const badType = await update(auth, { bio: 5 });
    assert.equal(badType.status, 400);
    assert.equal(badType.body.errorType, 'invalid-params', badType.text);
  });

  test('DDP saveUserProfile saves and takes the second factor as its last argument', async () => {
    const { user } = await fresh();
    const ddp = await ddpLoggedIn(server, user.username, PASSWORD, clients);
    const saved = await ddp.call('saveUserProfile', [{ realname: 'Via DDP', bio: 'ddp bio' }, {}]);
    assert.equal(saved.result, true, JSON.stringify(saved));
    const refused = await ddp.call('saveUserProfile', [{ email: `${user.username}-d@example.com` }, {}]);
    assert.equal(refused.error?.error, 'totp-required', JSON.stringify(refused));
    const withCode = await ddp.call('saveUserProfile', [{ email: `${user.username}-d@example.com` }, {},
      { twoFactorCode: sha256(PASSWORD), twoFactorMethod: 'password' }]);
    assert.equal(withCode.result, true, JSON.stringify(withCode));
    const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
    assert.equal(info.body.user.name, 'Via DDP');
    assert.equal(info.body.user.bio, 'ddp bio');
    assert.equal(info.body.user.emails[0].address, `${user.username}-d@example.com`);
  });

  test('preferences are saved, merged, read back and shown on /me', async () => {
    const { user, auth } = await fresh();
    const empty = await get(server, '/api/v1/users.getPreferences', { auth });
    assert.deepEqual(empty.body, { preferences: {}, success: true });
    const r = await post(server, '/api/v1/users.setPreferences', { data: { useEmojis: false, highlights: ['x'] } }, { auth });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.user, { _id: user._id, settings: { preferences: { useEmojis: false, highlights: ['x'] } } });
    await post(server, '/api/v1/users.setPreferences', { data: { sidebarViewMode: 'condensed' } }, { auth });
    const got = await get(server, '/api/v1/users.getPreferences', { auth });
    assert.deepEqual(got.body.preferences, { useEmojis: false, highlights: ['x'], sidebarViewMode: 'condensed' });
    const me = await get(server, '/api/v1/me', { auth });
    assert.equal(me.body.settings.preferences.sidebarViewMode, 'condensed');

    const unknown = await post(server, '/api/v1/users.setPreferences', { data: { notAPreference: 1 } }, { auth });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errorType, 'invalid-params', unknown.text);
    const wrongType = await post(server, '/api/v1/users.setPreferences', { data: { useEmojis: 'yes' } }, { auth });
    assert.equal(wrongType.body.errorType, 'invalid-params', wrongType.text);
    const otherUser = await post(server, '/api/v1/users.setPreferences', { userId: admin.userId, data: { useEmojis: true } }, { auth });
    assert.equal(otherUser.body.errorType, 'error-action-not-allowed', otherUser.text);
  });

  test('username suggestion and availability', async () => {
    const { user, auth } = await fresh({ name: 'Zed Quill' });
    const s = await get(server, '/api/v1/users.getUsernameSuggestion', { auth });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.body.result, 'zed.quill');
    const free = await get(server, '/api/v1/users.checkUsernameAvailability?username=nobody-has-this', { auth });
    const own = await get(server, `/api/v1/users.checkUsernameAvailability?username=${user.username}`, { auth });
    assert.equal(own.body.result, true, 'one\'s own name is available to oneself');
    assert.deepEqual(free.body, { result: true, success: true });
    const takenName = await get(server, '/api/v1/users.checkUsernameAvailability?username=ADMIN', { auth });
    assert.equal(takenName.body.result, false, takenName.text);
    const blocked = await get(server, '/api/v1/users.checkUsernameAvailability?username=all', { auth });
    assert.equal(blocked.body.errorType, 'error-blocked-username', blocked.text);
    const missing = await get(server, '/api/v1/users.checkUsernameAvailability', { auth });
    assert.equal(missing.status, 400);
  });

  test('users.listByStatus filters by status, roles and a search term, with paging', async () => {
    const a = await fresh({ name: 'Listed Person' });
    const b = await fresh();
    await post(server, '/api/v1/users.setActiveStatus', { userId: b.user._id, activeStatus: false }, { auth: admin });
    const active = await get(server, '/api/v1/users.listByStatus?status=active&searchTerm=Listed%20Person', { auth: admin });
    assert.equal(active.status, 200, active.text);
    assert.deepEqual(active.body.users.map((u) => u._id), [a.user._id]);
    assert.equal(active.body.total, 1);
    assert.equal(active.body.users[0].emails[0].address, a.user.emails[0].address);
    const deactivated = await get(server, '/api/v1/users.listByStatus?status=deactivated', { auth: admin });
    assert.ok(deactivated.body.users.some((u) => u._id === b.user._id));
    assert.ok(deactivated.body.users.every((u) => u.active === false));
    const admins = await get(server, '/api/v1/users.listByStatus?roles[]=admin', { auth: admin });
    assert.deepEqual(admins.body.users.map((u) => u.username), ['admin']);
    const page = await get(server, '/api/v1/users.listByStatus?count=1&offset=1&sort={"username":1}', { auth: admin });
    assert.equal(page.body.count, 1);
    assert.equal(page.body.offset, 1);
    assert.ok(page.body.total >= 3);
    const bad = await get(server, '/api/v1/users.listByStatus?status=sleeping', { auth: admin });
    assert.equal(bad.status, 400, bad.text);
  });

  test('users.autocomplete finds active users by term, minus the exceptions', async () => {
    const { auth } = await fresh({ name: 'Autocomplete Target' });
    const sel = (o) => encodeURIComponent(JSON.stringify(o));
    const r = await get(server, `/api/v1/users.autocomplete?selector=${sel({ term: 'autocomplete tar' })}`, { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 1);
    assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['_id', 'name', 'status', 'username']);
    const none = await get(server, `/api/v1/users.autocomplete?selector=${sel({ term: 'autocomplete tar', exceptions: [r.body.items[0].username] })}`, { auth: admin });
    assert.deepEqual(none.body.items, []);
    const bad = await get(server, '/api/v1/users.autocomplete?selector=notjson', { auth });
    assert.equal(bad.status, 400, bad.text);
  });

  test('login with user: {username} and user: {email}, over REST and DDP', async () => {
    const { user } = await fresh();
    const byName = await post(server, '/api/v1/login', { user: { username: user.username }, password: PASSWORD });
    assert.equal(byName.status, 200, byName.text);
    assert.equal(byName.body.data.userId, user._id);
    const byEmail = await post(server, '/api/v1/login', { user: { email: user.emails[0].address }, password: PASSWORD });
    assert.equal(byEmail.body.data.userId, user._id, byEmail.text);
    const wrong = await post(server, '/api/v1/login', { user: { username: user.username }, password: 'nope' });
    assert.equal(wrong.status, 401, wrong.text);
    const empty = await post(server, '/api/v1/login', { user: {}, password: PASSWORD });
    assert.equal(empty.status, 400, empty.text);
    const ddp = await ddpConnect(server);
    clients.push(ddp);
    const digest = { digest: sha256(PASSWORD), algorithm: 'sha-256' };
    const viaDdp = await ddp.call('login', [{ user: { username: user.username }, password: digest }]);
    assert.equal(viaDdp.result?.id, user._id, JSON.stringify(viaDdp));
    const viaDdpEmail = await ddp.call('login', [{ user: { email: user.emails[0].address }, password: digest }]);
    assert.equal(viaDdpEmail.result?.id, user._id, JSON.stringify(viaDdpEmail));
  });

  test('users.deleteOwnAccount: off by default, then needs the password', async () => {
    const { user, auth } = await fresh();
    const off = await post(server, '/api/v1/users.deleteOwnAccount', { password: sha256(PASSWORD) }, { auth });
    assert.equal(off.status, 400, off.text);
    assert.equal(off.body.errorType, 'error-not-allowed');
    const missing = await post(server, '/api/v1/users.deleteOwnAccount', {}, { auth });
    assert.deepEqual(missing.body, { success: false, error: 'Body parameter "password" is required.' });
    await setting('Accounts_AllowDeleteOwnAccount', true);
    const wrong = await post(server, '/api/v1/users.deleteOwnAccount', { password: sha256('wrong') }, { auth });
    assert.equal(wrong.body.errorType, 'error-invalid-password', wrong.text);
    const ok = await post(server, '/api/v1/users.deleteOwnAccount', { password: sha256(PASSWORD) }, { auth });
    await setting('Accounts_AllowDeleteOwnAccount', false);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { success: true });
    const info = await get(server, `/api/v1/users.info?userId=${user._id}`, { auth: admin });
    assert.equal(info.body.errorType, 'error-invalid-user', info.text);
  });
});
