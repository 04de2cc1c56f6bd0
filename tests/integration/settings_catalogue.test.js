// Black-box: Rocket.Chat's whole settings catalogue against the real binary. A setting parley has
// no feature for is read, written, validated by its type, announced and kept across a restart;
// unknown ids stay 400; settings.public has the whole public set and nothing private; the
// settings.oauth shape; users without the permissions get Rocket.Chat's refusals. The groups
// registered outside Rocket.Chat's server/settings (Federation, SAML, Crowd, Assets) and the
// Enterprise edition's settings are there too, each read, written and validated by its type.
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

  // One sample a group among those transcribed from Rocket.Chat's SSO, federation, assets and
  // Enterprise registrations: [id, default, a value of the right type, values of a wrong type,
  // public, enterprise].
  const groupSamples = [
    ['Federation_Service_Enabled', false, true, ['yes', 1], true, true],
    ['Federation_Matrix_homeserver_url', 'http://localhost:8008', 'http://matrix:8008', [8008], false, false],
    ['CROWD_Sync_Interval', 'every_1_hour', 'every_6_hours', ['every_2_hours', 6], false, false],
    ['CROWD_Enable', false, true, ['true'], true, false],
    ['SAML_Custom_Default_provider', 'provider-name', 'corp-idp', [true], true, false],
    ['SAML_Custom_Default_allowed_clock_drift', 0, 5000, ['5', 1.5], false, false],
    ['SAML_Custom_Default_authn_context_comparison', 'exact', 'minimum', ['least'], false, true],
    ['Assets_logo', { defaultUrl: 'images/logo/logo.svg' }, { url: 'assets/logo.png', defaultUrl: 'images/logo/logo.svg' }, ['logo.png', 3], true, false],
    ['Enterprise_License', '', 'a-license', [3, null], false, false],
    ['LDAP_Background_Sync_Interval', 'every_24_hours', 'every_6_hours', ['every_day'], false, true],
    ['Livechat_max_queue_wait_time', -1, 30, ['30', 2.5], false, true],
    ['Livechat_hide_system_messages', ['uj', 'ul', 'livechat-close'], ['uj'], ['uj', ['nope']], true, true],
    ['Canned_Responses_Enable', true, false, ['no'], true, true],
    ['VideoConf_Disable_DMs', false, true, [0], true, true],
    ['Device_Management_Enable_Login_Emails', true, false, ['false'], true, true],
    ['Outlook_Calendar_Url_Mapping', '{}', '{"example.com":{}}', [{}], true, true],
    ['VoIP_TeamCollab_SIP_Server_Port', 5060, 5070, ['5070'], false, true],
    ['Apps_Logs_TTL', '30_days', '7_days', ['1_day'], true, false],
  ];

  test('the SSO, federation, assets and Enterprise groups: read, written and validated by type', async () => {
    for (const [id, initial, good, bads] of groupSamples) {
      const read = await get(server, `/api/v1/settings/${id}`, { auth: admin });
      assert.equal(read.status, 200, `${id}: ${read.text}`);
      assert.deepEqual(read.body, { _id: id, value: initial, success: true });
      for (const bad of bads) {
        const refused = await post(server, `/api/v1/settings/${id}`, { value: bad }, { auth: admin });
        assert.equal(refused.status, 400, `${id}=${JSON.stringify(bad)}: ${refused.text}`);
        assert.equal(refused.body.errorType, 'error-invalid-setting-value', refused.text);
      }
      const set = await post(server, `/api/v1/settings/${id}`, { value: good }, { auth: admin });
      assert.equal(set.status, 200, `${id}=${JSON.stringify(good)}: ${set.text}`);
      const again = await get(server, `/api/v1/settings/${id}`, { auth: admin });
      assert.deepEqual(again.body.value, good, id);
    }
    // Rocket.Chat's internal state in these groups stays out of reach, as do ids that are not
    // Rocket.Chat 7's (a SAML provider nobody added, a later release's AI group).
    for (const id of ['Enterprise_License_Data', 'FEDERATION_Test_Setup', 'SAML_Custom_Other_provider', 'AI_Intelligent_Search_Enabled']) {
      const read = await get(server, `/api/v1/settings/${id}`, { auth: admin });
      assert.equal(read.status, 400, `${id}: ${read.text}`);
      assert.deepEqual(read.body, { success: false });
    }
  });

  test('the public ones among them show in settings.public with their enterprise flag', async () => {
    const r = await publicIds();
    const byId = Object.fromEntries(r.body.settings.map((s) => [s._id, s]));
    for (const [id, , good, , isPublic, enterprise] of groupSamples) {
      if (!isPublic) {
        assert.equal(byId[id], undefined, `${id} is not public`);
        continue;
      }
      assert.deepEqual(byId[id], { _id: id, value: good, enterprise }, id);
    }
    for (const id of ['SAML_Custom_Default_cert', 'CROWD_APP_PASSWORD', 'Federation_Service_Matrix_Signing_Key']) {
      assert.equal(byId[id], undefined, `${id} is private`);
    }
    const admins = await get(server, '/api/v1/settings?count=0', { auth: admin });
    const groups = new Set(admins.body.settings.map((s) => s._id.split('_')[0]));
    for (const prefix of ['Federation', 'CROWD', 'SAML', 'Assets', 'Enterprise', 'VoIP', 'Outlook', 'Device']) {
      assert.ok(groups.has(prefix), `no ${prefix}_ setting listed for an admin`);
    }
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
    // The later groups carry Rocket.Chat's group, section and flags.
    assert.equal(byId.SAML_Custom_Default_cert.group, 'SAML');
    assert.equal(byId.SAML_Custom_Default_cert.section, 'SAML_Section_2_Certificate');
    assert.equal(byId.SAML_Custom_Default_cert.secret, true);
    assert.equal(byId.Canned_Responses_Enable.group, 'Omnichannel');
    assert.equal(byId.Canned_Responses_Enable.enterprise, true);
    assert.equal(byId.CROWD_Enable.group, 'AtlassianCrowd');
    assert.equal(byId.CROWD_Enable.enterprise, false);
    assert.equal(byId.FEDERATION_Enabled.readonly, true);
    assert.equal(byId.Assets_favicon_ico.type, 'asset');
    assert.deepEqual(byId.Assets_favicon_ico.packageValue, { defaultUrl: 'favicon.ico' });
    assert.deepEqual(
      byId.Livechat_Routing_Method.values.map((v) => v.key),
      ['External', 'Auto_Selection', 'Manual_Selection', 'Load_Balancing', 'Load_Rotation'],
    );
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
