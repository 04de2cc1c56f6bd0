// Black-box: the last of RC 7's user endpoints. users.info / users.list show custom fields as
// RC's getFullUserData projects them (apps/meteor/app/lib/server/functions/getFullUserData.ts:
// only fields Accounts_CustomFields defines; all of them to the user and to viewers with
// view-full-other-user-info, the `public` ones to everyone else), and the DDP methods
// saveUserPreferences, deleteUserOwnAccount and getUsernameSuggestion (server/methods/
// saveUserPreferences.ts, app/lib/server/methods/deleteUserOwnAccount.ts and
// getUsernameSuggestion.ts), which share their REST counterparts' rules.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMeteorError, ddpConnect, ddpLoggedIn, sha256hex } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Users-more-pass-1';

describe('users: custom fields in user info, profile methods over DDP', () => {
  let server;
  let admin;
  const clients = [];
  let n = 0;

  const ok = (r) => {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r.body;
  };
  const setting = async (id, value) => ok(await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin }));
  const fresh = async (extra = {}) => {
    const username = `more${++n}`;
    const user = await createUser(server, admin, {
      username, name: `Pat Smith${n}`, email: `${username}@example.com`, password: PASSWORD, joinDefaultChannels: false, ...extra,
    });
    return { user, username, auth: await login(server, username, PASSWORD) };
  };
  const matchFailed = (frame) => {
    assert.ok(frame.error, JSON.stringify(frame));
    assert.equal(frame.error.error, 400);
    assert.equal(frame.error.reason, 'Match failed');
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stopClean();
  });

  test('users.info and users.list show others only the public custom fields', async () => {
    await setting('Accounts_CustomFields', JSON.stringify({ team: { type: 'text', public: true }, salary: { type: 'text' } }));
    const target = await fresh({ customFields: { team: 'red', salary: '100' } });
    const viewer = await fresh();
    const info = async (auth) => ok(await get(server, `/api/v1/users.info?userId=${target.user._id}`, { auth })).user;

    const seenByOther = await info(viewer.auth);
    assert.deepEqual(seenByOther.customFields, { team: 'red' });
    assert.equal(seenByOther.emails, undefined);
    assert.deepEqual((await info(target.auth)).customFields, { team: 'red', salary: '100' }, 'the user sees all');
    assert.deepEqual((await info(admin)).customFields, { team: 'red', salary: '100' }, 'so does view-full-other-user-info');

    const list = ok(await get(server, '/api/v1/users.list?count=100', { auth: viewer.auth })).users;
    assert.deepEqual(list.find((u) => u._id === target.user._id).customFields, { team: 'red' });
    const adminList = ok(await get(server, '/api/v1/users.list?count=100', { auth: admin })).users;
    assert.deepEqual(adminList.find((u) => u._id === target.user._id).customFields, { team: 'red', salary: '100' });

    // A field no longer defined is shown to nobody; a blank definition shows none.
    await setting('Accounts_CustomFields', JSON.stringify({ team: { type: 'text' } }));
    assert.deepEqual((await info(admin)).customFields, { team: 'red' });
    assert.equal((await info(viewer.auth)).customFields, undefined, 'team is no longer public');
    await setting('Accounts_CustomFields', '');
    assert.equal((await info(admin)).customFields, undefined);
    await setting('Accounts_CustomFields', '{not json');
    assert.equal((await info(target.auth)).customFields, undefined, 'a broken definition shows none');
    await setting('Accounts_CustomFields', '');
  });

  test('saveUserPreferences saves what REST users.setPreferences would, and refuses the rest', async () => {
    const me = await fresh();
    const ddp = await ddpLoggedIn(server, me.username, PASSWORD, clients);
    const saved = await ddp.call('saveUserPreferences', [{ sidebarViewMode: 'condensed', useEmojis: false }]);
    assert.equal(saved.result, true, JSON.stringify(saved));
    const prefs = ok(await get(server, '/api/v1/me', { auth: me.auth })).settings.preferences;
    assert.equal(prefs.sidebarViewMode, 'condensed');
    assert.equal(prefs.useEmojis, false);

    matchFailed(await ddp.call('saveUserPreferences', []));
    matchFailed(await ddp.call('saveUserPreferences', ['condensed']));
    matchFailed(await ddp.call('saveUserPreferences', [{ useEmojis: 'yes' }]));
    matchFailed(await ddp.call('saveUserPreferences', [{ notAPreference: 1 }]));

    const anonymous = await ddpConnect(server);
    clients.push(anonymous);
    const refused = await anonymous.call('saveUserPreferences', [{ useEmojis: true }]);
    assert.ok(refused.error, 'a logged-in method');
  });

  test('getUsernameSuggestion suggests a free username from the name', async () => {
    const me = await fresh();
    const ddp = await ddpLoggedIn(server, me.username, PASSWORD, clients);
    const r = await ddp.call('getUsernameSuggestion', []);
    assert.equal(typeof r.result, 'string', JSON.stringify(r));
    const rest = ok(await get(server, '/api/v1/users.getUsernameSuggestion', { auth: me.auth }));
    assert.equal(r.result, rest.result, 'the same suggestion REST gives');
    assert.match(r.result, /smith/i);
  });

  test('deleteUserOwnAccount: off by default, then needs the password digest', async () => {
    const me = await fresh();
    const ddp = await ddpLoggedIn(server, me.username, PASSWORD, clients);
    const off = await ddp.call('deleteUserOwnAccount', [sha256hex(PASSWORD)]);
    assertMeteorError(assert, off.error, 'error-not-allowed', 'Not allowed');
    assert.equal(off.error.details?.method, 'deleteUserOwnAccount');

    await setting('Accounts_AllowDeleteOwnAccount', true);
    try {
      matchFailed(await ddp.call('deleteUserOwnAccount', []));
      matchFailed(await ddp.call('deleteUserOwnAccount', [42]));
      matchFailed(await ddp.call('deleteUserOwnAccount', [sha256hex(PASSWORD), 'yes']));
      const wrong = await ddp.call('deleteUserOwnAccount', [sha256hex('wrong')]);
      assert.equal(wrong.error?.error, 'error-invalid-password', JSON.stringify(wrong));
      // The account goes with its login tokens, and revoked tokens end their sessions before
      // the revoking call returns (chat/events): this very connection is closed as "logged
      // out" before its result (RC answers true, then its client logs out).
      await assert.rejects(ddp.call('deleteUserOwnAccount', [sha256hex(PASSWORD), false]), /logged out/);
    } finally {
      await setting('Accounts_AllowDeleteOwnAccount', false);
    }
    const info = await get(server, `/api/v1/users.info?userId=${me.user._id}`, { auth: admin });
    assert.equal(info.body.errorType, 'error-invalid-user', info.text);
  });
});
