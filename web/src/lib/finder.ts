// Looking for something, as RC 7's web client does it: DDP methods, which the REST limiter does
// not count, so they may follow typing (debounced) rather than wait for Enter.
// - spotlight(text, usernames, {users, rooms, mentions}, rid): the quick switcher and the
//   composer's @/# popup (RC's ComposerPopupProvider, sidebar search);
// - browseChannels({text, type, sortBy, sortDirection, offset, limit}): the directory (RC 7's
//   directory page asks REST GET directory, the same finder on the server; the method keeps
//   typing off the REST limiter);
// - messageSearch(text, rid | undefined, limit): the search panel; without a room it searches
//   every room of the user, which the server does only while
//   Search.defaultProvider.GlobalSearchEnabled is on (RC's rocketchatSearch.search does the same).
import type { DdpClient } from './ddp';
import type { Message, Room } from './types';

export interface SpotlightUser {
  _id: string;
  username: string;
  name?: string;
  status?: string;
  outside?: boolean; // not a member of the room asked about
}

export interface SpotlightRoom {
  _id: string;
  t: string;
  name: string;
  fname?: string;
}

export interface SpotlightResult {
  users: SpotlightUser[];
  rooms: SpotlightRoom[];
}

export interface DirectoryUser {
  _id: string;
  username: string;
  name?: string;
}

export interface DirectoryPage<T> {
  items: T[];
  total: number;
}

export const DIRECTORY_PAGE = 50;
export const SEARCH_LIMIT = 50;
export const GLOBAL_SEARCH_SETTING = 'Search.defaultProvider.GlobalSearchEnabled';

export class Finder {
  constructor(private readonly ddp: DdpClient) {}

  async spotlight(text: string, kinds: { users?: boolean; rooms?: boolean }, opts: { usernames?: string[]; rid?: string } = {}): Promise<SpotlightResult> {
    const r = await this.ddp.call<Partial<SpotlightResult> | undefined>('spotlight', text, opts.usernames ?? [], { ...kinds, mentions: true }, opts.rid);
    return { users: r?.users ?? [], rooms: r?.rooms ?? [] };
  }

  async channels(text: string, offset: number): Promise<DirectoryPage<Room>> {
    return this.browse<Room>('channels', text, offset);
  }

  async users(text: string, offset: number): Promise<DirectoryPage<DirectoryUser>> {
    return this.browse<DirectoryUser>('users', text, offset);
  }

  private async browse<T>(type: 'channels' | 'users', text: string, offset: number): Promise<DirectoryPage<T>> {
    const r = await this.ddp.call<{ total: number; results: T[] } | undefined>('browseChannels', {
      text,
      type,
      sortBy: type === 'users' ? 'username' : 'name',
      sortDirection: 'asc',
      offset,
      limit: DIRECTORY_PAGE,
    });
    return { items: r?.results ?? [], total: r?.total ?? 0 };
  }

  // `rid` null: every room of the user (the server answers nothing while global search is off).
  async search(text: string, rid: string | null): Promise<Message[]> {
    const r = await this.ddp.call<{ message?: { docs?: Message[] } } | false>('messageSearch', text, rid ?? undefined, SEARCH_LIMIT);
    return (r && r.message?.docs) || [];
  }

  // Whether the server searches across rooms (a public setting: no login needed to read it).
  async globalSearchEnabled(): Promise<boolean> {
    const settings = await this.ddp.call<Array<{ _id: string; value: unknown }>>('public-settings/get');
    return settings.some((s) => s._id === GLOBAL_SEARCH_SETTING && s.value === true);
  }

  // Its changes, from stream-notify-all `public-settings-changed` (['updated', {_id, value}]),
  // while someone looks (the search panel); answers the stop.
  watchGlobalSearch(l: (on: boolean) => void): () => void {
    return this.ddp.stream('stream-notify-all', 'public-settings-changed', (args) => {
      const setting = args[1] as { _id?: string; value?: unknown } | undefined;
      if (setting?._id === GLOBAL_SEARCH_SETTING) l(setting.value === true);
    });
  }
}

// The switcher's list: the user's own rooms that match first (activity order, names starting
// with the query before the rest), then what spotlight found that the user has no room for yet
// (a user without a DM, a public channel not joined). At most `limit`.
export type SwitcherItem =
  | { kind: 'sub'; key: string; label: string; rid: string; t: string; name: string }
  | { kind: 'user'; key: string; label: string; username: string }
  | { kind: 'room'; key: string; label: string; rid: string; name: string };

export function switcherItems(
  subs: Array<{ rid: string; t: string; name: string; fname?: string }>,
  query: string,
  found: SpotlightResult | null,
  myUsername: string,
  limit = 10,
): SwitcherItem[] {
  const q = query.trim().toLowerCase();
  const own = subs
    .map((s, i) => ({ s, i, name: (s.fname || s.name).toLowerCase() }))
    .filter((x) => !q || x.name.includes(q) || x.s.name.toLowerCase().includes(q))
    .map((x) => ({ ...x, rank: q && (x.name.startsWith(q) || x.s.name.toLowerCase().startsWith(q)) ? 0 : 1 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ s }): SwitcherItem => ({ kind: 'sub', key: s.rid, label: `${s.t === 'd' ? '@' : '#'} ${s.fname || s.name}`, rid: s.rid, t: s.t, name: s.name }));
  const dmNames = new Set(subs.filter((s) => s.t === 'd').map((s) => s.name));
  const joined = new Set(subs.map((s) => s.rid));
  const more: SwitcherItem[] = [];
  if (q && found) {
    for (const u of found.users) {
      if (u.username === myUsername || dmNames.has(u.username)) continue;
      more.push({ kind: 'user', key: `u:${u._id}`, label: `@ ${u.username}${u.name && u.name !== u.username ? ` (${u.name})` : ''}`, username: u.username });
    }
    for (const r of found.rooms) {
      if (joined.has(r._id)) continue;
      more.push({ kind: 'room', key: `r:${r._id}`, label: `# ${r.fname || r.name}`, rid: r._id, name: r.name });
    }
  }
  return [...own, ...more].slice(0, limit);
}

// Composer suggestions: the local ones (known at once) first, then the server's, without
// repeating a key; at most `limit`.
export function mergeByKey<T extends { key: string }>(local: T[], server: T[], limit = 8): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of [...local, ...server]) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
