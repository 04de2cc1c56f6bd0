// Black-box: personal access tokens (issue 11, item 7) as Rocket.Chat answers them: the
// second factor by password (X-2fa-Code: sha256 of the password, X-2fa-Method: password) on
// generate, regenerate and remove, with RC's totp-required / totp-invalid shapes; the token
// logging in as X-Auth-Token; listing; unique names; create-personal-access-tokens; and
// logoutOtherClients keeping personal tokens.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Tokens-pass-1';
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const twoFactor = (password = PASSWORD) => ({ 'X-2fa-Code': sha256(password), 'X-2fa-Method': 'password' });

describe('personal access tokens', () => {
  let server;
  let admin;
  let n = 0;
  const clients = [];
  const fresh = async () => {
    const username = `pat${++n}`;
    const user = await createUser(server, admin, { username, name: username, email: `${username}@example.com`, password: PASSWORD });
    return { user, auth: await login(server, username, PASSWORD) };
  };

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
  });
  after(async () => {
    for (const c of clients) c.terminate();
    await server?.dispose();
  });

  test('generating needs the password as second factor, in RC\'s shape', async () => {
    const { auth } = await fresh();
    const none = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' }, { auth });
    assert.equal(none.status, 400, none.text);
    assert.deepEqual(none.body, {
      success: false,
      error: 'TOTP Required [totp-required]',
      errorType: 'totp-required',
      details: { method: 'password', codeGenerated: false, availableMethods: [] },
    });
    const wrong = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' }, { auth, headers: twoFactor('nope') });
    assert.equal(wrong.body.errorType, 'totp-invalid', wrong.text);
    const list = await get(server, '/api/v1/users.getPersonalAccessTokens', { auth });
    assert.deepEqual(list.body, { tokens: [], success: true }, 'nothing was created');
  });

  test('a token is made, listed, logs in, is regenerated and removed', async () => {
    const { user, auth } = await fresh();
    const made = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci', bypassTwoFactor: true }, { auth, headers: twoFactor() });
    assert.equal(made.status, 200, made.text);
    assert.equal(made.body.success, true);
    const token = made.body.token;
    assert.match(token, /^[\w-]{43}$/);

    const list = await get(server, '/api/v1/users.getPersonalAccessTokens', { auth });
    assert.equal(list.body.tokens.length, 1, list.text);
    const [entry] = list.body.tokens;
    assert.equal(entry.name, 'ci');
    assert.equal(entry.lastTokenPart, token.slice(-6));
    assert.equal(entry.bypassTwoFactor, true);
    assert.match(entry.createdAt, /^\d{4}-\d\d-\d\dT/);

    const patAuth = { userId: user._id, authToken: token };
    const me = await get(server, '/api/v1/me', { auth: patAuth });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body._id, user._id);
    // bypassTwoFactor: requests made with it skip the password.
    const second = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci2' }, { auth: patAuth });
    assert.equal(second.status, 200, second.text);

    const dup = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' }, { auth, headers: twoFactor() });
    assert.equal(dup.body.errorType, 'error-token-already-exists', dup.text);

    const re = await post(server, '/api/v1/users.regeneratePersonalAccessToken', { tokenName: 'ci' }, { auth, headers: twoFactor() });
    assert.equal(re.status, 200, re.text);
    assert.notEqual(re.body.token, token);
    assert.equal((await get(server, '/api/v1/me', { auth: patAuth })).status, 401, 'the old token stops working');
    const reList = await get(server, '/api/v1/users.getPersonalAccessTokens', { auth });
    assert.equal(reList.body.tokens.find((t) => t.name === 'ci').bypassTwoFactor, true, 'the choice is kept');

    const removed = await post(server, '/api/v1/users.removePersonalAccessToken', { tokenName: 'ci' }, { auth, headers: twoFactor() });
    assert.deepEqual(removed.body, { success: true }, removed.text);
    assert.equal((await get(server, '/api/v1/me', { auth: { userId: user._id, authToken: re.body.token } })).status, 401);
    const again = await post(server, '/api/v1/users.removePersonalAccessToken', { tokenName: 'ci' }, { auth, headers: twoFactor() });
    assert.equal(again.body.errorType, 'error-token-does-not-exists', again.text);
    const reMissing = await post(server, '/api/v1/users.regeneratePersonalAccessToken', { tokenName: 'nope' }, { auth, headers: twoFactor() });
    assert.equal(reMissing.body.errorType, 'error-token-does-not-exists', reMissing.text);
    const noName = await post(server, '/api/v1/users.removePersonalAccessToken', {}, { auth, headers: twoFactor() });
    assert.deepEqual(noName.body, { success: false, error: "The 'tokenName' param is required" });
  });

  test('logoutOtherClients and removeOtherTokens keep personal access tokens', async () => {
    const { user, auth } = await fresh();
    const made = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'keep' }, { auth, headers: twoFactor() });
    assert.equal(made.status, 200, made.text);
    const other = await login(server, user.username, PASSWORD);
    const r = await post(server, '/api/v1/users.logoutOtherClients', {}, { auth });
    assert.equal(r.status, 200, r.text);
    assert.equal((await get(server, '/api/v1/me', { auth: other })).status, 401);
    assert.equal((await get(server, '/api/v1/me', { auth: { userId: user._id, authToken: made.body.token } })).status, 200);
    await post(server, '/api/v1/users.removeOtherTokens', {}, { auth });
    assert.equal((await get(server, '/api/v1/me', { auth: { userId: user._id, authToken: made.body.token } })).status, 200);
  });

  test('the DDP methods of RC\'s account page do the same', async () => {
    const { user, auth } = await fresh();
    const ddp = await ddpLoggedIn(server, user.username, PASSWORD, clients);
    const refused = await ddp.call('personalAccessTokens:generateToken', [{ tokenName: 'web', bypassTwoFactor: false }]);
    assert.equal(refused.error?.error, 'totp-required', JSON.stringify(refused));
    assert.equal(refused.error?.details?.method, 'password');
    const code = { twoFactorCode: sha256(PASSWORD), twoFactorMethod: 'password' };
    const made = await ddp.call('personalAccessTokens:generateToken', [{ tokenName: 'web', bypassTwoFactor: false }, code]);
    assert.match(made.result, /^[\w-]{43}$/, JSON.stringify(made));
    const re = await ddp.call('personalAccessTokens:regenerateToken', [{ tokenName: 'web' }, code]);
    assert.match(re.result, /^[\w-]{43}$/, JSON.stringify(re));
    assert.notEqual(re.result, made.result);
    const listed = await get(server, '/api/v1/users.getPersonalAccessTokens', { auth });
    assert.deepEqual(listed.body.tokens.map((t) => t.lastTokenPart), [re.result.slice(-6)]);
    const removed = await ddp.call('personalAccessTokens:removeToken', [{ tokenName: 'web' }, code]);
    assert.equal(removed.error, undefined, JSON.stringify(removed));
    const again = await ddp.call('personalAccessTokens:removeToken', [{ tokenName: 'web' }, code]);
    assert.equal(again.error?.error, 'error-token-does-not-exists', JSON.stringify(again));
  });

  test('without create-personal-access-tokens: not-authorized', async () => {
    const { auth } = await fresh();
    const take = await post(server, '/api/v1/permissions.update', { permissions: [{ _id: 'create-personal-access-tokens', roles: ['admin'] }] }, { auth: admin });
    assert.equal(take.status, 200, take.text);
    const list = await get(server, '/api/v1/users.getPersonalAccessTokens', { auth });
    const gen = await post(server, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'x' }, { auth, headers: twoFactor() });
    await post(server, '/api/v1/permissions.update', { permissions: [{ _id: 'create-personal-access-tokens', roles: ['admin', 'user'] }] }, { auth: admin });
    assert.equal(list.status, 400, list.text);
    assert.equal(list.body.errorType, 'not-authorized');
    assert.equal(gen.body.errorType, 'not-authorized', gen.text);
  });
});
