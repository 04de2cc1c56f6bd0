// What the app asks while someone looks for something (RC 7's methods, over DDP: never REST),
// and how the quick switcher and the composer merge local and server answers.
import { beforeEach, expect, test } from 'vitest';
import { DdpClient } from '../src/lib/ddp';
import { DIRECTORY_PAGE, Finder, GLOBAL_SEARCH_SETTING, mergeByKey, SEARCH_LIMIT, switcherItems } from '../src/lib/finder';
import { FakeSocket } from './fake_socket';

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
let socket: FakeSocket;
let finder: Finder;

beforeEach(async () => {
  const ddp = new DdpClient({ url: 'ws://x/websocket', socketFactory: (url) => (socket = new FakeSocket(url)) });
  ddp.connect();
  socket.open();
  socket.receive({ msg: 'connected' });
  await flush();
  finder = new Finder(ddp);
});

async function reply<T>(p: Promise<T>, result: unknown): Promise<T> {
  await flush();
  socket.receive({ msg: 'result', id: socket.last('method')!.id, result });
  return p;
}

test('spotlight: text, already chosen usernames, the kinds asked for, the room', async () => {
  const r = await reply(finder.spotlight('bo', { users: true }, { rid: 'R1' }), { users: [{ _id: 'u2', username: 'bob' }] });
  expect(socket.last('method')).toMatchObject({ method: 'spotlight', params: ['bo', [], { users: true, mentions: true }, 'R1'] });
  expect(r).toEqual({ users: [{ _id: 'u2', username: 'bob' }], rooms: [] });
});

test('the directory pages through browseChannels, filtered on the server', async () => {
  const page = await reply(finder.channels('hist', 0), { total: 1, results: [{ _id: 'R9', t: 'c', name: 'history' }] });
  expect(socket.last('method')).toMatchObject({
    method: 'browseChannels',
    params: [{ text: 'hist', type: 'channels', sortBy: 'name', sortDirection: 'asc', offset: 0, limit: DIRECTORY_PAGE }],
  });
  expect(page).toEqual({ total: 1, items: [{ _id: 'R9', t: 'c', name: 'history' }] });
  // Parameters the server does not take answer nothing (undefined): an empty page.
  expect(await reply(finder.users('x', DIRECTORY_PAGE), undefined)).toEqual({ items: [], total: 0 });
  expect((socket.last('method')!.params as Array<Record<string, unknown>>)[0]).toMatchObject({ type: 'users', sortBy: 'username', offset: DIRECTORY_PAGE });
});

test('messageSearch: one room, or every room (no rid) when global search is on', async () => {
  const docs = [{ _id: 'm1', rid: 'R1', msg: 'hello', ts: { $date: 1 }, u: { _id: 'u2', username: 'bob' } }];
  expect(await reply(finder.search('hello', 'R1'), { message: { docs } })).toEqual(docs);
  expect(socket.last('method')).toMatchObject({ method: 'messageSearch', params: ['hello', 'R1', SEARCH_LIMIT] });
  expect(await reply(finder.search('hello', null), { message: { docs: [] } })).toEqual([]);
  // EJSON leaves the unset room out (undefined in a JSON array is null).
  expect(socket.last('method')!.params).toEqual(['hello', null, SEARCH_LIMIT]);
  expect(await reply(finder.search('hello', 'R7'), false)).toEqual([]); // a room one cannot read
  expect(await reply(finder.globalSearchEnabled(), [{ _id: GLOBAL_SEARCH_SETTING, value: true }])).toBe(true);
  expect(await reply(finder.globalSearchEnabled(), [{ _id: 'Other', value: true }])).toBe(false);
});

test('the quick switcher: own rooms first (names starting with the query first), then new people and channels', () => {
  const subs = [
    { rid: 'R1', t: 'c', name: 'dev-backend' },
    { rid: 'R2', t: 'c', name: 'design' },
    { rid: 'D1', t: 'd', name: 'bob' },
    { rid: 'R3', t: 'p', name: 'old-dev' },
  ];
  const found = {
    users: [
      { _id: 'u1', username: 'alice' }, // oneself
      { _id: 'u2', username: 'bob' }, // has a DM already
      { _id: 'u3', username: 'devin', name: 'Devin' },
    ],
    rooms: [
      { _id: 'R1', t: 'c', name: 'dev-backend' }, // joined already
      { _id: 'R8', t: 'c', name: 'devops' },
    ],
  };
  const items = switcherItems(subs, 'dev', found, 'alice');
  expect(items.map((i) => i.label)).toEqual(['# dev-backend', '# old-dev', '@ devin (Devin)', '# devops']);
  expect(items.map((i) => i.kind)).toEqual(['sub', 'sub', 'user', 'room']);
  // No query: one's rooms in their order, nothing from the server.
  expect(switcherItems(subs, ' ', found, 'alice').map((i) => i.key)).toEqual(['R1', 'R2', 'D1', 'R3']);
  expect(switcherItems(subs, 'dev', found, 'alice', 2)).toHaveLength(2);
});

test('suggestions: local first, server ones added without repeats, up to the limit', () => {
  const s = (key: string) => ({ key });
  expect(mergeByKey([s('a'), s('b')], [s('b'), s('c'), s('d')], 3)).toEqual([s('a'), s('b'), s('c')]);
  expect(mergeByKey([], [s('x')])).toEqual([s('x')]);
});

test('the global search setting is followed while the search panel watches it', async () => {
  const seen: boolean[] = [];
  const stop = finder.watchGlobalSearch((on) => seen.push(on));
  expect(socket.last('sub')).toMatchObject({ name: 'stream-notify-all', params: ['public-settings-changed', { useCollection: false, args: [] }] });
  const change = (id: string, value: unknown) =>
    socket.receive({ msg: 'changed', collection: 'stream-notify-all', id: 'id', fields: { eventName: 'public-settings-changed', args: ['updated', { _id: id, value }] } });
  change('Threads_enabled', false);
  change(GLOBAL_SEARCH_SETTING, true);
  change(GLOBAL_SEARCH_SETTING, false);
  stop();
  change(GLOBAL_SEARCH_SETTING, true);
  expect(seen).toEqual([true, false]);
  expect(socket.last('unsub')).toBeTruthy();
});
