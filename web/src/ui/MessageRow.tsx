// One message: author, time, body, reactions, thread summary, and its action toolbar (react,
// reply in thread, quote, copy link, pin, star, edit, delete).
import { useState } from 'react';
import {
  Box,
  IconButton,
  Message as FMessage,
  MessageBody,
  MessageContainer,
  MessageDivider,
  MessageHeader,
  MessageLeftContainer,
  MessageName,
  MessageNameContainer,
  MessageTimestamp,
  MessageUsername,
} from '@rocket.chat/fuselage';
import { isStarredBy } from '../lib/messages';
import { ms, type Message } from '../lib/types';
import { t } from '../strings';
import { Markdown } from './Markdown';
import { Attachments } from './files/Attachments';
import { QUICK_REACTIONS, reactionChar } from './reactions';

export interface MessageActions {
  onEdit?: (m: Message) => void;
  onDelete?: (m: Message) => void;
  onReact: (m: Message, name: string) => void;
  onThread?: (m: Message) => void; // absent inside a thread
  onQuote: (m: Message) => void;
  onCopyLink: (m: Message) => void;
  onPin?: (m: Message, pinned: boolean) => void; // absent without the permission
  onStar: (m: Message, starred: boolean) => void;
}

function time(m: Message) {
  return new Date(ms(m.ts)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function Reactions({ m, me, onReact }: { m: Message; me: string; onReact: (m: Message, name: string) => void }) {
  const entries = Object.entries(m.reactions ?? {}).filter(([, r]) => r.usernames?.length);
  if (entries.length === 0) return null;
  return (
    <div className='reactions'>
      {entries.map(([name, r]) => {
        const mine = r.usernames.includes(me);
        const label = t.reactionLabel(name, r.usernames);
        return (
          <button key={name} type='button' className={`reaction${mine ? ' reaction--mine' : ''}`} aria-pressed={mine} aria-label={label} title={label} onClick={() => onReact(m, name)}>
            <span className='reaction-char'>{reactionChar(name)}</span>
            <span className='reaction-count'>{r.usernames.length}</span>
          </button>
        );
      })}
    </div>
  );
}

// "3 replies": opens the thread.
function ThreadSummary({ m, onOpen }: { m: Message; onOpen: (m: Message) => void }) {
  if (!m.tcount) return null;
  return (
    <button type='button' className='thread-summary' onClick={() => onOpen(m)}>
      {t.replies(m.tcount)}
    </button>
  );
}

function Toolbar({ m, mine, me, actions }: { m: Message; mine: boolean; me: { _id: string }; actions: MessageActions }) {
  const [picking, setPicking] = useState(false);
  const starred = isStarredBy(m, me._id);
  const b = (icon: Parameters<typeof IconButton>[0]['icon'], label: string, onClick: () => void, extra = {}) => (
    <IconButton icon={icon} small title={label} aria-label={label} onClick={onClick} {...extra} />
  );
  return (
    <Box className={`message-actions${picking ? ' message-actions--open' : ''}`} role='group' aria-label={t.messageActions}>
      {picking &&
        QUICK_REACTIONS.map(([name, char]) => (
          <button key={name} type='button' className='reaction-pick' aria-label={t.reactWith(name)} title={t.reactWith(name)} onClick={() => {
            setPicking(false);
            actions.onReact(m, name);
          }}>
            {char}
          </button>
        ))}
      {b('emoji', t.addReaction, () => setPicking((p) => !p), { 'aria-expanded': picking })}
      {actions.onThread && b('thread', t.replyInThread, () => actions.onThread!(m))}
      {b('quote', t.quote, () => actions.onQuote(m))}
      {b('permalink', t.copyLink, () => actions.onCopyLink(m))}
      {actions.onPin && b('pin', m.pinned ? t.unpin : t.pin, () => actions.onPin!(m, !m.pinned), { 'aria-pressed': !!m.pinned })}
      {b(starred ? 'star-filled' : 'star', starred ? t.unstar : t.star, () => actions.onStar(m, !starred), { 'aria-pressed': starred })}
      {mine && actions.onEdit && b('pencil', t.edit, () => actions.onEdit!(m))}
      {mine && actions.onDelete && b('trash', t.delete, () => actions.onDelete!(m), { danger: true })}
    </Box>
  );
}

export function MessageRow({
  m,
  prev,
  me,
  firstUnread = false,
  highlighted = false,
  actions,
}: {
  m: Message;
  prev?: Message;
  me: { _id: string; username: string };
  firstUnread?: boolean;
  highlighted?: boolean;
  actions: MessageActions;
}) {
  const mine = m.u?._id === me._id;
  const sequential =
    !firstUnread && !!prev && prev.u?._id === m.u?._id && ms(m.ts) - ms(prev.ts) < 5 * 60_000 && !m.t && !prev.t && !m.tcount && !prev.tcount;
  return (
    <>
      {firstUnread && <MessageDivider unreadLabel={t.newMessages} />}
      <FMessage
        sequential={sequential}
        isPending={m.pending}
        className={`message${highlighted ? ' message--highlighted' : ''}`}
        data-mid={m._id}
        tabIndex={0}
        aria-label={`${m.u?.username}: ${m.msg}`}
      >
        <MessageLeftContainer>
          {!sequential && <img className='avatar' src={`/avatar/${encodeURIComponent(m.u?.username || '')}`} alt='' aria-hidden='true' loading='lazy' />}
        </MessageLeftContainer>
        <MessageContainer>
          {!sequential && (
            <MessageHeader>
              <MessageNameContainer>
                <MessageName>{m.u?.name || m.u?.username}</MessageName>
                {m.u?.name && m.u.name !== m.u.username && <MessageUsername>@{m.u.username}</MessageUsername>}
              </MessageNameContainer>
              <MessageTimestamp title={new Date(ms(m.ts)).toLocaleString()}>{time(m)}</MessageTimestamp>
              {m.pinned && <Box is='span' className='message-flag' color='hint' fontScale='c1'>{t.pinnedFlag}</Box>}
            </MessageHeader>
          )}
          <MessageBody className='message-body'>
            {m.t ? <em>{m.msg || m.t}</em> : <Markdown md={m.md} fallback={m.msg} />}
            {m.editedAt && (
              <Box is='span' className='edited' color='hint' fontScale='c1'>
                {t.edited}
              </Box>
            )}
          </MessageBody>
          <Attachments m={m} />
          <Reactions m={m} me={me.username} onReact={actions.onReact} />
          {actions.onThread && <ThreadSummary m={m} onOpen={actions.onThread} />}
        </MessageContainer>
        {!m.t && !m.pending && <Toolbar m={m} mine={mine} me={me} actions={actions} />}
      </FMessage>
    </>
  );
}
