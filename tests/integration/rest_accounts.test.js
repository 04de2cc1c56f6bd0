// Black-box: accounts over REST (rc-api.md §1.4-1.6, §6.1-6.3) against the real binary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN,
  assertServes,
  createUser,
  get,
  login,
  loginAdmin,
  post,
  startServer,
} from './server.js';

const LOGGED_OUT = 'You must be logged in to do this.';

function assertUnauthorized(r) {
  assert.equal(r.status, 401, r.text);
  assert.equal(r.body?.success, false, r.text);
  assert.equal(r.body.status, 'error', r.text);
  assert.equal(r.body.message, LOGGED_OUT, r.text);
  assert.equal(r.body.error, LOGGED_OUT, r.text);
}

function assertFailure(r, status, errorType) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.success, false, r.text);
  if (errorType) assert.equal(r.body.errorType, errorType, r.text);
}

describe('REST accounts', () => {
  let server;
  let admin;

  before(async () => {
    server = await startServer({
      env: {
        // Failed logins in this file must not trip the IP limiter.
        OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip: '1000',
      },
    });
    admin = await loginAdmin(server);
  });

  after(async () => {
    await server?.dispose();
  });

  test('GET /api/info answers anonymously with a version', async () => {
    const r = await get(server, '/api/info');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(typeof r.body.version, 'string');
    assert.match(r.body.version, /^\d+\.\d+/);
    assert.match(r.headers.get('content-type') || '', /application\/json/);
  });

  test('unknown route is 404 Resource not found', async () => {
    const r = await get(server, '/api/v1/no.such.endpoint');
    assert.equal(r.status, 404, r.text);
    assert.deepEqual(r.body, { success: false, error: 'Resource not found' });
  });

  test('login by username returns the RC shape', async () => {
    const r = await post(server, '/api/v1/login', { user: ADMIN.username, password: ADMIN.password });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'success');
    assert.equal(r.body.success, true);
    const { userId, authToken, me } = r.body.data;
    assert.equal(typeof userId, 'string');
    assert.ok(userId.length > 0);
    assert.equal(typeof authToken, 'string');
    assert.ok(authToken.length >= 43, `token too short: ${authToken}`);
    assert.equal(me._id, userId);
    assert.equal(me.username, ADMIN.username);
    assert.ok(Array.isArray(me.roles) && me.roles.includes('admin'), JSON.stringify(me.roles));
    assert.ok(Array.isArray(me.emails), JSON.stringify(me));
    assert.equal(me.emails[0].address, ADMIN.email);
    assert.equal(typeof me.status, 'string');
    assert.equal(typeof me.avatarUrl, 'string');
    assert.match(me.avatarUrl, /^https?:\/\/.+\/avatar\/admin$/);
    assert.doesNotMatch(r.text, /argon2|bcrypt|\$2[aby]\$/, 'response leaks a password hash');
  });

  test('login by {username} and by email', async () => {
    const a = await post(server, '/api/v1/login', { username: ADMIN.username, password: ADMIN.password });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.data.userId, admin.userId);
    const b = await post(server, '/api/v1/login', { user: ADMIN.email, password: ADMIN.password });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.body.data.userId, admin.userId);
    assert.notEqual(a.body.data.authToken, b.body.data.authToken, 'every login gets its own token');
  });

  test('login with {resume} returns the same user', async () => {
    const r = await post(server, '/api/v1/login', { resume: admin.authToken });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'success');
    assert.equal(r.body.data.userId, admin.userId);
    assert.equal(typeof r.body.data.authToken, 'string');
  });

  test('login with a bad resume token is 401', async () => {
    const r = await post(server, '/api/v1/login', { resume: 'x'.repeat(43) });
    assert.equal(r.status, 401, r.text);
    assert.equal(r.body.success, false);
  });

  test('wrong password: 401 with error 403 (a number) and "Incorrect password"', async () => {
    const r = await post(server, '/api/v1/login', { user: ADMIN.username, password: 'wrong' });
    assert.equal(r.status, 401, r.text);
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.success, false);
    assert.equal(r.body.error, 403);
    assert.equal(typeof r.body.error, 'number');
    assert.equal(r.body.message, 'Incorrect password');
  });

  test('unknown user: 401 with error "Unauthorized"', async () => {
    const r = await post(server, '/api/v1/login', { user: 'nobody-here', password: 'whatever' });
    assert.equal(r.status, 401, r.text);
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.success, false);
    assert.equal(r.body.error, 'Unauthorized');
    assert.equal(r.body.message, 'Unauthorized');
  });

  test('GET /api/v1/me with and without auth', async () => {
    const r = await get(server, '/api/v1/me', { auth: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body._id, admin.userId);
    assert.equal(r.body.username, ADMIN.username);
    assert.ok(r.body.roles.includes('admin'));
    assert.equal(r.body.emails[0].address, ADMIN.email);

    assertUnauthorized(await get(server, '/api/v1/me'));
    assertUnauthorized(await get(server, '/api/v1/me', { auth: { userId: admin.userId, authToken: 'nope' } }));
    assertUnauthorized(await get(server, '/api/v1/me', { auth: { userId: 'someone-else', authToken: admin.authToken } }));
    assertUnauthorized(
      await get(server, '/api/v1/me', { headers: { 'X-User-Id': admin.userId } }),
    );
  });

  test('POST logout ends that token only', async () => {
    const a = await loginAdmin(server);
    const b = await loginAdmin(server);
    const r = await post(server, '/api/v1/logout', undefined, { auth: a });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { status: 'success', data: { message: "You've been logged out!" }, success: true });
    assertUnauthorized(await get(server, '/api/v1/me', { auth: a }));
    const still = await get(server, '/api/v1/me', { auth: b });
    assert.equal(still.status, 200, 'another token of the same user stays valid');
    const again = await post(server, '/api/v1/login', { resume: a.authToken });
    assert.equal(again.status, 401, 'a logged-out token cannot resume');
  });

  test('GET logout works too (sdk 0.2.9)', async () => {
    const a = await loginAdmin(server);
    const r = await get(server, '/api/v1/logout', { auth: a });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'success');
    assert.equal(r.body.data.message, "You've been logged out!");
    assertUnauthorized(await get(server, '/api/v1/me', { auth: a }));
  });

  test('logout without auth is 401', async () => {
    assertUnauthorized(await post(server, '/api/v1/logout', undefined));
  });

  test('users.create (admin) returns the user, who can then log in', async () => {
    const r = await post(
      server,
      '/api/v1/users.create',
      { email: 'alice@example.com', name: 'Alice Liddell', password: 'alice-pass-1', username: 'alice' },
      { auth: admin },
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    const u = r.body.user;
    assert.equal(typeof u._id, 'string');
    assert.equal(u.username, 'alice');
    assert.equal(u.name, 'Alice Liddell');
    assert.equal(u.emails[0].address, 'alice@example.com');
    assert.deepEqual(u.roles, ['user']);
    assert.equal(u.active, true);
    assert.equal(u.type, 'user');
    assert.equal(typeof u.status, 'string');
    assert.ok(!JSON.stringify(r.body).includes('alice-pass-1'), 'password echoed back');

    const alice = await login(server, 'alice', 'alice-pass-1');
    assert.equal(alice.userId, u._id);
    assert.deepEqual(alice.me.roles, ['user']);
    const byEmail = await login(server, 'alice@example.com', 'alice-pass-1');
    assert.equal(byEmail.userId, u._id);
  });

  test('users.create with roles and a non-ASCII password', async () => {
    const pass = 'pässwörd-✓-密码';
    const u = await createUser(server, admin, {
      email: 'bob@example.com',
      name: 'Bob',
      password: pass,
      username: 'bob',
      roles: ['user', 'bot'],
    });
    assert.ok(u.roles.includes('bot'), JSON.stringify(u.roles));
    const bob = await login(server, 'bob', pass);
    assert.equal(bob.userId, u._id);
  });

  test('users.create refusals', async () => {
    // duplicate username
    const dup = await post(
      server,
      '/api/v1/users.create',
      { email: 'other@example.com', name: 'Other', password: 'x-pass-123', username: 'alice' },
      { auth: admin },
    );
    assertFailure(dup, 400, 'error-field-unavailable');
    // duplicate email
    const dupMail = await post(
      server,
      '/api/v1/users.create',
      { email: 'alice@example.com', name: 'Other', password: 'x-pass-123', username: 'alice2' },
      { auth: admin },
    );
    assertFailure(dupMail, 400);
    // missing fields
    for (const missing of ['email', 'name', 'password', 'username']) {
      const body = { email: 'm@example.com', name: 'M', password: 'm-pass-123', username: 'mmm' };
      delete body[missing];
      const r = await post(server, '/api/v1/users.create', body, { auth: admin });
      assertFailure(r, 400);
    }
    // no auth
    assertUnauthorized(
      await post(server, '/api/v1/users.create', { email: 'n@example.com', name: 'N', password: 'n-pass-1', username: 'nnn' }),
    );
    // not an admin
    const alice = await login(server, 'alice', 'alice-pass-1');
    const r = await post(
      server,
      '/api/v1/users.create',
      { email: 'c@example.com', name: 'C', password: 'c-pass-123', username: 'carol' },
      { auth: alice },
    );
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.success, false);
    assert.match(JSON.stringify(r.body), /unauthorized/i);
    // nothing was created by the refused calls
    const info = await get(server, '/api/v1/users.info?username=carol', { auth: admin });
    assert.equal(info.status, 400, info.text);
  });

  test('users.create with active:false: that user cannot log in', async () => {
    const u = await createUser(server, admin, {
      email: 'sleepy@example.com',
      name: 'Sleepy',
      password: 'sleepy-pass-1',
      username: 'sleepy',
      active: false,
    });
    assert.equal(u.active, false);
    const r = await post(server, '/api/v1/login', { user: 'sleepy', password: 'sleepy-pass-1' });
    assert.notEqual(r.status, 200, r.text);
    assert.equal(r.body.success, false);
  });

  test('users.register (Public by default) creates a user who can log in', async () => {
    const r = await post(server, '/api/v1/users.register', {
      username: 'dave',
      email: 'dave@example.com',
      pass: 'dave-pass-1',
      name: 'Dave',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    assert.equal(r.body.user.username, 'dave');
    assert.equal(typeof r.body.user._id, 'string');
    assert.ok(!JSON.stringify(r.body).includes('dave-pass-1'));
    const dave = await login(server, 'dave', 'dave-pass-1');
    assert.equal(dave.userId, r.body.user._id);
    assert.ok(!dave.me.roles.includes('admin'), 'a self-registered user is no admin');

    const dup = await post(server, '/api/v1/users.register', {
      username: 'dave',
      email: 'dave2@example.com',
      pass: 'dave-pass-1',
      name: 'Dave 2',
    });
    assertFailure(dup, 400);
    const missing = await post(server, '/api/v1/users.register', { username: 'eve', email: 'eve@example.com', name: 'Eve' });
    assertFailure(missing, 400);
  });

  test('users.info by userId and by username; unknown is error-invalid-user', async () => {
    const byName = await get(server, '/api/v1/users.info?username=alice', { auth: admin });
    assert.equal(byName.status, 200, byName.text);
    assert.equal(byName.body.success, true);
    assert.equal(byName.body.user.username, 'alice');
    const id = byName.body.user._id;
    const byId = await get(server, `/api/v1/users.info?userId=${encodeURIComponent(id)}`, { auth: admin });
    assert.equal(byId.status, 200, byId.text);
    assert.equal(byId.body.user._id, id);
    assert.equal(byId.body.user.name, 'Alice Liddell');
    assert.equal(byId.body.user.active, true);
    assert.equal(byId.body.user.type, 'user');
    assert.ok(!JSON.stringify(byId.body).includes('alice-pass-1'));

    assertFailure(await get(server, '/api/v1/users.info?username=nobody-at-all', { auth: admin }), 400, 'error-invalid-user');
    assertFailure(await get(server, '/api/v1/users.info?userId=NoSuchId000000000', { auth: admin }), 400, 'error-invalid-user');
    const none = await get(server, '/api/v1/users.info', { auth: admin });
    assertFailure(none, 400);
    assertUnauthorized(await get(server, '/api/v1/users.info?username=alice'));
  });

  test('users.list pages with count/offset/total', async () => {
    for (let i = 0; i < 5; i++) {
      await createUser(server, admin, {
        email: `page${i}@example.com`,
        name: `Page ${i}`,
        password: `page-pass-${i}`,
        username: `page${i}`,
      });
    }
    const all = await get(server, '/api/v1/users.list', { auth: admin });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.success, true);
    const total = all.body.total;
    assert.equal(typeof total, 'number');
    // admin, alice, bob, sleepy, dave, page0..4 at least
    assert.ok(total >= 10, `total ${total}`);
    assert.equal(all.body.offset, 0);
    assert.equal(all.body.count, all.body.users.length);
    assert.equal(all.body.users.length, Math.min(total, 50), 'default count is 50');
    for (const u of all.body.users) {
      assert.equal(typeof u._id, 'string');
      assert.equal(typeof u.username, 'string');
    }
    const names = all.body.users.map((u) => u.username);
    for (const n of ['admin', 'alice', 'bob', 'dave', 'page0', 'page4']) assert.ok(names.includes(n), `${n} missing`);

    const seen = new Set();
    for (let offset = 0; offset < total; offset += 3) {
      const p = await get(server, `/api/v1/users.list?count=3&offset=${offset}`, { auth: admin });
      assert.equal(p.status, 200, p.text);
      assert.equal(p.body.offset, offset);
      assert.equal(p.body.total, total);
      assert.equal(p.body.count, p.body.users.length);
      assert.equal(p.body.users.length, Math.min(3, total - offset));
      for (const u of p.body.users) {
        assert.ok(!seen.has(u._id), `user ${u.username} on two pages`);
        seen.add(u._id);
      }
    }
    assert.equal(seen.size, total, 'pages cover every user once');

    const past = await get(server, `/api/v1/users.list?count=3&offset=${total + 5}`, { auth: admin });
    assert.equal(past.status, 200, past.text);
    assert.deepEqual(past.body.users, []);
    assert.equal(past.body.count, 0);
    assert.equal(past.body.total, total);

    const unlimited = await get(server, '/api/v1/users.list?count=0', { auth: admin });
    assert.equal(unlimited.status, 200, unlimited.text);
    assert.equal(unlimited.body.users.length, total, 'count=0 means all (API_Allow_Infinite_Count)');

    // The legacy query/fields params are accepted (and may be ignored).
    const legacy = await get(
      server,
      `/api/v1/users.list?fields=${encodeURIComponent('{"username":1}')}&query=${encodeURIComponent('{"status":{"$ne":"offline"}}')}`,
      { auth: admin },
    );
    assert.equal(legacy.status, 200, legacy.text);
    assert.ok(Array.isArray(legacy.body.users));

    assertUnauthorized(await get(server, '/api/v1/users.list'));
  });

  test('the server still serves after all of the above', async () => {
    await assertServes(server, admin);
  });

  test('SIGTERM: exit code 0', async () => {
    await server.stopClean();
  });
});

describe('REST accounts with Accounts_RegistrationForm=Disabled', () => {
  let server;

  before(async () => {
    server = await startServer({ env: { OVERWRITE_SETTING_Accounts_RegistrationForm: 'Disabled' } });
  });

  after(async () => {
    await server?.dispose();
  });

  test('users.register is refused and creates nobody', async () => {
    const r = await post(server, '/api/v1/users.register', {
      username: 'mallory',
      email: 'mallory@example.com',
      pass: 'mallory-pass-1',
      name: 'Mallory',
    });
    assert.ok(r.status === 400 || r.status === 403, `status ${r.status}: ${r.text}`);
    assert.equal(r.body.success, false);
    const login = await post(server, '/api/v1/login', { user: 'mallory', password: 'mallory-pass-1' });
    assert.equal(login.status, 401, login.text);
  });

  test('the admin from the environment still logs in and can create users', async () => {
    const admin = await loginAdmin(server);
    const u = await createUser(server, admin, {
      email: 'made@example.com',
      name: 'Made',
      password: 'made-pass-1',
      username: 'made',
    });
    assert.equal(u.username, 'made');
    await server.stopClean();
  });
});
