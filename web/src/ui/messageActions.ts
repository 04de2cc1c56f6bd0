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
  extra: { onQuote: (m: Message) => void; onThread?: (m: Message) => void; onEdit?: (m: Message) => void },
): MessageActions {
  const ignore = () => undefined;
  return {
    ...extra,
    onReact: (m, name) => void session.react(m, name).catch(ignore),
    onDelete: (m) => {
      if (window.confirm(t.confirmDelete)) void session.remove(m).catch(ignore);
    },
    onCopyLink: (m) => void Promise.resolve(navigator.clipboard?.writeText(messageLink(window.location.origin, roomPath(sub.t, sub.name, sub.rid), m._id))).catch(ignore),
    onPin: (m, pinned) => void session.setPinned(m, pinned).catch(ignore),
    onStar: (m, starred) => void session.setStarred(m, starred).catch(ignore),
  };
}

