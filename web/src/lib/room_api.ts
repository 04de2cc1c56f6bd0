// The REST calls for actions parley (like Rocket.Chat's public API) offers no DDP method for
// (room settings go through the saveRoomSettings method: roomSettingsChanges below).
// Each runs on a person's click, never on a timer, so RC's REST limiter (10 calls per route
// per minute per client IP) is not reached in normal use (web/README.md lists every call).
import { fromRest } from './chat';
import { rest, type Auth } from './rest';
import type { Message, Room } from './types';

// channels.* for public rooms, groups.* for private ones, im.* for DMs.
export function roomApiPrefix(t: string): 'channels' | 'groups' | 'im' {
  return t === 'p' ? 'groups' : t === 'd' ? 'im' : 'channels';
}

const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export class RoomApi {
  constructor(private readonly auth: () => Auth | null) {}

  private a(): Auth {
    const a = this.auth();
    if (!a) throw new Error('not signed in');
    return a;
  }

  async search(rid: string, text: string): Promise<Message[]> {
    const r = await rest<{ messages: Message[] }>('GET', `chat.search?${q({ roomId: rid, searchText: text, count: 50 })}`, this.a());
    return r.messages.map(fromRest);
  }

  async pinned(rid: string): Promise<Message[]> {
    const r = await rest<{ messages: Message[] }>('GET', `chat.getPinnedMessages?${q({ roomId: rid, count: 100 })}`, this.a());
    return r.messages.map(fromRest);
  }

  async starred(rid: string): Promise<Message[]> {
    const r = await rest<{ messages: Message[] }>('GET', `chat.getStarredMessages?${q({ roomId: rid, count: 100 })}`, this.a());
    return r.messages.map(fromRest);
  }

  async invite(room: Pick<Room, '_id' | 't'>, username: string) {
    await rest('POST', `${roomApiPrefix(room.t)}.invite`, this.a(), { roomId: room._id, username });
  }

  async kick(room: Pick<Room, '_id' | 't'>, userId: string) {
    await rest('POST', `${roomApiPrefix(room.t)}.kick`, this.a(), { roomId: room._id, userId });
  }

  // Hides the room from the list until its next message (RC's hideRoom; REST *.close).
  async hide(room: Pick<Room, '_id' | 't'>) {
    await rest('POST', `${roomApiPrefix(room.t)}.close`, this.a(), { roomId: room._id });
  }

  // The directory's pages. parley has no `directory` route yet (RC 7's, which filters on the
  // server); channels.list and users.list are fetched a page at a time and filtered here.
  async channelsPage(offset: number): Promise<{ items: Room[]; total: number }> {
    const r = await rest<{ channels: Room[]; total: number }>('GET', `channels.list?${q({ offset, count: DIRECTORY_PAGE })}`, this.a());
    return { items: r.channels, total: r.total };
  }

  async usersPage(offset: number): Promise<{ items: DirectoryUser[]; total: number }> {
    const r = await rest<{ users: DirectoryUser[]; total: number }>('GET', `users.list?${q({ offset, count: DIRECTORY_PAGE })}`, this.a());
    return { items: r.users, total: r.total };
  }

  async setAvatar(file: Blob) {
    const form = new FormData();
    form.append('image', file);
    const a = this.a();
    const res = await fetch('/api/v1/users.setAvatar', {
      method: 'POST',
      headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.authToken },
      body: form,
    });
    if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: string } | null)?.error || `HTTP ${res.status}`);
  }

  async resetAvatar() {
    await rest('POST', 'users.resetAvatar', this.a(), {});
  }
}

export const DIRECTORY_PAGE = 100;

export interface DirectoryUser {
  _id: string;
  username: string;
  name?: string;
  status?: string;
}

// Items whose names contain every word of the query, any case.
export function filterByName<T>(items: T[], query: string, names: (item: T) => Array<string | undefined>): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const hay = names(item).filter(Boolean).join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface RoomSettings {
  name: string;
  topic: string;
  announcement: string;
  readOnly: boolean;
  type: 'c' | 'p';
}

// What saveRoomSettings (RC 7's method, one call for the whole form) gets: only the changed
// settings, by RC's names. Empty when nothing changed.
export function roomSettingsChanges(room: Room, next: RoomSettings): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (next.name.trim() && next.name.trim() !== room.name) changes.roomName = next.name.trim();
  if (next.topic !== (room.topic ?? '')) changes.roomTopic = next.topic;
  if (next.announcement !== (room.announcement ?? '')) changes.roomAnnouncement = next.announcement;
  if (next.readOnly !== !!room.ro) changes.readOnly = next.readOnly;
  if (room.t !== 'd' && next.type !== room.t) changes.roomType = next.type;
  return changes;
}
