// Black-box: stream-notify-user `<uid>/userData`, which RC 7's web client follows for its own
// user (client/lib/userData.ts): {type: 'updated', id, diff, unset} whenever the user's status,
// name, username, roles, active flag or avatar changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('stream-notify-user <uid>/userData', () => {
  let server;
  let admin;
  let user;
  let ddp;
  const clients = [];

  const userData = (from, pred) =>
    ddp.waitFor(
      (f) => f.msg === 'changed' && f.collection === 'stream-notify-user' && f.fields?.eventName === `${user._id}/userData` && pred(f.fields.args[0]),
      { from, what: 'userData event' },
    );

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    user = await createUser(server, admin, { username: 'uma', name: 'Uma', email: 'uma@example.com', password: PASSWORD });
    ddp = await ddpLoggedIn(server, 'uma', PASSWORD, clients);
    const sub = await ddp.sub('stream-notify-user', [`${user._id}/userData`, { useCollection: false, args: [] }]);
    assert.equal(sub.msg, 'ready');
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stop();
  });

  test('a chosen status arrives as {type: updated, id, diff: {status, statusText}, unset: {}}', async () => {
    const from = ddp.frames.length;
    const r = await ddp.call('setUserStatus', ['busy', 'in a meeting']);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const ev = await userData(from, (d) => d.diff?.status === 'busy');
    assert.deepEqual(ev.fields.args[0], {
      type: 'updated',
      id: user._id,
      diff: { status: 'busy', statusText: 'in a meeting' },
      unset: {},
    });
  });

  test('an admin renaming the user sends the new name and username', async () => {
    const from = ddp.frames.length;
    const r = await post(server, '/api/v1/users.update', { userId: user._id, data: { name: 'Uma Thurman', username: 'uma2' } }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    const ev = await userData(from, (d) => d.diff?.name === 'Uma Thurman');
    assert.equal(ev.fields.args[0].diff.username, 'uma2');
    assert.equal(ev.fields.args[0].type, 'updated');
  });

  test('roles changed by an admin are sent', async () => {
    const from = ddp.frames.length;
    const r = await post(server, '/api/v1/users.update', { userId: user._id, data: { roles: ['user', 'bot'] } }, { auth: admin });
    assert.equal(r.status, 200, r.text);
    const ev = await userData(from, (d) => Array.isArray(d.diff?.roles));
    assert.deepEqual(ev.fields.args[0].diff.roles, ['user', 'bot']);
  });

  test('another user cannot follow it', async () => {
    const other = await ddpLoggedIn(server, 'admin', 'admin-Pa55word!', clients);
    const sub = await other.sub('stream-notify-user', [`${user._id}/userData`, { useCollection: false, args: [] }]);
    assert.equal(sub.msg, 'nosub');
  });
});
