// Black-box: what RC 7 added around teams (apps/meteor/app/api/server/v1/teams.ts, rooms.ts and
// server/services/team/service.ts): teams.update (the team's and its main room's name and
// type), teams.listChildren (the team's rooms and the main room's discussions a member may
// see), rooms.info's `team` and `parent`, and subscriptions of team rooms carrying `teamId` /
// `teamMain` (ISubscription has both; RC's own clients copy them from the room).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';

describe('teams: update, children, room info, subscriptions', () => {
  let server;
  let admin;
  const users = {};
  const clients = [];
  let team; // crew: public, owned by ann, with bob
  let pub; // #crew-chat: public, in the team (ann)
  let priv; // crew-secret: private, in the team (ann only)
  let bobRoom; // crew-bob: private, in the team (bob's)
  let mainDiscussion; // a discussion of the main room
  let outsideDiscussion; // a discussion of #crew-chat: not a child of the team

  const as = (name) => (name === 'admin' ? admin : users[name].auth);
  const call = (name, route, body) => post(server, `/api/v1/${route}`, body, { auth: as(name) });
  const read = (name, route) => get(server, `/api/v1/${route}`, { auth: as(name) });
  const ok = (r) => {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r.body;
  };
  const refused = (r, status, error, errorType) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.error, error);
    assert.equal(r.body.errorType, errorType);
  };
  const invalidParams = (r) => {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errorType, 'invalid-params', r.text);
  };
  const children = async (name, query) => ok(await read(name, `teams.listChildren?${query}`));
  const ids = (rooms) => rooms.map((r) => r._id).sort();

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const name of ['ann', 'bob', 'cat']) {
      const user = await createUser(server, admin, {
        username: name, name: name.toUpperCase(), email: `${name}@example.com`, password: PASSWORD, joinDefaultChannels: false,
      });
      users[name] = { user, auth: await login(server, name, PASSWORD) };
    }
    team = ok(await call('ann', 'teams.create', { name: 'crew', type: 0, members: ['bob'] })).team;
    pub = ok(await call('ann', 'channels.create', { name: 'crew-chat' })).channel;
    priv = ok(await call('ann', 'groups.create', { name: 'crew-secret' })).group;
    bobRoom = ok(await call('bob', 'groups.create', { name: 'crew-bob' })).group;
    ok(await call('ann', 'teams.addRooms', { teamId: team._id, rooms: [pub._id, priv._id] }));
    // bob adds his own group as a team owner for a moment (add-team-channel), then is a member.
    const member = (roles) => ({ teamId: team._id, member: { userId: users.bob.user._id, roles } });
    ok(await call('ann', 'teams.updateMember', member(['owner'])));
    ok(await call('bob', 'teams.addRooms', { teamId: team._id, rooms: [bobRoom._id] }));
    ok(await call('ann', 'teams.updateMember', member([])));
    mainDiscussion = ok(await call('ann', 'rooms.createDiscussion', { prid: team.roomId, t_name: 'crew talk' })).discussion;
    outsideDiscussion = ok(await call('ann', 'rooms.createDiscussion', { prid: pub._id, t_name: 'chat talk' })).discussion;
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stopClean();
  });

  test('teams.listChildren lists the team rooms and main-room discussions a member may see', async () => {
    const ann = await children('ann', `teamId=${team._id}`);
    assert.deepEqual(ids(ann.data), [team.roomId, pub._id, priv._id, mainDiscussion._id].sort());
    assert.equal(ann.total, 4);
    assert.equal(ann.offset, 0);
    assert.equal(typeof ann.count, 'number', 'RC echoes the page size asked for');
    assert.ok(!ann.data.some((r) => r._id === outsideDiscussion._id), 'discussions of other team rooms are not children');
    assert.ok(!ann.data.some((r) => r._id === bobRoom._id), "bob's private room is not ann's to see");
    assert.equal(ann.data[0]._id, team.roomId, 'oldest first');
    assert.equal(ann.data.find((r) => r._id === team.roomId).teamMain, true);

    // bob: the public ones, his own group, and the main room's discussion (a channel: public).
    const bob = await children('bob', `teamName=crew`);
    assert.deepEqual(ids(bob.data), [team.roomId, pub._id, bobRoom._id, mainDiscussion._id].sort());
    const byRoom = await children('bob', `roomId=${pub._id}`);
    assert.deepEqual(ids(byRoom.data), ids(bob.data), 'any room of the team names it');
  });

  test('teams.listChildren filters by type and name and pages', async () => {
    const channels = await children('ann', `teamId=${team._id}&type=channels`);
    assert.equal(channels.total, 3);
    assert.ok(channels.data.every((r) => !r.prid));
    const discussions = await children('ann', `teamId=${team._id}&type=discussions`);
    assert.deepEqual(ids(discussions.data), [mainDiscussion._id]);
    assert.ok(discussions.data.every((r) => r.prid === team.roomId));
    const named = await children('ann', `teamId=${team._id}&filter=SECRET`);
    assert.deepEqual(ids(named.data), [priv._id], 'a part of the name, any case');
    const byFname = await children('ann', `teamId=${team._id}&filter=crew%20talk`);
    assert.deepEqual(ids(byFname.data), [mainDiscussion._id], 'discussions match by fname');
    const page = await children('ann', `teamId=${team._id}&offset=1&count=2`);
    assert.equal(page.total, 4);
    assert.equal(page.data.length, 2);
    assert.equal(page.count, 2);
    assert.equal(page.offset, 1);
  });

  test('teams.listChildren refuses what RC refuses', async () => {
    invalidParams(await read('ann', 'teams.listChildren'));
    invalidParams(await read('ann', `teams.listChildren?teamId=${team._id}&teamName=crew`));
    invalidParams(await read('ann', `teams.listChildren?teamId=${team._id}&type=other`));
    for (const query of ['teamId=nope', 'teamId=', 'teamName=nope', 'teamName=', 'roomId=']) {
      const r = await read('ann', `teams.listChildren?${query}`);
      assert.equal(r.status, 404, `${query}: ${r.text}`);
      assert.deepEqual(r.body, { success: false, error: 'Resource not found' });
    }
    const notTeamRoom = ok(await call('cat', 'channels.create', { name: 'cats' })).channel;
    refused(await read('cat', `teams.listChildren?roomId=${notTeamRoom._id}`), 400, 'room-not-on-team', undefined);
    refused(await read('cat', 'teams.listChildren?roomId=nope'), 400, 'invalid-room', undefined);
    refused(await read('cat', `teams.listChildren?teamId=${team._id}`), 400, 'error-invalid-team-not-a-member', undefined);
  });

  test('rooms.info tells the team, and the main room or the discussion parent', async () => {
    const main = ok(await read('ann', `rooms.info?roomId=${team.roomId}`));
    assert.deepEqual(main.team, { _id: team._id, name: 'crew', roomId: team.roomId, type: 0 });
    assert.equal(main.parent, undefined, 'the main room has no parent');
    assert.equal(main.room._id, team.roomId);

    const child = ok(await read('ann', `rooms.info?roomId=${pub._id}`));
    assert.equal(child.team._id, team._id);
    assert.deepEqual(child.parent, { _id: team.roomId, t: 'c', name: 'crew', fname: 'crew' });

    const discussion = ok(await read('ann', `rooms.info?roomId=${outsideDiscussion._id}`));
    assert.equal(discussion.team, undefined, 'a discussion of a team room is not in the team');
    assert.equal(discussion.parent._id, pub._id, "a discussion's parent is its prid room");
    assert.equal(discussion.parent.name, 'crew-chat');
    assert.equal(discussion.parent.t, 'c');
    assert.equal(discussion.room.prid, pub._id);

    const plain = ok(await call('cat', 'channels.create', { name: 'plain' })).channel;
    const info = ok(await read('cat', `rooms.info?roomId=${plain._id}`));
    assert.deepEqual(Object.keys(info).sort(), ['room', 'success']);
  });

  test('subscriptions of team rooms carry teamId and teamMain, over REST and DDP', async () => {
    const list = ok(await read('ann', 'subscriptions.get')).update;
    const mainSub = list.find((s) => s.rid === team.roomId);
    assert.equal(mainSub.teamId, team._id);
    assert.equal(mainSub.teamMain, true);
    const childSub = list.find((s) => s.rid === pub._id);
    assert.equal(childSub.teamId, team._id);
    assert.equal(childSub.teamMain, undefined);
    const one = ok(await read('ann', `subscriptions.getOne?roomId=${team.roomId}`)).subscription;
    assert.equal(one.teamId, team._id);
    assert.equal(one.teamMain, true);
    const none = ok(await read('cat', `subscriptions.getOne?roomId=${team.roomId}`));
    assert.equal(none.subscription, null);

    const ddp = await ddpLoggedIn(server, 'ann', PASSWORD, clients);
    const subs = await ddp.apply('subscriptions/get', []);
    assert.equal(subs.find((s) => s.rid === team.roomId).teamMain, true);

    // subscriptions-changed: cat joins the team and hears her new subscription with the team.
    const catDdp = await ddpLoggedIn(server, 'cat', PASSWORD, clients);
    const ready = await catDdp.sub('stream-notify-user', [`${users.cat.user._id}/subscriptions-changed`, { useCollection: false, args: [] }]);
    assert.equal(ready.msg, 'ready');
    const from = catDdp.frames.length;
    ok(await call('ann', 'teams.addMembers', { teamId: team._id, members: [{ userId: users.cat.user._id }] }));
    const frame = await catDdp.waitFor(
      (m) => m.msg === 'changed' && m.fields?.eventName === `${users.cat.user._id}/subscriptions-changed` && m.fields.args[1]?.rid === team.roomId,
      { from },
    );
    assert.equal(frame.fields.args[0], 'inserted');
    assert.equal(frame.fields.args[1].teamId, team._id);
    assert.equal(frame.fields.args[1].teamMain, true);
  });

  test('teams.update renames the team and its main room and changes their type', async () => {
    ok(await call('ann', 'teams.update', { teamId: team._id, data: { name: 'crew-two' } }));
    let info = ok(await read('ann', `teams.info?teamId=${team._id}`)).teamInfo;
    assert.equal(info.name, 'crew-two');
    assert.equal(info.type, 0);
    let room = ok(await read('ann', `rooms.info?roomId=${team.roomId}`));
    assert.equal(room.room.name, 'crew-two');
    assert.equal(room.room.fname, 'crew-two');
    assert.equal(room.team.name, 'crew-two');

    ok(await call('ann', 'teams.update', { teamName: 'crew-two', data: { type: 1 } }));
    info = ok(await read('ann', `teams.info?teamId=${team._id}`)).teamInfo;
    assert.equal(info.type, 1);
    room = ok(await read('ann', `rooms.info?roomId=${team.roomId}`));
    assert.equal(room.room.t, 'p', "a private team's main room is a private group");
    const sub = ok(await read('bob', `subscriptions.getOne?roomId=${team.roomId}`)).subscription;
    assert.equal(sub.t, 'p');
    assert.equal(sub.name, 'crew-two');

    ok(await call('admin', 'teams.update', { teamId: team._id, data: { name: 'crew', type: 0 }, updateRoom: true }));
    info = ok(await read('ann', `teams.info?teamId=${team._id}`)).teamInfo;
    assert.deepEqual([info.name, info.type], ['crew', 0]);
  });

  test('teams.update refuses bad bodies, unknown teams, non-editors and taken names', async () => {
    invalidParams(await call('ann', 'teams.update', { teamId: team._id }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: {} }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: 'crew' }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: { type: 2 } }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: { name: 7 } }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: { name: 'x', topic: 'y' } }));
    invalidParams(await call('ann', 'teams.update', { data: { name: 'x' } }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, teamName: 'crew', data: { name: 'x' } }));
    invalidParams(await call('ann', 'teams.update', { teamId: team._id, data: { name: 'x' }, updateRoom: 'yes' }));
    refused(await call('ann', 'teams.update', { teamId: 'nope', data: { name: 'x' } }), 400, 'team-does-not-exist', undefined);
    refused(await call('bob', 'teams.update', { teamId: team._id, data: { name: 'bobs' } }), 403, 'unauthorized', undefined);

    ok(await call('ann', 'channels.create', { name: 'taken' }));
    const taken = await call('ann', 'teams.update', { teamId: team._id, data: { name: 'taken' } });
    assert.equal(taken.status, 400, taken.text);
    assert.equal(taken.body.errorType, 'error-duplicate-channel-name');
    const bad = await call('ann', 'teams.update', { teamId: team._id, data: { name: 'bad name!' } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.errorType, 'error-invalid-room-name');
    const info = ok(await read('ann', `teams.info?teamId=${team._id}`)).teamInfo;
    assert.equal(info.name, 'crew', 'nothing changed');
  });
});
