// Black-box: Rocket.Chat's whole settings catalogue against the real binary. A setting parley has
// no feature for is read, written, validated by its type, announced and kept across a restart;
// unknown ids stay 400; settings.public has the whole public set and nothing private; the
// settings.oauth shape; users without the permissions get Rocket.Chat's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpConnect, ddpLoggedIn } from './ddp.js';
import { ADMIN, createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('the settings catalogue', () => {
  let server;
  let admin;
  let user;
  const clients = [];

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    await createUser(server, admin, { username: 'una', name: 'Una', email: 'una@example.com', password: PASSWORD });
    user = await login(server, 'una', PASSWORD);
  });

  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  const publicIds = async (query = '') => {
    const r = await get(server, `/api/v1/settings.public?count=0${query}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r;
  };

  test('a setting parley has no feature for is read, written and announced like any other', async () => {
    const read = await get(server, '/api/v1/settings/E2E_Enable', { auth: admin });
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.body, { _id: 'E2E_Enable', value: false, success: true });

    const anon = await ddpConnect(server);
    clients.push(anon);
    const ready = await anon.sub('stream-notify-all', ['public-settings-changed', false]);
    assert.equal(ready.msg, 'ready', JSON.stringify(ready));

    const set = await post(server, '/api/v1/settings/E2E_Enable', { value: true }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body, { success: true });
    const event = await anon.waitFor(
      (m) => m.msg === 'changed' && m.fields?.eventName === 'public-settings-changed',
      { what: 'public-settings-changed' },
    );
    assert.deepEqual(event.fields.args, ['updated', { _id: 'E2E_Enable', value: true }]);

    // A private one, in a section, of another type.
    const host = await post(server, '/api/v1/settings/SMTP_Host', { value: 'mail.example.com' }, { auth: admin });
    assert.equal(host.status, 200, host.text);
    const sections = await post(
      server,
      '/api/v1/settings/Accounts_Default_User_Preferences_sidebarSectionsOrder',
      { value: ['Unread', 'Channels'] },
      { auth: admin },
    );
    assert.equal(sections.status, 200, sections.text);
  });

  test('values of settings without effect survive a restart', async () => {
    await server.restart();
    admin = await loginAdmin(server);
    user = await login(server, 'una', PASSWORD);
    const e2e = await get(server, '/api/v1/settings/E2E_Enable', { auth: admin });
    assert.equal(e2e.body.value, true, e2e.text);
    const smtp = await get(server, '/api/v1/settings/SMTP_Host', { auth: admin });
    assert.equal(smtp.body.value, 'mail.example.com', smtp.text);
    const order = await get(server, '/api/v1/settings/Accounts_Default_User_Preferences_sidebarSectionsOrder', {
      auth: admin,
    });
    assert.deepEqual(order.body.value, ['Unread', 'Channels']);
    const pub = await publicIds('&_id=E2E_Enable');
    assert.deepEqual(pub.body.settings, [{ _id: 'E2E_Enable', value: true, enterprise: false }]);
  });

  test('a value of the wrong type is refused with error-invalid-setting-value and changes nothing', async () => {
    for (const [id, value] of [
      ['Accounts_TwoFactorAuthentication_Enabled', 'yes'],
      ['LDAP_Port', '389'],
      ['LDAP_Port', 3.5],
      ['Accounts_Directory_DefaultView', 'rooms'],
      ['Layout_Home_Title', 42],
      ['Hide_System_Messages', 'uj'],
    ]) {
      const r = await post(server, `/api/v1/settings/${id}`, { value }, { auth: admin });
      assert.equal(r.status, 400, `${id}=${JSON.stringify(value)}: ${r.text}`);
      assert.equal(r.body.success, false);
      assert.equal(r.body.errorType, 'error-invalid-setting-value', r.text);
    }
    const port = await get(server, '/api/v1/settings/LDAP_Port', { auth: admin });
    assert.equal(port.body.value, 389);
    const missing = await post(server, '/api/v1/settings/LDAP_Port', { valu: 1 }, { auth: admin });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.success, false);
  });

  test('unknown and hidden ids stay 400', async () => {
    for (const id of ['No_Such_Setting', 'OTR_Count']) {
      const read = await get(server, `/api/v1/settings/${id}`, { auth: admin });
      assert.equal(read.status, 400, read.text);
      assert.deepEqual(read.body, { success: false });
      const write = await post(server, `/api/v1/settings/${id}`, { value: 1 }, { auth: admin });
      assert.equal(write.status, 400, write.text);
      assert.deepEqual(write.body, { success: false });
    }
  });

  test('settings.public has the whole public catalogue and nothing private', async () => {
    const r = await publicIds();
    const ids = r.body.settings.map((s) => s._id);
    assert.equal(r.body.total, ids.length);
    assert.equal(r.body.count, ids.length);
    assert.equal(r.body.offset, 0);
    assert.ok(ids.length > 250, `only ${ids.length} public settings`);
    for (const id of ['Site_Name', 'E2E_Enable', 'Layout_Home_Title', 'Accounts_OAuth_Gitlab', 'LDAP_Enable', 'Push_enable']) {
      assert.ok(ids.includes(id), `${id} missing`);
    }
    for (const id of ['SMTP_Password', 'SMTP_Host', 'Accounts_OAuth_Gitlab_secret', 'API_Enable_Rate_Limiter', 'OTR_Count']) {
      assert.ok(!ids.includes(id), `${id} is not public`);
    }
    assert.deepEqual([...ids].sort(), ids, 'in id order');

    // query narrows (here to one group), fields adds document fields, paging pages.
    const oauth = await publicIds(
      `&query=${encodeURIComponent(JSON.stringify({ group: 'OAuth' }))}&fields=${encodeURIComponent(JSON.stringify({ section: 1, type: 1 }))}`,
    );
    assert.ok(oauth.body.settings.length > 5);
    for (const s of oauth.body.settings) {
      assert.equal(typeof s.section, 'string', JSON.stringify(s));
      assert.ok(!/secret/.test(s._id), `${s._id} is private`);
    }
    const gitlab = oauth.body.settings.find((s) => s._id === 'Accounts_OAuth_Gitlab');
    assert.deepEqual(gitlab, { _id: 'Accounts_OAuth_Gitlab', value: false, enterprise: false, section: 'GitLab', type: 'boolean' });
    const page = await get(server, '/api/v1/settings.public?count=5&offset=10');
    assert.deepEqual(
      page.body.settings.map((s) => s._id),
      ids.slice(10, 15),
    );
    assert.equal(page.body.total, ids.length);
    const bad = await get(server, `/api/v1/settings.public?query=${encodeURIComponent('{"_id":{"$where":"1"}}')}`);
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.errorType, 'error-invalid-query');
  });

  test('settings.oauth lists no services: parley has no OAuth providers', async () => {
    const r = await get(server, '/api/v1/settings.oauth');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { services: [], success: true });
  });

  test('users without the permissions get Rocket.Chat\'s refusals and the public list', async () => {
    const read = await get(server, '/api/v1/settings/E2E_Enable', { auth: user });
    assert.equal(read.status, 403, read.text);
    assert.equal(read.body.success, false);
    assert.equal(read.body.error, 'unauthorized');
    const write = await post(server, '/api/v1/settings/E2E_Enable', { value: false }, { auth: user });
    assert.equal(write.status, 403, write.text);
    assert.equal(write.body.error, 'unauthorized');
    const still = await get(server, '/api/v1/settings/E2E_Enable', { auth: admin });
    assert.equal(still.body.value, true);
    const list = await get(server, '/api/v1/settings?count=0', { auth: user });
    assert.equal(list.status, 200, list.text);
    const ids = list.body.settings.map((s) => s._id);
    assert.ok(ids.includes('E2E_Enable'));
    assert.ok(!ids.includes('SMTP_Host'));
    const anonymous = await get(server, '/api/v1/settings?count=0');
    assert.equal(anonymous.status, 401, anonymous.text);
  });

  test('DDP: private-settings/get has the catalogue with sections; public-settings/get only public ones', async () => {
    const adminDdp = await ddpLoggedIn(server, ADMIN.username, ADMIN.password, clients);
    const all = await adminDdp.apply('private-settings/get', []);
    const byId = Object.fromEntries(all.map((s) => [s._id, s]));
    assert.equal(byId.SMTP_Host.value, 'mail.example.com');
    assert.equal(byId.SMTP_Host.section, 'SMTP');
    assert.equal(byId.SMTP_Host.group, 'Email');
    assert.equal(byId.SMTP_Password.type, 'password');
    assert.equal(byId.Layout_Home_Body.type, 'code');
    assert.deepEqual(byId.LDAP_Encryption.values.map((v) => v.key), ['plain', 'tls', 'ssl']);
    assert.equal(byId.OTR_Count, undefined, 'hidden');
    assert.equal(typeof byId.SMTP_Host._updatedAt?.$date, 'number');

    const anon = await ddpConnect(server);
    clients.push(anon);
    const pub = await anon.apply('public-settings/get', []);
    const pubIds = pub.map((s) => s._id);
    assert.ok(pubIds.includes('E2E_Enable'));
    assert.ok(!pubIds.includes('SMTP_Host'));
    // Changes since a date: the sections order was written last.
    const at = byId.Accounts_Default_User_Preferences_sidebarSectionsOrder._updatedAt.$date;
    const since = await anon.apply('public-settings/get', [{ $date: at - 1 }]);
    assert.deepEqual(since.remove, []);
    assert.ok(since.update.some((s) => s._id === 'Accounts_Default_User_Preferences_sidebarSectionsOrder'));
    assert.ok(since.update.every((s) => s.public));
    const none = await anon.apply('public-settings/get', [{ $date: at }]);
    assert.ok(!none.update.some((s) => s._id === 'Accounts_Default_User_Preferences_sidebarSectionsOrder'));
  });
});
