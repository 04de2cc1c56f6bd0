// Black-box: the rest of discussions as RC 7 has them. rooms.info's `parent` (v1/rooms.ts),
// rooms.adminRooms' `discussions` / `teams` pseudo-types (lib/rooms.ts findAdminRooms and
// Rooms.findByNameOrFnameContainingAndTypes), one discussion per message (createDiscussion.ts:
// asking again joins the existing one), rooms.cleanHistory taking the discussions of removed
// messages along unless ignoreDiscussion (cleanRoomHistory.ts), and the statistics' discussion
// totals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser, get, login, loginAdmin, post, startServer } from './server.js';

const PASSWORD = 'Secret-pass-1';
const OLDEST = '2000-01-01T00:00:00.000Z';
const LATEST = '2100-01-01T00:00:00.000Z';

describe('discussions: room info, admin list, one per message, clean history, statistics', () => {
  let server;
  let admin;
  let ann;
  let ben;
  let channel; // #topics: ann (owner), ben

  const ok = (r) => {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.success, true);
    return r.body;
  };
  const send = async (auth, rid, msg) => ok(await post(server, '/api/v1/chat.sendMessage', { message: { rid, msg } }, { auth })).message;
  const discuss = async (auth, body) => ok(await post(server, '/api/v1/rooms.createDiscussion', body, { auth })).discussion;
  const adminRooms = async (query) => ok(await get(server, `/api/v1/rooms.adminRooms${query}`, { auth: admin }));
  const statistics = async () => ok(await get(server, '/api/v1/statistics?refresh=true', { auth: admin }));

  before(async () => {
    server = await startServer();
    admin = await loginAdmin(server);
    for (const u of ['ann', 'ben']) {
      await createUser(server, admin, { username: u, name: u.toUpperCase(), email: `${u}@example.com`, password: PASSWORD, joinDefaultChannels: false });
    }
    ann = await login(server, 'ann', PASSWORD);
    ben = await login(server, 'ben', PASSWORD);
    channel = ok(await post(server, '/api/v1/channels.create', { name: 'topics', members: ['ben'] }, { auth: ann })).channel;
  });

  after(async () => {
    await server?.stopClean();
  });

  test('rooms.info of a discussion carries prid and its parent as RC projects it', async () => {
    const d = await discuss(ann, { prid: channel._id, t_name: 'Lunch plans' });
    const info = ok(await get(server, `/api/v1/rooms.info?roomId=${d._id}`, { auth: ben }));
    assert.equal(info.room.prid, channel._id);
    assert.equal(info.room.fname, 'Lunch plans');
    assert.equal(info.parent._id, channel._id);
    assert.equal(info.parent.name, 'topics');
    assert.equal(info.parent.t, 'c');
    assert.deepEqual(info.parent.u, { _id: channel.u._id, username: 'ann' });
    assert.equal(info.team, undefined);
    const parentInfo = ok(await get(server, `/api/v1/rooms.info?roomId=${channel._id}`, { auth: ben }));
    assert.equal(parentInfo.parent, undefined, 'a plain room has no parent');
    const rooms = ok(await get(server, '/api/v1/rooms.get', { auth: ann })).update;
    assert.equal(rooms.find((r) => r._id === d._id).prid, channel._id, 'rooms.get carries prid');
  });

  test('rooms.adminRooms lists discussions and team main rooms only when asked', async () => {
    const team = ok(await post(server, '/api/v1/teams.create', { name: 'squad', type: 0 }, { auth: admin })).team;
    const all = await adminRooms('?count=100');
    assert.ok(all.rooms.some((r) => r._id === channel._id));
    assert.ok(!all.rooms.some((r) => r.prid), 'no discussions by default');
    assert.ok(!all.rooms.some((r) => r._id === team.roomId), 'no team main rooms by default');

    const discussions = await adminRooms('?types%5B%5D=discussions&count=100');
    assert.ok(discussions.rooms.length >= 1);
    assert.ok(discussions.rooms.every((r) => r.prid), 'only discussions');
    assert.equal(discussions.total, discussions.rooms.length);
    const withChannels = await adminRooms('?types%5B%5D=discussions&types%5B%5D=c&count=100');
    assert.ok(withChannels.rooms.some((r) => r._id === channel._id));
    assert.ok(withChannels.rooms.some((r) => r.prid));
    const byName = await adminRooms('?types%5B%5D=discussions&filter=LUNCH');
    assert.deepEqual(byName.rooms.map((r) => r.fname), ['Lunch plans'], 'discussions match by fname');

    const teams = await adminRooms('?types%5B%5D=teams');
    assert.deepEqual(teams.rooms.map((r) => r._id), [team.roomId]);
    assert.equal(teams.rooms[0].teamMain, true);
  });

  test('a message gets one discussion: asking again joins the existing one', async () => {
    const m = await send(ann, channel._id, 'Should we move the standup?');
    const first = await discuss(ann, { prid: channel._id, pmid: m._id, t_name: 'Standup time' });
    assert.equal(first.pmid, m._id);
    const again = await discuss(ben, { prid: channel._id, pmid: m._id, t_name: 'Another name' });
    assert.equal(again._id, first._id, 'the existing discussion comes back');
    assert.equal(again.fname, 'Standup time');
    const benSub = ok(await get(server, `/api/v1/subscriptions.getOne?roomId=${first._id}`, { auth: ben })).subscription;
    assert.equal(benSub?.rid, first._id, 'the caller joined it');
    const links = ok(await get(server, `/api/v1/chat.getDiscussions?roomId=${channel._id}`, { auth: ann }));
    assert.equal(links.messages.filter((x) => x.drid === first._id).length, 1, 'one discussion-created link');
    const list = ok(await get(server, `/api/v1/rooms.getDiscussions?roomId=${channel._id}`, { auth: ann }));
    assert.equal(list.discussions.filter((d) => d.pmid === m._id).length, 1);
  });

  test('rooms.cleanHistory deletes the discussions of removed messages unless ignoreDiscussion', async () => {
    const room = ok(await post(server, '/api/v1/channels.create', { name: 'prunable' }, { auth: admin })).channel;
    const kept = await discuss(admin, { prid: room._id, t_name: 'kept' });
    await send(admin, kept._id, 'inside kept');
    const ignored = ok(await post(server, '/api/v1/rooms.cleanHistory',
      { roomId: room._id, latest: LATEST, oldest: OLDEST, ignoreDiscussion: true }, { auth: admin }));
    assert.equal(ignored.count, 0, 'the discussion-created message stays');
    ok(await get(server, `/api/v1/rooms.info?roomId=${kept._id}`, { auth: admin }));

    const cleaned = ok(await post(server, '/api/v1/rooms.cleanHistory',
      { roomId: room._id, latest: LATEST, oldest: OLDEST, ignoreDiscussion: false }, { auth: admin }));
    assert.equal(cleaned.count, 1);
    const gone = await get(server, `/api/v1/rooms.info?roomId=${kept._id}`, { auth: admin });
    assert.equal(gone.status, 400, gone.text);
    assert.equal(gone.body.success, false);
    const list = ok(await get(server, `/api/v1/rooms.getDiscussions?roomId=${room._id}`, { auth: admin }));
    assert.equal(list.total, 0);
  });

  test('statistics count discussions and their messages', async () => {
    const before = await statistics();
    const d = await discuss(ann, { prid: channel._id, t_name: 'counted' });
    await send(ann, d._id, 'one');
    await send(ann, d._id, 'two');
    const after = await statistics();
    assert.equal(after.totalDiscussions, before.totalDiscussions + 1);
    assert.equal(after.totalDiscussionsMessages, before.totalDiscussionsMessages + 2);
    assert.ok(after.totalDiscussions >= 3, 'the discussions made above count too');
    assert.equal(after.totalChannelMessages - before.totalChannelMessages, 1,
      'the parent got its discussion-created message; discussion messages count apart');
  });
});
