// One room: header, the message list (virtualised: long rooms keep only what is on screen in
// the DOM; scrolling to the top loads the page before), the typing line and the composer.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import {
  Box,
  Icon,
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
  TextAreaInput,
} from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { ms, type Message, type Subscription } from '../lib/types';
import { t } from '../strings';
import { Markdown } from './Markdown';
import { QUICK_REACTIONS, reactionChar } from './reactions';
import { useChat } from './hooks';

const BASE_INDEX = 1_000_000;

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
          <button
            key={name}
            type='button'
            className={`reaction${mine ? ' reaction--mine' : ''}`}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            onClick={() => onReact(m, name)}
          >
            <span className='reaction-char'>{reactionChar(name)}</span>
            <span className='reaction-count'>{r.usernames.length}</span>
          </button>
        );
      })}
    </div>
  );
}

function MessageRow({
  m,
  prev,
  mine,
  me,
  firstUnread,
  onEdit,
  onDelete,
  onReact,
}: {
  m: Message;
  prev?: Message;
  mine: boolean;
  me: string;
  firstUnread: boolean;
  onEdit: (m: Message) => void;
  onDelete: (m: Message) => void;
  onReact: (m: Message, name: string) => void;
}) {
  const [picking, setPicking] = useState(false);
  const sequential =
    !firstUnread && !!prev && prev.u?._id === m.u?._id && ms(m.ts) - ms(prev.ts) < 5 * 60_000 && !m.t && !prev.t;
  return (
    <>
    {firstUnread && <MessageDivider unreadLabel={t.newMessages} />}
    <FMessage sequential={sequential} isPending={m.pending} className='message' data-mid={m._id} tabIndex={0} aria-label={`${m.u?.username}: ${m.msg}`}>
      <MessageLeftContainer>
        {!sequential && (
          <Box className='avatar' aria-hidden='true'>
            {(m.u?.username || '?').slice(0, 1).toUpperCase()}
          </Box>
        )}
      </MessageLeftContainer>
      <MessageContainer>
        {!sequential && (
          <MessageHeader>
            <MessageNameContainer>
              <MessageName>{m.u?.name || m.u?.username}</MessageName>
              {m.u?.name && m.u.name !== m.u.username && <MessageUsername>@{m.u.username}</MessageUsername>}
            </MessageNameContainer>
            <MessageTimestamp title={new Date(ms(m.ts)).toLocaleString()}>{time(m)}</MessageTimestamp>
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
        <Reactions m={m} me={me} onReact={onReact} />
      </MessageContainer>
      {!m.t && !m.pending && (
        <Box className={`message-actions${picking ? ' message-actions--open' : ''}`} role='group' aria-label={t.messageActions}>
          {picking &&
            QUICK_REACTIONS.map(([name, char]) => (
              <button
                key={name}
                type='button'
                className='reaction-pick'
                aria-label={t.reactWith(name)}
                title={t.reactWith(name)}
                onClick={() => {
                  setPicking(false);
                  onReact(m, name);
                }}
              >
                {char}
              </button>
            ))}
          <IconButton icon='emoji' small title={t.addReaction} aria-label={t.addReaction} aria-expanded={picking} onClick={() => setPicking((p) => !p)} />
          {mine && <IconButton icon='pencil' small title={t.edit} aria-label={t.edit} onClick={() => onEdit(m)} />}
          {mine && <IconButton icon='trash' small danger title={t.delete} aria-label={t.delete} onClick={() => onDelete(m)} />}
        </Box>
      )}
    </FMessage>
    </>
  );
}

function typingLine(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t.typing1(names[0]);
  if (names.length === 2) return t.typing2(names[0], names[1]);
  return t.typingMany;
}

export function RoomView({ session, sub, onBack }: { session: ChatSession; sub: Subscription; onBack: () => void }) {
  const snap = useChat(session);
  const rid = sub.rid;
  const roomName = sub.fname || sub.name;
  const rm = snap.messages.get(rid);
  const list = useMemo(() => rm?.list ?? [], [rm]);
  const typing = snap.typing.get(rid) ?? [];
  const me = snap.me;

  // Virtuoso wants firstItemIndex to fall by the number of items put in front.
  const anchor = useRef<{ rid: string; id: string | null }>({ rid, id: null });
  if (anchor.current.rid !== rid) anchor.current = { rid, id: null };
  let at = anchor.current.id ? list.findIndex((m) => m._id === anchor.current.id) : -1;
  if (at < 0 && list.length > 0) {
    anchor.current.id = list[0]._id;
    at = 0;
  }
  const firstItemIndex = BASE_INDEX - Math.max(0, at);
  const since = snap.unreadSince.get(rid);
  const firstUnread = useMemo(
    () => (since === undefined ? -1 : list.findIndex((m) => ms(m.ts) > since && m.u?._id !== me._id && !m.t)),
    [list, since, me._id],
  );
  const virtuoso = useRef<VirtuosoHandle>(null);

  const [text, setText] = useState('');
  const [editing, setEditing] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText('');
    setEditing(null);
    setError(null);
    input.current?.focus();
  }, [rid]);

  const startEdit = (m: Message) => {
    setEditing(m);
    setText(m.msg);
    input.current?.focus();
  };
  const cancelEdit = () => {
    setEditing(null);
    setText('');
  };
  const remove = async (m: Message) => {
    if (!window.confirm(t.confirmDelete)) return;
    await session.remove(m).catch(() => undefined);
  };

  const submit = async () => {
    const value = text.trim();
    if (!value) return;
    setError(null);
    setText('');
    try {
      if (editing) {
        const m = editing;
        setEditing(null);
        if (value !== m.msg) await session.edit(m, value);
      } else {
        await session.send(rid, value);
      }
    } catch {
      setError(t.sendFailed);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
      return;
    }
    if (e.key === 'Escape' && editing) {
      e.preventDefault();
      cancelEdit();
      return;
    }
    if (e.key === 'ArrowUp' && !text) {
      const last = [...list].reverse().find((m) => m.u?._id === me._id && !m.t && !m.pending);
      if (last) {
        e.preventDefault();
        startEdit(last);
      }
    }
  };

  return (
    <Box is='main' className='room' aria-label={roomName}>
      <Box is='header' className='room__header'>
        <IconButton className='room__back' icon='arrow-back' small title={t.backToRooms} aria-label={t.backToRooms} onClick={onBack} />
        <Icon name={sub.t === 'd' ? 'at' : sub.t === 'p' ? 'hashtag-lock' : 'hashtag'} size='x20' aria-hidden='true' />
        <Box is='h2' fontScale='h4' marginInlineStart={8}>
          {roomName}
        </Box>
      </Box>
      <Box className='room__messages' role='log' aria-label={t.messagesLabel(roomName)} aria-live='polite'>
        {rm && !rm.loading && !rm.hasMore && (
          <Box className='start-of-room' color='hint' padding={16} fontScale='p2'>
            {t.startOfRoom}
          </Box>
        )}
        {rm?.loading && list.length === 0 ? (
          <Box padding={16} color='hint'>
            {t.loadingHistory}
          </Box>
        ) : (
          <Virtuoso
            key={rid}
            ref={virtuoso}
            className='message-list'
            data={list}
            firstItemIndex={firstItemIndex}
            initialTopMostItemIndex={firstUnread >= 0 ? firstUnread : Math.max(0, list.length - 1)}
            followOutput={(atBottom) => (atBottom ? 'auto' : false)}
            startReached={() => void session.loadOlder(rid)}
            computeItemKey={(_, m) => m._id}
            itemContent={(index, m) => {
              const i = index - firstItemIndex;
              return (
                <MessageRow m={m} prev={i > 0 ? list[i - 1] : undefined} mine={m.u?._id === me._id}
                  me={me.username}
                  firstUnread={i === firstUnread}
                  onEdit={startEdit}
                  onDelete={(x) => void remove(x)}
                  onReact={(x, name) => void session.react(x, name).catch(() => undefined)}
                />
              );
            }}
          />
        )}
      </Box>
      <Box className='typing' aria-live='polite' color='hint' fontScale='c1'>
        {typingLine(typing)}
      </Box>
      {error && (
        <Box role='alert' color='danger' paddingInline={16} fontScale='c1'>
          {error}
        </Box>
      )}
      {editing && (
        <Box className='editing' paddingInline={16} fontScale='c1' display='flex' alignItems='center'>
          <Box flexGrow={1}>{t.editing}</Box>
          <IconButton icon='cross' small title={t.cancelEdit} aria-label={t.cancelEdit} onClick={cancelEdit} />
        </Box>
      )}
      <Box className='composer' display='flex' alignItems='flex-end'>
        <TextAreaInput
          ref={input}
          aria-label={t.composerLabel}
          placeholder={t.composerPlaceholder(roomName)}
          rows={1}
          value={text}
          onChange={(e) => {
            const v = (e.target as HTMLTextAreaElement).value;
            setText(v);
            if (!editing) session.sendTyping(rid, v.length > 0);
          }}
          onKeyDown={onKeyDown}
        />
        <IconButton icon='send' primary marginInlineStart={8} title={t.send} aria-label={t.send} disabled={!text.trim()} onClick={() => void submit()} />
      </Box>
    </Box>
  );
}
