// What the app derives from messages: which show in the room and which in a thread, who
// starred what, and message links as Rocket.Chat 7's client writes them.
import { ms, type Message } from './types';

// The room's own timeline: thread replies stay in their thread unless sent "also to the room"
// (tshow), as in Rocket.Chat.
export function mainTimeline(list: Message[]): Message[] {
  return list.some((m) => m.tmid && !m.tshow) ? list.filter((m) => !m.tmid || m.tshow) : list;
}

export function threadReplies(list: Message[], tmid: string): Message[] {
  return list.filter((m) => m.tmid === tmid);
}

export const isStarredBy = (m: Message, uid: string) => !!m.starred?.some((s) => s._id === uid);

// A permalink: the room's path with ?msg=<id>. RC 7's client opens the room at that message.
export function messageLink(origin: string, roomPath: string, id: string): string {
  return `${origin}${roomPath}?msg=${encodeURIComponent(id)}`;
}

// RC 7's quote: the composer starts with an empty-labelled link to the quoted message; the
// server turns it into a quote attachment, other clients render it as such.
export function quotePrefix(link: string): string {
  return `[ ](${link}) `;
}

// The message id a location asks to jump to (?msg=<id>), if any.
export function jumpTarget(search: string): string | null {
  const id = new URLSearchParams(search).get('msg');
  return id && /^[\w-]{1,64}$/.test(id) ? id : null;
}

// A fetched list (pinned, starred) kept current by the room's held messages: a held copy
// replaces the fetched one, and held messages that now match (pinned a moment ago) join it.
// Newest first, as RC lists them.
export function liveFilter(fetched: Message[], held: Message[], matches: (m: Message) => boolean): Message[] {
  const byId = new Map(fetched.map((m) => [m._id, m]));
  for (const m of held) if (byId.has(m._id) || matches(m)) byId.set(m._id, m);
  return [...byId.values()].filter(matches).sort((a, b) => ms(b.ts) - ms(a.ts));
}
