// The admin pages' pure logic: who may see them, which page a path names, what a form changed
// (so a save sends only that), and settings grouped as Rocket.Chat's admin shows them.

export type AdminSection = 'users' | 'rooms' | 'settings' | 'permissions' | 'statistics';
export const ADMIN_SECTIONS: AdminSection[] = ['users', 'rooms', 'settings', 'permissions', 'statistics'];

export interface AdminUser {
  _id: string;
  username: string;
  name?: string;
  emails?: Array<{ address: string; verified?: boolean }>;
  roles?: string[];
  active?: boolean;
  status?: string;
  type?: string;
}

export interface AdminRoom {
  _id: string;
  t: string;
  name?: string;
  fname?: string;
  topic?: string;
  ro?: boolean;
  default?: boolean;
  archived?: boolean;
  usersCount?: number;
  msgs?: number;
}

export type SettingType = 'boolean' | 'int' | 'string' | 'select';

export interface Setting {
  _id: string;
  value: unknown;
  type?: string;
  group?: string;
  section?: string;
  values?: Array<{ key: string; i18nLabel?: string }>;
  packageValue?: unknown;
  public?: boolean;
}

// Rocket.Chat's view-room-administration and friends belong to the admin role by default.
export const isAdmin = (roles: readonly string[] | undefined): boolean => !!roles?.includes('admin');

// '/admin' and '/admin/users' -> 'users', '/admin/rooms' -> 'rooms', ...; null when the path is
// not an admin page; an unknown sub-page falls back to the first one.
export function adminSection(path: string): AdminSection | null {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  if (parts[0] !== 'admin') return null;
  const section = parts[1] as AdminSection | undefined;
  return section && ADMIN_SECTIONS.includes(section) ? section : 'users';
}

// "admin, user  bot,admin" -> ['admin', 'user', 'bot'].
export function parseRoles(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

export interface UserForm {
  name: string;
  username: string;
  email: string;
  roles: string; // comma separated, as typed
  password: string; // empty: unchanged
  active: boolean;
}

export function userForm(user?: AdminUser): UserForm {
  return {
    name: user?.name ?? '',
    username: user?.username ?? '',
    email: user?.emails?.[0]?.address ?? '',
    roles: (user?.roles ?? ['user']).join(', '),
    password: '',
    active: user?.active ?? true,
  };
}

// users.update's `data` for what the form changed (active goes through users.setActiveStatus,
// RC's admin page does the same). Empty when nothing changed.
export function userUpdateData(user: AdminUser, form: UserForm): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const before = userForm(user);
  if (form.name.trim() !== before.name) data.name = form.name.trim();
  if (form.username.trim() !== before.username) data.username = form.username.trim();
  if (form.email.trim() !== before.email) data.email = form.email.trim();
  const roles = parseRoles(form.roles);
  const sameRoles = roles.length === (user.roles ?? []).length && roles.every((r) => user.roles?.includes(r));
  if (!sameRoles) data.roles = roles;
  if (form.password) data.password = form.password;
  return data;
}

// users.create's body.
export function userCreateBody(form: UserForm): Record<string, unknown> {
  return {
    name: form.name.trim(),
    username: form.username.trim(),
    email: form.email.trim(),
    password: form.password,
    roles: parseRoles(form.roles),
    active: form.active,
    verified: true,
  };
}

export interface RoomForm {
  name: string;
  topic: string;
  type: 'c' | 'p';
  readOnly: boolean;
  isDefault: boolean;
  archived: boolean;
}

export function roomForm(room: AdminRoom): RoomForm {
  return {
    name: room.name ?? '',
    topic: room.topic ?? '',
    type: room.t === 'p' ? 'p' : 'c',
    readOnly: !!room.ro,
    isDefault: !!room.default,
    archived: !!room.archived,
  };
}

// saveRoomSettings' settings object ({roomName, roomTopic, roomType, readOnly, default}) for
// what changed; archiving is its own call in RC (archiveRoom), so it is not in here.
export function roomSettingsPatch(room: AdminRoom, form: RoomForm): Record<string, unknown> {
  const before = roomForm(room);
  const patch: Record<string, unknown> = {};
  if (form.name.trim() && form.name.trim() !== before.name) patch.roomName = form.name.trim();
  if (form.topic !== before.topic) patch.roomTopic = form.topic;
  if (room.t !== 'd' && form.type !== before.type) patch.roomType = form.type;
  if (form.readOnly !== before.readOnly) patch.readOnly = form.readOnly;
  if (form.isDefault !== before.isDefault) patch.default = form.isDefault;
  return patch;
}

export interface SettingGroup {
  group: string;
  sections: Array<{ section: string; settings: Setting[] }>;
}

// Settings by group, then section (as the server reports them; none: ''), each sorted by name.
export function groupSettings(settings: Iterable<Setting>): SettingGroup[] {
  const groups = new Map<string, Map<string, Setting[]>>();
  for (const s of settings) {
    const g = s.group || 'General';
    const sec = s.section ?? '';
    if (!groups.has(g)) groups.set(g, new Map());
    const sections = groups.get(g)!;
    if (!sections.has(sec)) sections.set(sec, []);
    sections.get(sec)!.push(s);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, sections]) => ({
      group,
      sections: [...sections.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([section, list]) => ({ section, settings: list.sort((x, y) => x._id.localeCompare(y._id)) })),
    }));
}

// Which editor a setting gets: the server's type, or one guessed from the value.
export function settingType(s: Setting): SettingType {
  if (s.type === 'boolean' || s.type === 'int' || s.type === 'string' || s.type === 'select') return s.type;
  if (typeof s.value === 'boolean') return 'boolean';
  if (typeof s.value === 'number') return 'int';
  return 'string';
}

// An editor's text back to the setting's value; an error text for what is not valid.
export function parseSettingInput(s: Setting, raw: string | boolean): { value: unknown } | { error: string } {
  const type = settingType(s);
  if (type === 'boolean') return { value: raw === true || raw === 'true' };
  const text = String(raw);
  if (type === 'int') {
    if (!/^-?\d+$/.test(text.trim())) return { error: 'int' };
    return { value: Number.parseInt(text.trim(), 10) };
  }
  if (type === 'select' && s.values && !s.values.some((v) => v.key === text)) return { error: 'select' };
  return { value: text };
}

// A private-settings-changed / public-settings-changed event applied to the list.
export function applySettingEvent(list: Setting[], args: unknown[]): Setting[] {
  const [action, doc] = args as [string, Partial<Setting> | undefined];
  if (!doc?._id) return list;
  if (action === 'removed') return list.filter((s) => s._id !== doc._id);
  const i = list.findIndex((s) => s._id === doc._id);
  if (i < 0) return [...list, { value: undefined, ...doc } as Setting];
  const next = list.slice();
  next[i] = { ...list[i], ...doc };
  return next;
}

// GET statistics' figures the statistics page shows as bar charts: each group's bars with
// their share of the group's largest value (0-100), so the bars need no chart library.
export interface StatBar {
  key: string;
  value: number;
  pct: number;
}
export interface StatGroup {
  key: 'users' | 'rooms' | 'messages';
  total: number;
  bars: StatBar[];
}

const STAT_GROUPS: Array<{ key: StatGroup['key']; total: string; bars: string[] }> = [
  { key: 'users', total: 'totalUsers', bars: ['onlineUsers', 'awayUsers', 'busyUsers', 'offlineUsers'] },
  { key: 'rooms', total: 'totalRooms', bars: ['totalChannels', 'totalPrivateGroups', 'totalDirect'] },
  { key: 'messages', total: 'totalMessages', bars: ['totalChannelMessages', 'totalPrivateGroupMessages', 'totalDirectMessages'] },
];

export function statisticsGroups(stats: Record<string, unknown>): StatGroup[] {
  const num = (k: string) => (typeof stats[k] === 'number' ? (stats[k] as number) : 0);
  return STAT_GROUPS.map((g) => {
    const values = g.bars.map((k) => num(k));
    const max = Math.max(0, ...values);
    return {
      key: g.key,
      total: num(g.total),
      bars: g.bars.map((k, i) => ({ key: k, value: values[i], pct: max > 0 ? Math.round((values[i] / max) * 100) : 0 })),
    };
  });
}

export interface Permission {
  _id: string;
  roles: string[];
  group?: string;
  level?: string; // 'settings' for the per-setting permissions RC lists on another tab
  section?: string;
}

export interface Role {
  _id: string;
  name: string;
  scope?: string;
  description?: string;
  protected?: boolean;
}

// The permissions table's rows: not the per-setting ones, matching every word of the filter,
// by id.
export function permissionRows(list: Permission[], filter: string): Permission[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return list
    .filter((p) => p.level !== 'settings' && words.every((w) => p._id.toLowerCase().includes(w)))
    .sort((a, b) => a._id.localeCompare(b._id));
}

// The permission's roles with `role` granted or taken away (the order kept, once each).
export function toggleRole(p: Permission, role: string): string[] {
  return p.roles.includes(role) ? p.roles.filter((r) => r !== role) : [...p.roles, role];
}

// permissions.update's answer or a permissions-changed event, merged into the list by id.
export function mergePermissions(list: Permission[], changed: Permission[]): Permission[] {
  const byId = new Map(list.map((p) => [p._id, p]));
  for (const c of changed) byId.set(c._id, { ...byId.get(c._id), ...c });
  return [...byId.values()];
}
