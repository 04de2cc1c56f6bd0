// The admin pages' logic: who sees them, which page a path names, what a save sends, and how
// settings are grouped, typed, parsed and kept current.
import { afterEach, describe, expect, test } from 'vitest';
import {
  adminSection,
  applySettingEvent,
  groupSettings,
  isAdmin,
  mergePermissions,
  permissionRows,
  toggleRole,
  parseRoles,
  parseSettingInput,
  roomForm,
  roomSettingsPatch,
  settingType,
  statisticsGroups,
  userCreateBody,
  userForm,
  userUpdateData,
  type AdminUser,
  type Setting,
} from '../src/lib/admin';
import { clearFileCookies, setFileCookies } from '../src/lib/cookies';

describe('who and where', () => {
  test('only the admin role opens the admin pages', () => {
    expect(isAdmin(['user', 'admin'])).toBe(true);
    expect(isAdmin(['user', 'moderator'])).toBe(false);
    expect(isAdmin(undefined)).toBe(false);
  });

  test('admin paths name their section; other paths none', () => {
    expect(adminSection('/admin')).toBe('users');
    expect(adminSection('/admin/rooms')).toBe('rooms');
    expect(adminSection('/admin/settings?x=1')).toBe('settings');
    expect(adminSection('/admin/statistics')).toBe('statistics');
    expect(adminSection('/admin/permissions')).toBe('permissions');
    expect(adminSection('/admin/nope')).toBe('users');
    expect(adminSection('/channel/admin')).toBeNull();
    expect(adminSection('/home')).toBeNull();
  });
});

describe('users', () => {
  const user: AdminUser = { _id: 'u1', username: 'bob', name: 'Bob', emails: [{ address: 'bob@x.io' }], roles: ['user'], active: true };

  test('roles typed with commas or spaces, once each', () => {
    expect(parseRoles(' admin, user  bot,admin ')).toEqual(['admin', 'user', 'bot']);
    expect(parseRoles('')).toEqual([]);
  });

  test('an update sends only what changed', () => {
    const form = userForm(user);
    expect(userUpdateData(user, form)).toEqual({});
    expect(userUpdateData(user, { ...form, name: ' Robert ', roles: 'user, admin', password: 'pw' })).toEqual({
      name: 'Robert',
      roles: ['user', 'admin'],
      password: 'pw',
    });
    expect(userUpdateData(user, { ...form, roles: 'user' })).toEqual({}); // the same roles are no change
    expect(userUpdateData(user, { ...form, email: 'b@y.io', username: 'rob' })).toEqual({ email: 'b@y.io', username: 'rob' });
    // Active is not in users.update's data: users.setActiveStatus carries it.
    expect(userUpdateData(user, { ...form, active: false })).toEqual({});
  });

  test('a new user starts as a plain, active user and is created verified', () => {
    const form = { ...userForm(), name: 'Cy', username: 'cy', email: 'cy@x.io', password: 'secret' };
    expect(form.roles).toBe('user');
    expect(userCreateBody(form)).toEqual({ name: 'Cy', username: 'cy', email: 'cy@x.io', password: 'secret', roles: ['user'], active: true, verified: true });
  });
});

describe('rooms', () => {
  const room = { _id: 'R', t: 'c', name: 'dev', topic: 'x', ro: false, default: false };

  test('one saveRoomSettings object with only what changed', () => {
    const form = roomForm(room);
    expect(roomSettingsPatch(room, form)).toEqual({});
    expect(roomSettingsPatch(room, { ...form, name: ' devs ', topic: '', type: 'p', readOnly: true, isDefault: true })).toEqual({
      roomName: 'devs',
      roomTopic: '',
      roomType: 'p',
      readOnly: true,
      default: true,
    });
    // Archiving is its own call, not a saveRoomSettings key.
    expect(roomSettingsPatch(room, { ...form, archived: true })).toEqual({});
    expect(roomSettingsPatch(room, { ...form, name: '  ' })).toEqual({}); // a blank name is no rename
  });

  test('a DM never changes type', () => {
    const dm = { _id: 'D', t: 'd' };
    expect(roomSettingsPatch(dm, { ...roomForm(dm), type: 'p' })).toEqual({});
  });
});

describe('settings', () => {
  const list: Setting[] = [
    { _id: 'Site_Name', value: 'parley', type: 'string', group: 'General' },
    { _id: 'Accounts_RegistrationForm', value: 'Public', type: 'select', group: 'Accounts', values: [{ key: 'Public' }, { key: 'Disabled' }] },
    { _id: 'API_Default_Count', value: 50, type: 'int', group: 'General' },
    { _id: 'Accounts_ShowFormLogin', value: true, type: 'boolean', group: 'Accounts', section: 'Login' },
    { _id: 'Loose', value: 3 },
  ];

  test('grouped by group, then section, each by name', () => {
    const groups = groupSettings(list);
    expect(groups.map((g) => g.group)).toEqual(['Accounts', 'General']);
    expect(groups[0].sections.map((s) => [s.section, s.settings.map((x) => x._id)])).toEqual([
      ['', ['Accounts_RegistrationForm']],
      ['Login', ['Accounts_ShowFormLogin']],
    ]);
    expect(groups[1].sections[0].settings.map((x) => x._id)).toEqual(['API_Default_Count', 'Loose', 'Site_Name']);
  });

  test('the editor follows the type, or the value when there is none', () => {
    expect(list.map(settingType)).toEqual(['string', 'select', 'int', 'boolean', 'int']);
    expect(settingType({ _id: 'x', value: false })).toBe('boolean');
    expect(settingType({ _id: 'x', value: 'a', type: 'code' })).toBe('string');
  });

  test('input is parsed to the type, and refused when it does not fit', () => {
    expect(parseSettingInput(list[2], ' 42 ')).toEqual({ value: 42 });
    expect(parseSettingInput(list[2], '4.2')).toEqual({ error: 'int' });
    expect(parseSettingInput(list[2], '')).toEqual({ error: 'int' });
    expect(parseSettingInput(list[3], false)).toEqual({ value: false });
    expect(parseSettingInput(list[1], 'Disabled')).toEqual({ value: 'Disabled' });
    expect(parseSettingInput(list[1], 'Open')).toEqual({ error: 'select' });
    expect(parseSettingInput(list[0], '')).toEqual({ value: '' });
  });

  test('a live change updates one setting and keeps its metadata', () => {
    const next = applySettingEvent(list, ['updated', { _id: 'API_Default_Count', value: 25, group: 'General' }]);
    expect(next[2]).toEqual({ _id: 'API_Default_Count', value: 25, type: 'int', group: 'General' });
    expect(next[0]).toBe(list[0]);
    expect(applySettingEvent(list, ['updated', { _id: 'New_One', value: 1 }]).map((s) => s._id)).toContain('New_One');
    expect(applySettingEvent(list, ['removed', { _id: 'Loose' }]).map((s) => s._id)).not.toContain('Loose');
    expect(applySettingEvent(list, ['updated', undefined])).toBe(list);
  });
});

describe('permissions', () => {
  const perms = [
    { _id: 'pin-message', roles: ['owner', 'moderator', 'admin'] },
    { _id: 'change-setting-Site_Name', roles: ['admin'], level: 'settings' },
    { _id: 'delete-c', roles: ['admin', 'owner'] },
    { _id: 'create-c', roles: ['admin', 'user', 'bot'] },
  ];

  test('rows leave out per-setting permissions, filter by every word, sort by id', () => {
    expect(permissionRows(perms, '').map((p) => p._id)).toEqual(['create-c', 'delete-c', 'pin-message']);
    expect(permissionRows(perms, 'C -c').map((p) => p._id)).toEqual(['create-c', 'delete-c']);
    expect(permissionRows(perms, 'setting')).toEqual([]);
  });

  test('a role is granted at the end or taken away in place', () => {
    expect(toggleRole(perms[0], 'user')).toEqual(['owner', 'moderator', 'admin', 'user']);
    expect(toggleRole(perms[0], 'moderator')).toEqual(['owner', 'admin']);
  });

  test('changes merge by id and keep what they do not carry', () => {
    const merged = mergePermissions(perms, [{ _id: 'delete-c', roles: ['admin'] }, { _id: 'new-one', roles: [] }]);
    expect(merged.find((p) => p._id === 'delete-c')?.roles).toEqual(['admin']);
    expect(merged.find((p) => p._id === 'change-setting-Site_Name')?.level).toBe('settings');
    expect(merged.map((p) => p._id)).toContain('new-one');
    expect(merged).toHaveLength(5);
  });
});

describe('statistics', () => {
  test('bars are shares of their group\'s largest value; missing figures are 0', () => {
    const groups = statisticsGroups({ totalUsers: 10, onlineUsers: 2, awayUsers: 1, offlineUsers: 8, totalRooms: 0, totalMessages: 'x' });
    expect(groups.map((g) => [g.key, g.total])).toEqual([
      ['users', 10],
      ['rooms', 0],
      ['messages', 0],
    ]);
    expect(groups[0].bars.map((b) => [b.key, b.value, b.pct])).toEqual([
      ['onlineUsers', 2, 25],
      ['awayUsers', 1, 13],
      ['busyUsers', 0, 0],
      ['offlineUsers', 8, 100],
    ]);
    expect(groups[1].bars.every((b) => b.pct === 0)).toBe(true);
  });
});

describe('download cookies', () => {
  const g = globalThis as { document?: { cookie: string } };
  let writes: string[] = [];
  afterEach(() => {
    delete g.document;
    writes = [];
  });

  test('sign-in sets rc_uid and rc_token for /file-upload, sign-out expires them', () => {
    g.document = {
      get cookie() {
        return '';
      },
      set cookie(v: string) {
        writes.push(v);
      },
    };
    setFileCookies('u 1', 'tok');
    expect(writes[0]).toMatch(/^rc_uid=u%201; Path=\/; Max-Age=7776000; SameSite=Strict/);
    expect(writes[1]).toMatch(/^rc_token=tok; Path=\/; Max-Age=7776000/);
    clearFileCookies();
    expect(writes.slice(2)).toEqual([expect.stringMatching(/^rc_uid=; Path=\/; Max-Age=0/), expect.stringMatching(/^rc_token=; Path=\/; Max-Age=0/)]);
  });
});
