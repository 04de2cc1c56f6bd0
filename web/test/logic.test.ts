// The pure logic behind the new features: which messages show where, message links and
// quotes, composer autocomplete, the room settings' REST steps, notifications and the title,
// and what one's own account form sends.
import { describe, expect, test, vi } from 'vitest';
import type { NotificationEvent } from '../src/lib/chat';
import { applyCompletion, findTrigger, rank } from '../src/lib/compose';
import { isStarredBy, jumpTarget, liveFilter, mainTimeline, messageLink, quotePrefix, threadReplies } from '../src/lib/messages';
import { notificationPath, shouldNotify, tabTitle } from '../src/lib/notify';
import { basicInfoChanges, needsCurrentPassword, saveAccount } from '../src/lib/profile';
import { filterByName, roomApiPrefix, roomSettingsChanges } from '../src/lib/room_api';
import type { Message, Subscription } from '../src/lib/types';

const msg = (id: string, ts: number, extra: Partial<Message> = {}): Message => ({ _id: id, rid: 'R', msg: id, ts: { $date: ts }, u: { _id: 'u2', username: 'bob' }, ...extra });

describe('messages', () => {
  test('thread replies stay out of the room unless also sent to it', () => {
    const list = [msg('p', 1, { tcount: 2 }), msg('r1', 2, { tmid: 'p' }), msg('r2', 3, { tmid: 'p', tshow: true }), msg('x', 4)];
    expect(mainTimeline(list).map((m) => m._id)).toEqual(['p', 'r2', 'x']);
    expect(threadReplies(list, 'p').map((m) => m._id)).toEqual(['r1', 'r2']);
    const plain = [msg('a', 1)];
    expect(mainTimeline(plain)).toBe(plain); // nothing to drop: the same array (no re-render)
  });

  test('links and quotes as RC 7 writes them', () => {
    const link = messageLink('https://chat.example', '/channel/dev', 'abc123');
    expect(link).toBe('https://chat.example/channel/dev?msg=abc123');
    expect(quotePrefix(link)).toBe('[ ](https://chat.example/channel/dev?msg=abc123) ');
    expect(jumpTarget('?msg=abc123')).toBe('abc123');
    expect(jumpTarget('?msg=a%22b')).toBeNull();
    expect(jumpTarget('')).toBeNull();
  });

  test('pinned and starred lists follow the held messages', () => {
    const fetched = [msg('a', 1, { pinned: true }), msg('b', 2, { pinned: true })];
    const held = [msg('b', 2, { pinned: false }), msg('c', 3, { pinned: true }), msg('d', 4)];
    expect(liveFilter(fetched, held, (m) => !!m.pinned).map((m) => m._id)).toEqual(['c', 'a']);
    expect(isStarredBy(msg('s', 1, { starred: [{ _id: 'u1' }] }), 'u1')).toBe(true);
    expect(isStarredBy(msg('s', 1, { starred: [{ _id: 'u3' }] }), 'u1')).toBe(false);
  });
});

describe('composer autocomplete', () => {
  test('finds @, # and : tokens before the caret, not inside words', () => {
    expect(findTrigger('hi @bo', 6)).toEqual({ kind: '@', query: 'bo', start: 3 });
    expect(findTrigger('@', 1)).toEqual({ kind: '@', query: '', start: 0 });
    expect(findTrigger('see #gen', 8)).toEqual({ kind: '#', query: 'gen', start: 4 });
    expect(findTrigger('mail@example', 12)).toBeNull();
    expect(findTrigger('at 10:30', 8)).toBeNull();
    expect(findTrigger('nice :t', 7)).toBeNull(); // one character is not enough for emoji
    expect(findTrigger('nice :th', 8)).toEqual({ kind: ':', query: 'th', start: 5 });
    expect(findTrigger('@bob hello', 10)).toBeNull();
  });

  test('a pick replaces the token and leaves the caret after it', () => {
    const text = 'hi @bo and more';
    const tr = findTrigger(text, 6)!;
    expect(applyCompletion(text, tr, 6, '@bob')).toEqual({ text: 'hi @bob and more', caret: 8 });
    const end = findTrigger('x #ge', 5)!;
    expect(applyCompletion('x #ge', end, 5, '#general')).toEqual({ text: 'x #general ', caret: 11 });
  });

  test('ranks prefix matches before substring matches, in the given order', () => {
    const users = ['alice', 'malika', 'bob', 'alina'];
    expect(rank(users, 'ali', (u) => [u])).toEqual(['alice', 'alina', 'malika']);
    expect(rank(users, 'zz', (u) => [u])).toEqual([]);
    expect(rank(users, '', (u) => [u], 2)).toEqual(['alice', 'malika']);
  });
});

describe('room settings', () => {
  test('one saveRoomSettings object with only what changed, by RC 7 names', () => {
    const room = { _id: 'R', t: 'c', name: 'dev', topic: 'old', ro: false };
    expect(roomSettingsChanges(room, { name: 'dev', topic: 'old', announcement: '', readOnly: false, type: 'c' })).toEqual({});
    expect(roomSettingsChanges(room, { name: ' devs ', topic: '', announcement: 'hi', readOnly: true, type: 'p' })).toEqual({
      roomName: 'devs',
      roomTopic: '',
      roomAnnouncement: 'hi',
      readOnly: true,
      roomType: 'p',
    });
    // A blank name is not a rename; a DM has no type to change.
    expect(roomSettingsChanges({ _id: 'D', t: 'd' }, { name: ' ', topic: '', announcement: '', readOnly: false, type: 'c' })).toEqual({});
    expect([roomApiPrefix('c'), roomApiPrefix('p'), roomApiPrefix('d')]).toEqual(['channels', 'groups', 'im']);
  });
});

describe('notifications and the title', () => {
  const n = (rid: string, sender = 'u2', type = 'c'): NotificationEvent => ({
    title: '#dev',
    text: 'bob: hi',
    payload: { _id: 'm1', rid, type, name: 'dev', sender: { _id: sender, username: 'bob' } },
  });
  test('only with permission, never for oneself, when hidden or for another room', () => {
    const base = { hidden: false, permission: 'granted', openRid: 'R1', myId: 'u1' };
    expect(shouldNotify(n('R1'), base)).toBe(false); // on screen
    expect(shouldNotify(n('R1'), { ...base, hidden: true })).toBe(true);
    expect(shouldNotify(n('R2'), base)).toBe(true);
    expect(shouldNotify(n('R2'), { ...base, permission: 'default' })).toBe(false);
    expect(shouldNotify(n('R2', 'u1'), base)).toBe(false);
    expect(notificationPath(n('R2'))).toBe('/channel/dev?msg=m1');
    expect(notificationPath(n('D1', 'u2', 'd'))).toBe('/direct/D1?msg=m1');
  });
  test('the title counts unread messages, and an alert without a count as one', () => {
    const s = (unread: number, alert = false) => ({ _id: 'x', rid: 'x', t: 'c', name: 'x', unread, alert }) as Subscription;
    expect(tabTitle([s(0), s(0)], 'parley')).toBe('parley');
    expect(tabTitle([s(2), s(0, true), s(1)], 'parley')).toBe('(4) parley');
  });
});

test('the directory filters by every word, in any of the names, any case', () => {
  const rooms = [{ name: 'dev-backend', topic: 'APIs' }, { name: 'design', topic: 'pixels' }, { name: 'random' }];
  const names = (r: { name: string; topic?: string }) => [r.name, r.topic];
  expect(filterByName(rooms, '', names)).toBe(rooms);
  expect(filterByName(rooms, 'de', names).map((r) => r.name)).toEqual(['dev-backend', 'design']);
  expect(filterByName(rooms, 'DEV apis', names).map((r) => r.name)).toEqual(['dev-backend']);
  expect(filterByName(rooms, 'dev pixels', names)).toEqual([]);
});

test("one's account: only what changed is sent, and the current password only for email or password", () => {
  const now = { name: 'Alice', username: 'alice', email: 'alice@example.com' };
  const form = { ...now, newPassword: '', currentPassword: '' };
  expect(basicInfoChanges(now, form)).toEqual({});
  expect(basicInfoChanges(now, { ...form, name: ' Alice A. ', username: '@alicea' })).toEqual({ name: 'Alice A.', username: 'alicea' });
  expect(basicInfoChanges(now, { ...form, name: '  ', email: 'ALICE@example.com' })).toEqual({}); // emptied name, same address
  const email = basicInfoChanges(now, { ...form, email: 'a@example.org' });
  expect(email).toEqual({ email: 'a@example.org' });
  expect(needsCurrentPassword(email)).toBe(true);
  expect(needsCurrentPassword(basicInfoChanges(now, { ...form, newPassword: 'n3w' }))).toBe(true);
  expect(needsCurrentPassword(basicInfoChanges(now, { ...form, name: 'Al' }))).toBe(false);
});

test('saveAccount posts users.updateOwnBasicInfo with the SHA-256 of the current password', async () => {
  const posted: Array<{ url: string; body: unknown }> = [];
  vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
    posted.push({ url, body: JSON.parse(init.body) });
    return { ok: true, status: 200, json: async () => ({ success: true }) };
  });
  try {
    await saveAccount({ userId: 'u1', authToken: 't' }, { email: 'a@example.org' }, 'secret');
  } finally {
    vi.unstubAllGlobals();
  }
  expect(posted).toEqual([
    {
      url: '/api/v1/users.updateOwnBasicInfo',
      body: { data: { email: 'a@example.org', currentPassword: '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b' } },
    },
  ]);
});
