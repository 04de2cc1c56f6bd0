// Browser notifications and the tab title, from the user's `notification` stream and badges.
import type { NotificationEvent } from './chat';
import type { Subscription } from './types';

// RC 7 notifies when the tab is hidden, or when the message is for a room not on screen; only
// with the browser's permission, and never for one's own messages.
export function shouldNotify(
  n: NotificationEvent,
  state: { hidden: boolean; permission: string; openRid: string | null; myId: string },
): boolean {
  if (state.permission !== 'granted') return false;
  if (n.payload.sender?._id === state.myId) return false;
  return state.hidden || n.payload.rid !== state.openRid;
}

// "(3) parley": the unread messages across rooms; mentions alone count one each.
export function tabTitle(subs: Subscription[], appName: string): string {
  const unread = subs.reduce((n, s) => n + (s.unread || (s.alert ? 1 : 0)), 0);
  return unread > 0 ? `(${unread}) ${appName}` : appName;
}

// The path that opens a notification's room (and thread message).
export function notificationPath(n: NotificationEvent): string {
  const { type, rid, name, _id } = n.payload;
  const base = type === 'd' ? `/direct/${encodeURIComponent(rid)}` : `/${type === 'p' ? 'group' : 'channel'}/${encodeURIComponent(name ?? rid)}`;
  return `${base}?msg=${encodeURIComponent(_id)}`;
}
