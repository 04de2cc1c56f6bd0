// Black-box: teams as RC 7 serves them (apps/meteor/app/api/server/v1/teams.ts and
// server/services/team/service.ts). A team has a main room (`teamMain: true`, `teamId`) whose
// members are the team's; rooms join a team with `teamId` (and `teamDefault` for auto-join).
// Each endpoint's success shape and its main refusals: unknown team, missing permission,
// non-member. Unknown teams are 400 {error:'team-does-not-exist'} without errorType; missing
// team permissions 403 {error:'unauthorized'}; teams.create / listAll use permissionsRequired
// (403 errorType error-unauthorized).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ddpLoggedIn } from './ddp.js';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const changed = (eventName) => (m) => m.msg === 'changed' && m.collection === 'stream-notify-user' && m.fields?.eventName === eventName;

describe('teams', () => {
  let server;
  let admin;
  const users = {}; // name -> {user, auth}
  const clients = [];
  let team; // dev-team, public, owned by ann, with bob
  let secret; // ops, private, owned by ann

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
  const memberNames = async (name, teamId) =>
    ok(await read(name, `teams.members?teamId=${teamId}`)).members.map((m) => m.user.username).sort();
  const roomMembers = async (roomId) =>
    ok(await read('admin', `channels.members?roomId=${roomId}`)).members.map((m) => m.username).sort();

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const name of ['ann', 'bob', 'cat', 'dan']) {
      const user = await createUser(server, admin, {
        username: name,
        name: name.toUpperCase(),
        email: `${name}@example.com`,
        password: PASSWORD,
        joinDefaultChannels: false,
      });
      users[name] = { user, auth: await login(server, name, PASSWORD) };
    }
  });

  after(async () => {
    for (const c of clients) c.close();
    await server?.stopClean();
  });

  test('teams.create makes the team, its main room and its members', async () => {
    const bobDdp = await ddpLoggedIn(server, 'bob', PASSWORD, clients);
    const ready = await bobDdp.sub('stream-notify-user', [`${users.bob.user._id}/rooms-changed`, { useCollection: false, args: [] }]);
    assert.equal(ready.msg, 'ready');

    const body = ok(await call('ann', 'teams.create', { name: 'dev-team', type: 0, members: ['bob'] }));
    team = body.team;
    assert.equal(team.name, 'dev-team');
    assert.equal(team.type, 0);
    assert.equal(typeof team._id, 'string');
    assert.equal(typeof team.roomId, 'string');
    assert.deepEqual(team.createdBy, { _id: users.ann.user._id, username: 'ann' });
    assert.match(team.createdAt, /^\d{4}-\d\d-\d\dT/, 'REST dates are ISO strings');
    assert.equal(typeof team._updatedAt, 'string');

    const room = ok(await read('ann', `channels.info?roomId=${team.roomId}`)).channel;
    assert.equal(room.t, 'c');
    assert.equal(room.name, 'dev-team');
    assert.equal(room.teamMain, true);
    assert.equal(room.teamId, team._id);
    assert.deepEqual(await roomMembers(team.roomId), ['ann', 'bob']);

    // The member's sidebar hears the room become a team's main room.
    const live = await bobDdp.waitFor(
      (m) => changed(`${users.bob.user._id}/rooms-changed`)(m) && m.fields.args[1]?._id === team.roomId && m.fields.args[1]?.teamMain === true,
      { what: 'rooms-changed with teamMain' },
    );
    assert.equal(live.fields.args[1].teamId, team._id);
    // rooms.get carries the fields too.
    const mine = ok(await read('bob', 'rooms.get')).update.find((r) => r._id === team.roomId);
    assert.equal(mine.teamMain, true);
    assert.equal(mine.teamId, team._id);

    secret = ok(await call('ann', 'teams.create', { name: 'ops', type: 1 })).team;
    assert.equal(secret.type, 1);
    const group = ok(await read('ann', `groups.info?roomId=${secret.roomId}`)).group;
    assert.equal(group.t, 'p');
    assert.equal(group.teamMain, true);
  });

  test('teams.create refuses taken names, missing fields and users without create-team', async () => {
    refused(await call('ann', 'teams.create', { name: 'dev-team', type: 0 }), 400, 'team-name-already-exists');
    ok(await call('admin', 'channels.create', { name: 'plain-room' }));
    refused(await call('ann', 'teams.create', { name: 'plain-room', type: 0 }), 400, 'room-name-already-exists');
    refused(await call('ann', 'teams.create', { name: 'bad name!', type: 0 }), 400, 'error-team-creation');
    const noType = await call('ann', 'teams.create', { name: 'typeless' });
    assert.equal(noType.status, 400, noType.text);
    assert.equal(noType.body.errorType, 'invalid-params');

    ok(await call('admin', 'permissions.update', { permissions: [{ _id: 'create-team', roles: ['admin'] }] }));
    try {
      refused(await call('ann', 'teams.create', { name: 'denied', type: 0 }), 403,
        'User does not have the permissions required for this action [error-unauthorized]', 'error-unauthorized');
    } finally {
      ok(await call('admin', 'permissions.update', { permissions: [{ _id: 'create-team', roles: ['admin', 'user'] }] }));
    }
  });

  test('teams.info finds a team by id or name, for those who can see its main room', async () => {
    const byId = ok(await read('bob', `teams.info?teamId=${team._id}`)).teamInfo;
    assert.equal(byId.name, 'dev-team');
    assert.equal(byId.roomId, team.roomId);
    const byName = ok(await read('cat', 'teams.info?teamName=dev-team')).teamInfo;
    assert.equal(byName._id, team._id, 'a public team is visible to anyone');
    refused(await read('cat', `teams.info?teamId=${secret._id}`), 403, 'unauthorized');
    assert.equal(ok(await read('admin', `teams.info?teamId=${secret._id}`)).teamInfo.type, 1, 'view-all-teams');
    refused(await read('ann', 'teams.info?teamId=nope'), 400, 'Team not found');
  });

  test('teams.list lists the caller\'s teams with counts; teams.listAll needs view-all-teams', async () => {
    const ann = ok(await read('ann', 'teams.list'));
    assert.deepEqual(ann.teams.map((t) => t.name), ['dev-team', 'ops']);
    assert.equal(ann.total, 2);
    assert.equal(ann.count, 2);
    assert.equal(ann.offset, 0);
    const dev = ann.teams[0];
    assert.equal(dev.numberOfUsers, 2);
    assert.equal(dev.rooms, 0);
    assert.equal(dev.roomId, team.roomId);
    assert.deepEqual(ok(await read('bob', 'teams.list')).teams.map((t) => t.name), ['dev-team']);
    const cat = ok(await read('cat', 'teams.list'));
    assert.deepEqual(cat.teams, []);
    assert.equal(cat.total, 0);
    const paged = ok(await read('ann', 'teams.list?count=1&offset=1'));
    assert.deepEqual(paged.teams.map((t) => t.name), ['ops']);
    assert.equal(paged.total, 2);

    const all = ok(await read('admin', 'teams.listAll'));
    assert.deepEqual(all.teams.map((t) => t.name), ['dev-team', 'ops']);
    assert.equal(all.total, 2);
    refused(await read('ann', 'teams.listAll'), 403,
      'User does not have the permissions required for this action [error-unauthorized]', 'error-unauthorized');
  });

  test('users.listTeams lists a user\'s teams; without view-all-teams only those the caller shares', async () => {
    const annId = users.ann.user._id;
    const names = (r) => ok(r).teams.map((t) => t.name).sort();
    assert.deepEqual(names(await read('admin', `users.listTeams?userId=${annId}`)), ['dev-team', 'ops']);
    assert.deepEqual(names(await read('ann', `users.listTeams?userId=${annId}`)), ['dev-team', 'ops']);
    assert.deepEqual(names(await read('bob', `users.listTeams?userId=${annId}`)), ['dev-team']);
    assert.deepEqual(names(await read('cat', `users.listTeams?userId=${annId}`)), []);
    const dev = ok(await read('admin', `users.listTeams?userId=${annId}`)).teams.find((t) => t.name === 'dev-team');
    assert.equal(dev._id, team._id);
    assert.equal(dev.roomId, team.roomId);
    refused(await read('ann', 'users.listTeams'), 400, "must have required property 'userId' [invalid-params]", 'invalid-params');
  });

  test('teams.members lists members with their roles, filtered, and nothing to outsiders', async () => {
    const body = ok(await read('bob', `teams.members?teamId=${team._id}`));
    assert.equal(body.total, 2);
    assert.equal(body.count, 2);
    const ann = body.members.find((m) => m.user.username === 'ann');
    assert.deepEqual(ann.roles, ['owner']);
    assert.equal(ann.user._id, users.ann.user._id);
    assert.equal(ann.user.name, 'ANN');
    assert.equal(typeof ann.user.status, 'string');
    assert.deepEqual(ann.createdBy, { _id: users.ann.user._id, username: 'ann' });
    assert.match(ann.createdAt, /^\d{4}-/);
    const bob = body.members.find((m) => m.user.username === 'bob');
    assert.equal(bob.roles, undefined, 'a plain member has no roles');

    const byUsername = ok(await read('ann', `teams.members?teamName=dev-team&username=BO`));
    assert.deepEqual(byUsername.members.map((m) => m.user.username), ['bob']);
    assert.equal(byUsername.total, 1);
    const byName = ok(await read('ann', `teams.members?teamId=${team._id}&name=an`));
    assert.deepEqual(byName.members.map((m) => m.user.username), ['ann']);
    const away = ok(await read('ann', `teams.members?teamId=${team._id}&status[]=away`));
    assert.equal(away.total, 0);

    const outsider = ok(await read('cat', `teams.members?teamId=${team._id}`));
    assert.deepEqual(outsider.members, []);
    assert.equal(outsider.total, 0);
    assert.equal(ok(await read('admin', `teams.members?teamId=${team._id}`)).total, 2, 'view-all-teams');
    refused(await read('ann', 'teams.members?teamId=nope'), 400, 'team-does-not-exist');
  });

  test('teams.addMembers adds to the team and its main room, with roles', async () => {
    refused(await call('bob', 'teams.addMembers', { teamId: team._id, members: [{ userId: users.cat.user._id }] }), 403, 'unauthorized');
    refused(await call('ann', 'teams.addMembers', { teamId: 'nope', members: [{ userId: users.cat.user._id }] }), 400, 'team-does-not-exist');
    const bad = await call('ann', 'teams.addMembers', { teamId: team._id });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorType, 'invalid-params');

    const done = ok(await call('ann', 'teams.addMembers', {
      teamId: team._id,
      members: [{ userId: users.cat.user._id, roles: ['moderator'] }, { userId: users.dan.user._id }],
    }));
    assert.deepEqual(done, { success: true });
    assert.deepEqual(await memberNames('ann', team._id), ['ann', 'bob', 'cat', 'dan']);
    assert.deepEqual(await roomMembers(team.roomId), ['ann', 'bob', 'cat', 'dan']);
    const cat = ok(await read('ann', `teams.members?teamId=${team._id}&username=cat`)).members[0];
    assert.deepEqual(cat.roles, ['moderator']);
    assert.deepEqual(cat.createdBy, { _id: users.ann.user._id, username: 'ann' });
    const sub = ok(await read('cat', `subscriptions.getOne?roomId=${team.roomId}`)).subscription;
    assert.deepEqual(sub.roles, ['moderator'], 'team roles are the main room\'s roles');
    // A moderator of the team may add members (add-team-member).
    ok(await call('cat', 'teams.addMembers', { teamName: 'dev-team', members: [{ userId: users.dan.user._id }] }));
  });

  test('teams.updateMember sets a member\'s roles on the team and the main room', async () => {
    refused(await call('bob', 'teams.updateMember', { teamId: team._id, member: { userId: users.dan.user._id, roles: ['owner'] } }), 403, 'unauthorized');
    ok(await call('ann', 'teams.updateMember', { teamId: team._id, member: { userId: users.bob.user._id, roles: ['moderator', 'owner'] } }));
    const bob = ok(await read('ann', `teams.members?teamId=${team._id}&username=bob`)).members[0];
    assert.deepEqual(bob.roles, ['moderator', 'owner']);
    const sub = ok(await read('bob', `subscriptions.getOne?roomId=${team.roomId}`)).subscription;
    assert.deepEqual(sub.roles, ['moderator', 'owner']);
    ok(await call('ann', 'teams.updateMember', { teamId: team._id, member: { userId: users.bob.user._id, roles: [] } }));
    const cleared = ok(await read('bob', `subscriptions.getOne?roomId=${team.roomId}`)).subscription;
    assert.deepEqual(cleared.roles, []);
    refused(await call('ann', 'teams.updateMember', { teamId: 'nope', member: { userId: users.bob.user._id } }), 400, 'team-does-not-exist');
  });

  test('teams.removeMember takes a member out of the team and the main room', async () => {
    refused(await call('bob', 'teams.removeMember', { teamId: team._id, userId: users.dan.user._id }), 403, 'unauthorized');
    refused(await call('ann', 'teams.removeMember', { teamId: team._id, userId: users.ann.user._id }), 400, 'last-owner-can-not-be-removed');
    refused(await call('ann', 'teams.removeMember', { teamId: team._id, userId: 'nobody' }), 400, 'invalid-user');
    ok(await call('ann', 'teams.removeMember', { teamId: team._id, userId: users.dan.user._id }));
    assert.deepEqual(await memberNames('ann', team._id), ['ann', 'bob', 'cat']);
    assert.deepEqual(await roomMembers(team.roomId), ['ann', 'bob', 'cat']);
    refused(await call('ann', 'teams.removeMember', { teamId: team._id, userId: users.dan.user._id }), 400, 'member-does-not-exist');
  });

  test('joining or leaving the main room joins or leaves the team', async () => {
    ok(await call('dan', 'channels.join', { roomId: team.roomId }));
    assert.deepEqual(await memberNames('ann', team._id), ['ann', 'bob', 'cat', 'dan']);
    ok(await call('dan', 'channels.leave', { roomId: team.roomId }));
    assert.deepEqual(await memberNames('ann', team._id), ['ann', 'bob', 'cat']);
  });

  test('teams.leave: a member leaves; the last owner may not', async () => {
    refused(await call('ann', 'teams.leave', { teamId: team._id }), 400, 'last-owner-can-not-be-removed');
    refused(await call('dan', 'teams.leave', { teamId: team._id }), 400, 'member-does-not-exist');
    refused(await call('bob', 'teams.leave', { teamId: 'nope' }), 400, 'team-does-not-exist');
    ok(await call('cat', 'teams.leave', { teamName: 'dev-team' }));
    assert.deepEqual(await memberNames('ann', team._id), ['ann', 'bob']);
    assert.deepEqual(await roomMembers(team.roomId), ['ann', 'bob']);
    assert.deepEqual(ok(await read('cat', 'teams.list')).teams, []);
  });

  test('team rooms: addRooms, listRooms, updateRoom (auto-join) and removeRoom', async () => {
    const devRoom = ok(await call('ann', 'channels.create', { name: 'dev-room' })).channel;
    const devSecret = ok(await call('ann', 'groups.create', { name: 'dev-secret' })).group;
    const notMine = ok(await call('admin', 'channels.create', { name: 'admins-room', members: ['ann'] })).channel;

    refused(await call('bob', 'teams.addRooms', { teamId: team._id, rooms: [devRoom._id] }), 403, 'error-no-permission-team-channel');
    refused(await call('ann', 'teams.addRooms', { teamId: 'nope', rooms: [devRoom._id] }), 400, 'team-does-not-exist');
    refused(await call('ann', 'teams.addRooms', { teamId: team._id, rooms: [notMine._id] }), 400, 'error-no-owner-channel');
    refused(await call('ann', 'teams.addRooms', { teamId: team._id, rooms: ['no-such-room'] }), 400, 'invalid-room');

    const added = ok(await call('ann', 'teams.addRooms', { teamId: team._id, rooms: [devRoom._id, devSecret._id] }));
    assert.deepEqual(added.rooms.map((r) => r.name).sort(), ['dev-room', 'dev-secret']);
    assert.ok(added.rooms.every((r) => r.teamId === team._id));
    assert.equal(ok(await read('ann', `channels.info?roomId=${devRoom._id}`)).channel.teamId, team._id);
    refused(await call('ann', 'teams.addRooms', { teamId: team._id, rooms: [devRoom._id] }), 400, 'room-already-on-team');
    const notice = ok(await read('ann', `channels.messages?roomId=${team.roomId}`)).messages.find((m) => m.t === 'user-added-room-to-team');
    assert.equal(notice?.msg, 'dev-room', 'the main room says which channel joined');

    const all = ok(await read('ann', `teams.listRooms?teamId=${team._id}`));
    assert.deepEqual(all.rooms.map((r) => r.name), ['dev-room', 'dev-secret'], 'the main room is not listed');
    assert.equal(all.total, 2);
    assert.equal(all.count, 2);
    assert.equal(all.offset, 0);
    // bob is in neither room: he sees the public one only.
    assert.deepEqual(ok(await read('bob', `teams.listRooms?teamId=${team._id}`)).rooms.map((r) => r.name), ['dev-room']);
    assert.deepEqual(ok(await read('ann', `teams.listRooms?teamId=${team._id}&filter=SECRET`)).rooms.map((r) => r.name), ['dev-secret']);
    const paged = ok(await read('ann', `teams.listRooms?teamId=${team._id}&count=1&offset=1`));
    assert.deepEqual(paged.rooms.map((r) => r.name), ['dev-secret']);
    assert.equal(paged.total, 2);
    assert.equal(ok(await read('ann', `teams.listRooms?teamId=${team._id}&type=autoJoin`)).total, 0);
    refused(await read('cat', `teams.listRooms?teamId=${secret._id}`), 400, 'user-not-on-private-team');

    refused(await call('bob', 'teams.updateRoom', { roomId: devRoom._id, isDefault: true }), 403, 'unauthorized');
    refused(await call('ann', 'teams.updateRoom', { roomId: notMine._id, isDefault: true }), 400, 'room-not-on-team');
    const updated = ok(await call('ann', 'teams.updateRoom', { roomId: devRoom._id, isDefault: true })).room;
    assert.equal(updated.teamDefault, true);
    assert.equal(updated.usersCount, 2, 'every team member joined the auto-join room');
    assert.deepEqual(await roomMembers(devRoom._id), ['ann', 'bob']);
    assert.deepEqual(ok(await read('ann', `teams.listRooms?teamId=${team._id}&type=autoJoin`)).rooms.map((r) => r.name), ['dev-room']);
    // A new member joins the auto-join rooms with the team.
    ok(await call('ann', 'teams.addMembers', { teamId: team._id, members: [{ userId: users.dan.user._id }] }));
    assert.deepEqual(await roomMembers(devRoom._id), ['ann', 'bob', 'dan']);

    refused(await call('bob', 'teams.removeRoom', { teamId: team._id, roomId: devSecret._id }), 403, 'unauthorized');
    const removed = ok(await call('ann', 'teams.removeRoom', { teamId: team._id, roomId: devSecret._id })).room;
    assert.equal(removed._id, devSecret._id);
    assert.equal(removed.teamId, undefined);
    assert.equal(ok(await read('ann', `groups.info?roomId=${devSecret._id}`)).group.teamId, undefined);
    refused(await call('ann', 'teams.removeRoom', { teamId: team._id, roomId: devSecret._id }), 400, 'room-not-on-that-team');
    assert.equal(ok(await read('ann', 'teams.list')).teams.find((t) => t.name === 'dev-team').rooms, 1);
  });

  test('teams.listRoomsOfUser: a member\'s team rooms, the last-owner flag and the deletable ones', async () => {
    const q = (userId, extra = '') => `teams.listRoomsOfUser?teamId=${team._id}&userId=${userId}${extra}`;
    const bob = ok(await read('bob', q(users.bob.user._id)));
    assert.deepEqual(bob.rooms.map((r) => r.name), ['dev-room']);
    assert.equal(bob.rooms[0].isLastOwner, false);
    assert.equal(bob.rooms[0].teamId, team._id);
    assert.equal(bob.total, 1);
    assert.equal(bob.count, 1);
    assert.equal(bob.offset, 0);
    const ann = ok(await read('ann', q(users.ann.user._id)));
    assert.equal(ann.rooms[0].isLastOwner, true, 'ann is dev-room\'s only owner');
    // Another user's rooms need view-all-team-channels (the team's owner has it).
    refused(await read('bob', q(users.ann.user._id)), 403, 'unauthorized');
    assert.deepEqual(ok(await read('ann', q(users.bob.user._id))).rooms.map((r) => r.name), ['dev-room']);
    // canUserDelete: only rooms the user may delete.
    assert.equal(ok(await read('bob', q(users.bob.user._id, '&canUserDelete=true'))).total, 0);
    assert.deepEqual(ok(await read('ann', q(users.ann.user._id, '&canUserDelete=true'))).rooms.map((r) => r.name), ['dev-room']);
    refused(await read('cat', `teams.listRoomsOfUser?teamId=${secret._id}&userId=${users.cat.user._id}`), 400, 'user-not-on-private-team');
    refused(await read('ann', `teams.listRoomsOfUser?teamId=nope&userId=${users.ann.user._id}`), 400, 'team-does-not-exist');
  });

  test('teams.autocomplete finds main rooms by the start of their name, public or the caller\'s', async () => {
    const dev = ok(await read('cat', 'teams.autocomplete?name=DEV')).teams;
    assert.deepEqual(dev.map((t) => t.name), ['dev-team']);
    assert.equal(dev[0]._id, team.roomId, 'the main room');
    assert.equal(dev[0].teamId, team._id);
    assert.equal(dev[0].t, 'c');
    assert.equal(dev[0].fname, 'dev-team');
    assert.deepEqual(ok(await read('ann', 'teams.autocomplete?name=op')).teams.map((t) => t.name), ['ops']);
    assert.deepEqual(ok(await read('cat', 'teams.autocomplete?name=op')).teams, [], 'a private team is its members\' only');
    assert.deepEqual(ok(await read('ann', 'teams.autocomplete?name=team')).teams, [], 'a prefix, not a substring');
    const missing = await read('ann', 'teams.autocomplete');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errorType, 'invalid-params');
  });

  test('statistics count teams, the rooms inside them and the auto-join ones', async () => {
    const stats = ok(await read('admin', 'statistics?refresh=true'));
    // dev-team (dev-room, auto-join) and ops (no rooms).
    assert.deepEqual(stats.teams, { totalTeams: 2, totalRoomsInsideTeams: 1, totalDefaultRoomsInsideTeams: 1 });
  });

  test('channels.convertToTeam and groups.convertToTeam turn a room into a team\'s main room', async () => {
    const room = ok(await call('ann', 'channels.create', { name: 'conv-c', members: ['bob'] })).channel;
    refused(await call('bob', 'channels.convertToTeam', { channelId: room._id }), 403, 'unauthorized');
    const missing = await call('ann', 'channels.convertToTeam', {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'The parameter "channelId" or "channelName" is required');

    const converted = ok(await call('ann', 'channels.convertToTeam', { channelName: 'conv-c' })).team;
    assert.equal(converted.name, 'conv-c');
    assert.equal(converted.type, 0);
    assert.equal(converted.roomId, room._id);
    const info = ok(await read('ann', `channels.info?roomId=${room._id}`)).channel;
    assert.equal(info.teamMain, true);
    assert.equal(info.teamId, converted._id);
    const members = ok(await read('ann', `teams.members?teamId=${converted._id}`)).members;
    assert.deepEqual(members.map((m) => m.user.username).sort(), ['ann', 'bob']);
    assert.deepEqual(members.find((m) => m.user.username === 'ann').roles, ['owner']);
    const notice = ok(await read('ann', `channels.messages?roomId=${room._id}`)).messages.find((m) => m.t === 'user-converted-to-team');
    assert.equal(notice?.msg, 'conv-c');
    refused(await call('ann', 'channels.convertToTeam', { channelId: room._id }), 400, 'team-name-already-exists');

    const group = ok(await call('ann', 'groups.create', { name: 'conv-p' })).group;
    const privateTeam = ok(await call('ann', 'groups.convertToTeam', { roomId: group._id })).team;
    assert.equal(privateTeam.type, 1);
    assert.equal(ok(await read('ann', `groups.info?roomId=${group._id}`)).group.teamMain, true);
  });

  test('teams.convertToChannel ends the team and keeps its main room', async () => {
    const main = ok(await call('ann', 'teams.create', { name: 'short-lived', type: 0, members: ['bob'] })).team;
    const keep = ok(await call('ann', 'channels.create', { name: 'sl-keep' })).channel;
    const drop = ok(await call('ann', 'channels.create', { name: 'sl-drop' })).channel;
    ok(await call('ann', 'teams.addRooms', { teamId: main._id, rooms: [keep._id, drop._id] }));

    refused(await call('bob', 'teams.convertToChannel', { teamId: main._id }), 403, 'unauthorized');
    refused(await call('ann', 'teams.convertToChannel', { teamId: 'nope' }), 400, 'team-does-not-exist');
    ok(await call('ann', 'teams.convertToChannel', { teamId: main._id, roomsToRemove: [drop._id] }));

    refused(await read('ann', `teams.info?teamId=${main._id}`), 400, 'Team not found');
    const room = ok(await read('ann', `channels.info?roomId=${main.roomId}`)).channel;
    assert.equal(room.teamMain, undefined);
    assert.equal(room.teamId, undefined);
    assert.deepEqual(await roomMembers(main.roomId), ['ann', 'bob'], 'the members stay in the room');
    assert.equal(ok(await read('ann', `channels.info?roomId=${keep._id}`)).channel.teamId, undefined);
    const dropped = await read('ann', `channels.info?roomId=${drop._id}`);
    assert.equal(dropped.status, 400);
    assert.equal(dropped.body.errorType, 'error-room-not-found', 'the listed room is erased');
    const notice = ok(await read('ann', `channels.messages?roomId=${main.roomId}`)).messages.find((m) => m.t === 'user-converted-to-channel');
    assert.equal(notice?.msg, 'short-lived');
    assert.ok(!ok(await read('bob', 'teams.list')).teams.some((t) => t._id === main._id));
  });

  test('teams.delete erases the main room and the chosen rooms, and frees the others', async () => {
    const doomed = ok(await call('ann', 'teams.create', { name: 'doomed', type: 0, members: ['bob'] })).team;
    const keep = ok(await call('ann', 'channels.create', { name: 'doomed-keep' })).channel;
    const drop = ok(await call('ann', 'groups.create', { name: 'doomed-drop' })).group;
    ok(await call('ann', 'teams.addRooms', { teamId: doomed._id, rooms: [keep._id, drop._id] }));

    refused(await call('bob', 'teams.delete', { teamId: doomed._id }), 403, 'unauthorized');
    refused(await call('ann', 'teams.delete', { teamName: 'nope' }), 400, 'team-does-not-exist');
    ok(await call('ann', 'teams.delete', { teamName: 'doomed', roomsToRemove: [drop._id] }));

    refused(await read('ann', `teams.info?teamId=${doomed._id}`), 400, 'Team not found');
    assert.equal((await read('ann', `channels.info?roomId=${doomed.roomId}`)).body.errorType, 'error-room-not-found');
    assert.equal((await read('ann', `groups.info?roomId=${drop._id}`)).body.errorType, 'error-room-not-found');
    assert.equal(ok(await read('ann', `channels.info?roomId=${keep._id}`)).channel.teamId, undefined);
    assert.ok(!ok(await read('admin', 'teams.listAll')).teams.some((t) => t._id === doomed._id));
    // The name is free again.
    ok(await call('ann', 'teams.create', { name: 'doomed', type: 0 }));
  });

  test('deleting a team\'s main room deletes the team', async () => {
    const t = ok(await call('ann', 'teams.create', { name: 'main-gone', type: 0 })).team;
    ok(await call('ann', 'channels.delete', { roomId: t.roomId }));
    refused(await read('ann', `teams.info?teamId=${t._id}`), 400, 'Team not found');
  });
});
