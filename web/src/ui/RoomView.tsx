// One room: header (with the side panel's buttons), the message list (virtualised: long rooms
// keep only what is on screen in the DOM; scrolling to the top loads the page before), the
// typing line and the composer; the side panel (thread, pinned, starred, search, info,
// members) is a chunk of its own, loaded the first time one opens.
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { Box, Icon, IconButton } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { mainTimeline, messageLink, quotePrefix } from '../lib/messages';
import { messageActions } from './messageActions';
import { ms, type Message, type Subscription } from '../lib/types';
import { t } from '../strings';
import { Composer } from './Composer';
import { MessageRow } from './MessageRow';
import type { PanelKind } from './panels/RoomPanel';
import { roomPath, useChat } from './hooks';
import { filesOf } from '../lib/files';
import { UploadList } from './files/UploadList';
import { useUploads } from './files/useUploads';

const RoomPanel = lazy(() => import('./panels/RoomPanel'));
const BASE_INDEX = 1_000_000;

function typingLine(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t.typing1(names[0]);
  if (names.length === 2) return t.typing2(names[0], names[1]);
  return t.typingMany;
}

export function RoomView({
  session,
  sub,
  jumpTo,
  onBack,
  onNavigate,
}: {
  session: ChatSession;
  sub: Subscription;
  jumpTo: string | null;
  onBack: () => void;
  onNavigate: (path: string) => void;
}) {
  const snap = useChat(session);
  const rid = sub.rid;
  const roomName = sub.fname || sub.name;
  const rm = snap.messages.get(rid);
  const list = useMemo(() => mainTimeline(rm?.list ?? []), [rm]);
  const typing = snap.typing.get(rid) ?? [];
  const me = snap.me;
  const [panel, setPanel] = useState<PanelKind | null>(null);

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
  const [highlight, setHighlight] = useState<string | null>(null);

  const [text, setText] = useState('');
  const [editing, setEditing] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploads = useUploads(sub.rid, session.auth);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText('');
    setEditing(null);
    setError(null);
    input.current?.focus();
  }, [rid]);

  // ?msg=<id>: load back to the message if needed, scroll to it and mark it for a moment.
  // (Once the room is held: on a fresh load this effect runs before the shell opens the room.)
  const held = !!rm;
  useEffect(() => {
    if (!jumpTo || !held) return;
    let cancelled = false;
    void session.reveal(rid, jumpTo).then((found) => {
      if (cancelled || !found) return;
      const held = session.snapshot().messages.get(rid)?.list ?? [];
      const target = held.find((m) => m._id === jumpTo);
      if (target?.tmid && !target.tshow) {
        setPanel({ kind: 'thread', tmid: target.tmid });
        return;
      }
      setHighlight(jumpTo);
      scrollPending.current = jumpTo;
    });
    return () => {
      cancelled = true;
    };
  }, [jumpTo, held, rid, session]);

  // Scrolls to the revealed message once the list shows it. Virtuoso may still be settling
  // (mounting at its initial item, or adjusting for a page put in front), which can undo one
  // scroll; so it scrolls again until the message's row is in the DOM (at most ~2 s).
  const scrollPending = useRef<string | null>(null);
  const listRef = useRef(list);
  listRef.current = list;
  useEffect(() => {
    const id = scrollPending.current;
    if (!id) return;
    let tries = 0;
    const timer = setInterval(() => {
      const i = listRef.current.findIndex((m) => m._id === id);
      const shown = document.querySelector(`.room [data-mid="${CSS.escape(id)}"]`);
      if (shown || ++tries > 20) {
        clearInterval(timer);
        scrollPending.current = null;
        shown?.scrollIntoView({ block: 'center' });
        return;
      }
      if (i >= 0) virtuoso.current?.scrollToIndex({ index: i, align: 'center' });
    }, 100);
    return () => clearInterval(timer);
  }, [highlight]);

  const startEdit = (m: Message) => {
    setEditing(m);
    setText(m.msg);
    input.current?.focus();
  };
  const cancelEdit = () => {
    setEditing(null);
    setText('');
  };
  const quote = (m: Message) => {
    const link = messageLink(window.location.origin, roomPath(sub.t, sub.name, sub.rid), m._id);
    setText((v) => quotePrefix(link) + v.replace(/^\[ \]\([^)]*\) /, ''));
    input.current?.focus();
  };
  const actions = messageActions(session, sub, {
    onQuote: quote,
    onThread: (m) => setPanel({ kind: 'thread', tmid: m._id }),
    onEdit: startEdit,
    onError: setError,
    onNotice: (text) => {
      setNotice(text);
      setTimeout(() => setNotice(null), 3000);
    },
  });

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

  const panelButton = (kind: Exclude<PanelKind['kind'], 'thread'>, icon: Parameters<typeof IconButton>[0]['icon'], label: string) => (
    <IconButton
      icon={icon}
      small
      title={label}
      aria-label={label}
      aria-pressed={panel?.kind === kind}
      onClick={() => setPanel((p) => (p?.kind === kind ? null : { kind }))}
    />
  );

  return (
    <Box className='room-with-panel'>
      <Box
        is='main'
        className={`room${dragging ? ' room--drop' : ''}`}
        aria-label={roomName}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault(); // allows the drop
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          const files = filesOf(e.dataTransfer);
          setDragging(false);
          if (files.length === 0) return;
          e.preventDefault();
          uploads.start(files);
        }}
      >
        {dragging && (
          <Box className='drop-hint' aria-hidden='true'>
            {t.files.dropHere}
          </Box>
        )}
        <Box is='header' className='room__header'>
          <IconButton className='room__back' icon='arrow-back' small title={t.backToRooms} aria-label={t.backToRooms} onClick={onBack} />
          <Icon name={sub.t === 'd' ? 'at' : sub.t === 'p' ? 'hashtag-lock' : 'hashtag'} size='x20' aria-hidden='true' />
          <Box is='h2' fontScale='h4' marginInlineStart={8} flexGrow={1}>
            {roomName}
          </Box>
          {panelButton('search', 'magnifier', t.searchMessages)}
          {panelButton('pinned', 'pin', t.pinnedMessages)}
          {panelButton('starred', 'star', t.starredMessages)}
          {sub.t !== 'd' && panelButton('members', 'members', t.membersTitle)}
          {panelButton('files', 'clip', t.files.panel)}
          {panelButton('info', 'info', t.roomInfo)}
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
                return <MessageRow m={m} prev={i > 0 ? list[i - 1] : undefined} me={me} firstUnread={i === firstUnread} highlighted={m._id === highlight} actions={actions} />;
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
        {notice && (
          <Box role='status' className='notice' color='hint' fontScale='c1'>
            {notice}
          </Box>
        )}
        <UploadList uploads={uploads.list} onCancel={uploads.cancel} />
        {editing && (
          <Box className='editing' paddingInline={16} fontScale='c1' display='flex' alignItems='center'>
            <Box flexGrow={1}>{t.editing}</Box>
            <IconButton icon='cross' small title={t.cancelEdit} aria-label={t.cancelEdit} onClick={cancelEdit} />
          </Box>
        )}
        <Composer
          session={session}
          rid={rid}
          value={text}
          inputRef={input}
          label={t.composerLabel}
          placeholder={t.composerPlaceholder(roomName)}
          onChange={(v) => {
            setText(v);
            if (!editing) session.sendTyping(rid, v.length > 0);
          }}
          onSubmit={() => void submit()}
          onKeyDown={onKeyDown}
          onFiles={uploads.start}
        />
      </Box>
      {panel && (
        <Suspense fallback={<Box className='side-panel' padding={16}>{t.loading}</Box>}>
          <RoomPanel panel={panel} session={session} sub={sub} onClose={() => setPanel(null)} onNavigate={onNavigate} onQuote={quote} />
        </Suspense>
      )}
    </Box>
  );
}
