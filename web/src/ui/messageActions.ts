// The actions every message offers, wherever it is shown (room, thread, panel lists): the
// changed message comes back on the room stream, so none of them updates anything locally.
import type { ChatSession } from '../lib/chat';
import { messageLink } from '../lib/messages';
import type { Message, Subscription } from '../lib/types';
import { t } from '../strings';
import type { MessageActions } from './MessageRow';
import { roomPath } from './hooks';

export function messageActions(
  session: ChatSession,
  sub: Subscription,
  extra: {
    onQuote: (m: Message) => void;
    onThread?: (m: Message) => void;
    onEdit?: (m: Message) => void;
    onError?: (message: string) => void;
    onNotice?: (message: string) => void; // a short confirmation ("Link copied.")
  },
): MessageActions {
  const failed = (e: Error) => extra.onError?.(e?.message || t.actionFailed);
  // Pinning needs RC's pin-message permission: owners and moderators of the room (and admins,
  // whose global role the app does not load; they pin through the room's owner role or REST).
  const canPin = !!sub.roles?.some((r) => r === 'owner' || r === 'moderator');
  return {
    ...extra,
    onReact: (m, name) => void session.react(m, name).catch(failed),
    onDelete: (m) => {
      if (window.confirm(t.confirmDelete)) void session.remove(m).catch(failed);
    },
    onCopyLink: (m) => {
      const link = messageLink(window.location.origin, roomPath(sub.t, sub.name, sub.rid), m._id);
      // The clipboard API exists only in secure contexts (https, localhost).
      if (!navigator.clipboard) return extra.onError?.(t.copyUnavailable(link));
      navigator.clipboard.writeText(link).then(() => extra.onNotice?.(t.linkCopied), () => extra.onError?.(t.copyUnavailable(link)));
    },
    onPin: canPin ? (m, pinned) => void session.setPinned(m, pinned).catch(failed) : undefined,
    onStar: (m, starred) => void session.setStarred(m, starred).catch(failed),
  };
}

