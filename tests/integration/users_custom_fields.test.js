// Black-box: custom fields (issue 11, item 5) as Rocket.Chat handles them: the
// Accounts_CustomFields definition (required, minLength, maxLength, select options) checked
// on users.create, users.register, users.update and users.updateOwnBasicInfo, values shown in
// users.info, users.list and /me; dropped while the setting is blank, refused while it is not
// JSON; and rooms' customFields through channels.setCustomFields / groups.setCustomFields.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Fields-pass-1';
const DEFINITION = JSON.stringify({
  team: { type: 'select', required: true, options: ['red', 'blue'] },
  code: { type: 'text', minLength: 3, maxLength: 5 },
});

describe('custom fields', () => {
  let server;
  let admin;
  let n = 0;
  const setting = async (value) => {
    const r = await post(server, '/api/v1/settings/Accounts_CustomFields', { value }, { auth: admin });
    assert.equal(r.status, 200, r.text);
  };
  const fields = (customFields, extra = {}) => {
    const username = `cf${++n}`;
    return { username, name: username, email: `${username}@example.com`, password: PASSWORD, customFields, ...extra };
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });
  after(async () => server?.dispose());

  test('while blank, values are accepted and dropped', async () => {
    await setting('');
    const r = await post(server, '/api/v1/users.create', fields({ anything: 'x' }), { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.user.customFields, undefined);
  });

  test('users.create validates and stores only the defined fields', async () => {
    await setting(DEFINITION);
    const missingReq = fields({ code: 'abcd' });
    const missing = await post(server, '/api/v1/users.create', missingReq, { auth: admin });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.body.errorType, 'error-user-registration-custom-field');
    assert.equal(missing.body.error, 'Field team is required [error-user-registration-custom-field]');
    const option = await post(server, '/api/v1/users.create', fields({ team: 'green' }), { auth: admin });
    assert.equal(option.body.error, 'Value for field team is invalid [error-user-registration-custom-field]', option.text);
    const long = await post(server, '/api/v1/users.create', fields({ team: 'red', code: 'abcdef' }), { auth: admin });
    assert.equal(long.body.error, 'Max length of field code 5 [error-user-registration-custom-field]', long.text);
    const short = await post(server, '/api/v1/users.create', fields({ team: 'red', code: 'ab' }), { auth: admin });
    assert.equal(short.body.error, 'Min length of field code 3 [error-user-registration-custom-field]', short.text);
    const taken = fields({ team: 'red' });
    const refusedUser = await get(server, `/api/v1/users.info?username=${missingReq.username}`, { auth: admin });
    assert.equal(refusedUser.body.success, false, 'a refused create writes no user');

    const ok = await post(server, '/api/v1/users.create', { ...taken, customFields: { team: 'red', code: 'abcd', extra: 'no' } }, { auth: admin });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.user.customFields, { team: 'red', code: 'abcd' });
    const info = await get(server, `/api/v1/users.info?userId=${ok.body.user._id}`, { auth: admin });
    assert.deepEqual(info.body.user.customFields, { team: 'red', code: 'abcd' });
    const list = await get(server, '/api/v1/users.list?count=0', { auth: admin });
    assert.deepEqual(list.body.users.find((u) => u._id === ok.body.user._id).customFields, { team: 'red', code: 'abcd' });
    const auth = await login(server, taken.username, PASSWORD);
    const me = await get(server, '/api/v1/me', { auth });
    assert.deepEqual(me.body.customFields, { team: 'red', code: 'abcd' });
  });

  test('users.register, users.update and users.updateOwnBasicInfo validate and save', async () => {
    await setting(DEFINITION);
    const reg = fields(undefined);
    delete reg.password;
    const refused = await post(server, '/api/v1/users.register', { ...reg, pass: PASSWORD, customFields: { team: 'x' } });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.errorType, 'error-user-registration-custom-field');
    const ok = await post(server, '/api/v1/users.register', { ...reg, pass: PASSWORD, customFields: { team: 'blue' } });
    assert.equal(ok.status, 200, ok.text);
    const id = ok.body.user._id;

    const upd = await post(server, '/api/v1/users.update', { userId: id, data: { name: 'Changed', customFields: { team: 'nope' } } }, { auth: admin });
    assert.equal(upd.body.errorType, 'error-user-registration-custom-field', upd.text);
    let info = await get(server, `/api/v1/users.info?userId=${id}`, { auth: admin });
    assert.equal(info.body.user.name, reg.name, 'a refused update writes nothing');
    const upd2 = await post(server, '/api/v1/users.update', { userId: id, data: { customFields: { team: 'red', code: 'xyz' } } }, { auth: admin });
    assert.equal(upd2.status, 200, upd2.text);
    assert.deepEqual(upd2.body.user.customFields, { team: 'red', code: 'xyz' });

    const auth = await login(server, reg.username, PASSWORD);
    const own = await post(server, '/api/v1/users.updateOwnBasicInfo', { data: { nickname: 'n' }, customFields: { team: 'blue' } }, { auth });
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.body.user.customFields, { team: 'blue' });
    const ownBad = await post(server, '/api/v1/users.updateOwnBasicInfo', { data: { nickname: 'm' }, customFields: { team: 'pink' } }, { auth });
    assert.equal(ownBad.body.errorType, 'error-user-registration-custom-field', ownBad.text);
    info = await get(server, `/api/v1/users.info?userId=${id}`, { auth: admin });
    assert.equal(info.body.user.nickname, 'n', 'the refused call changed nothing');
  });

  test('a definition that is not JSON is a clear error, never a crash', async () => {
    await setting('{ not json');
    const r = await post(server, '/api/v1/users.create', fields({ team: 'red' }), { auth: admin });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.errorType, 'error-invalid-customfield-json');
    assert.equal(r.body.error, 'Invalid JSON for Custom Fields [error-invalid-customfield-json]');
    const plain = await post(server, '/api/v1/users.create', fields(undefined), { auth: admin });
    assert.equal(plain.status, 200, 'users without custom fields are still created');
    await setting('');
  });

  test('channels.setCustomFields and groups.setCustomFields replace the room\'s customFields', async () => {
    const c = await post(server, '/api/v1/channels.create', { name: `cf-room-${Date.now()}` }, { auth: admin });
    assert.equal(c.status, 200, c.text);
    const set = await post(server, '/api/v1/channels.setCustomFields', { roomId: c.body.channel._id, customFields: { field9: 'value9' } }, { auth: admin });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.channel._id, c.body.channel._id);
    assert.deepEqual(set.body.channel.customFields, { field9: 'value9' });
    const again = await post(server, '/api/v1/channels.setCustomFields', { roomName: c.body.channel.name, customFields: { other: 1 } }, { auth: admin });
    assert.deepEqual(again.body.channel.customFields, { other: 1 }, again.text);
    const info = await get(server, `/api/v1/channels.info?roomId=${c.body.channel._id}`, { auth: admin });
    assert.deepEqual(info.body.channel.customFields, { other: 1 });

    const missing = await post(server, '/api/v1/channels.setCustomFields', { roomId: c.body.channel._id }, { auth: admin });
    assert.deepEqual(missing.body, { success: false, error: 'The bodyParam "customFields" is required with a type like object.' });
    const u = await createUser(server, admin, fields(undefined));
    const auth = await login(server, u.username, PASSWORD);
    await post(server, '/api/v1/channels.join', { roomId: c.body.channel._id }, { auth });
    const denied = await post(server, '/api/v1/channels.setCustomFields', { roomId: c.body.channel._id, customFields: { a: 1 } }, { auth });
    assert.equal(denied.status, 400, denied.text);
    assert.equal(denied.body.errorType, 'error-action-not-allowed');

    const g = await post(server, '/api/v1/groups.create', { name: `cf-group-${Date.now()}` }, { auth: admin });
    const gs = await post(server, '/api/v1/groups.setCustomFields', { roomId: g.body.group._id, customFields: { g: 'x' } }, { auth: admin });
    assert.equal(gs.status, 200, gs.text);
    assert.deepEqual(gs.body.group.customFields, { g: 'x' });
    const wrongFamily = await post(server, '/api/v1/channels.setCustomFields', { roomId: g.body.group._id, customFields: { g: 'y' } }, { auth: admin });
    assert.equal(wrongFamily.status, 400, wrongFamily.text);
  });
});
