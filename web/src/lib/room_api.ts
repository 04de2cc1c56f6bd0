// The REST calls for actions RC 7's web client also makes over REST (the pinned and starred
// lists, the avatar). Search, members, hiding and the directory are DDP methods now (finder.ts,
// chat.ts); room settings go through the saveRoomSettings method (roomSettingsChanges below).
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

  async pinned(rid: string): Promise<Message[]> {
    const r = await rest<{ messages: Message[] }>('GET', `chat.getPinnedMessages?${q({ roomId: rid, count: 100 })}`, this.a());
    return r.messages.map(fromRest);
  }

  async starred(rid: string): Promise<Message[]> {
    const r = await rest<{ messages: Message[] }>('GET', `chat.getStarredMessages?${q({ roomId: rid, count: 100 })}`, this.a());
    return r.messages.map(fromRest);
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
