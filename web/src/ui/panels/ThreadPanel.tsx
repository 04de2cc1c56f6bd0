// A thread: its parent message, the replies (REST once, then live from the room stream) and a
// composer that replies with the parent's id (tmid).
import { useEffect, useState } from 'react';
import { Box } from '@rocket.chat/fuselage';
import { t } from '../../strings';
import { Composer } from '../Composer';
import { MessageRow } from '../MessageRow';
import { messageActions } from '../messageActions';
import { useChat } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';
import { UploadList } from '../files/UploadList';
import { useUploads } from '../files/useUploads';

export function ThreadPanel({ session, sub, tmid, onClose, onQuote }: PanelProps & { tmid: string; onClose: () => void }) {
  const snap = useChat(session);
  const parent = snap.messages.get(sub.rid)?.list.find((m) => m._id === tmid);
  const thread = snap.threads.get(tmid);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const uploads = useUploads(sub.rid, session.auth, tmid); // files sent as replies
  useEffect(() => {
    void session.openThread(sub.rid, tmid).catch(() => setError(t.loadFailed));
  }, [session, sub.rid, tmid]);
  const actions = messageActions(session, sub, { onQuote, onError: setError });
  const replies = thread?.list ?? [];
  const submit = async () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    setError(null);
    await session.send(sub.rid, value, tmid).catch(() => setError(t.sendFailed));
  };
  return (
    <PanelFrame title={parent ? t.threadOf(parent.u?.name || parent.u?.username) : t.thread} onClose={onClose}>
      <Box className='thread' role='log' aria-label={t.thread}>
        {parent && (
          <Box className='thread__parent'>
            <MessageRow m={parent} me={snap.me} actions={actions} />
          </Box>
        )}
        {thread?.loading ? (
          <Box padding={16} color='hint'>
            {t.loading}
          </Box>
        ) : replies.length === 0 ? (
          <Box padding={16} color='hint'>
            {t.noReplies}
          </Box>
        ) : (
          replies.map((m, i) => <MessageRow key={m._id} m={m} prev={replies[i - 1]} me={snap.me} actions={actions} />)
        )}
      </Box>
      {error && (
        <Box role='alert' color='danger' paddingInline={16} fontScale='c1'>
          {error}
        </Box>
      )}
      <UploadList uploads={uploads.list} onCancel={uploads.cancel} />
      <Composer
        session={session}
        rid={sub.rid}
        value={text}
        onChange={setText}
        onSubmit={() => void submit()}
        onFiles={uploads.start}
        label={t.threadComposerLabel}
        placeholder={t.threadPlaceholder}
      />
    </PanelFrame>
  );
}
