// The room's files: channels.files / groups.files / im.files once when the panel opens (REST,
// newest first), kept current from the room's messages (new uploads come on its stream).
import { useEffect, useMemo, useState } from 'react';
import { Box, Icon } from '@rocket.chat/fuselage';
import { filesRoute, formatSize, mergeRoomFiles, type RoomFile } from '../../lib/files';
import { rest } from '../../lib/rest';
import { t } from '../../strings';
import { useChat } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';

function FileItem({ f }: { f: RoomFile }) {
  const url = f.url ?? f.path ?? `/file-upload/${f._id}/${encodeURIComponent(f.name)}`;
  const image = f.type?.startsWith('image/');
  return (
    <li className='file-item'>
      {image ? <img className='file-item__thumb' src={url} alt='' loading='lazy' /> : <Icon name='file' size='x24' aria-hidden='true' />}
      <Box flexGrow={1} minWidth={0}>
        <a className='file-item__name' href={url} download={f.name} aria-label={t.files.download(f.name)}>
          {f.name}
        </a>
        <Box fontScale='c1' color='hint'>
          {[formatSize(f.size), f.user ? t.files.by(f.user.username) : ''].filter(Boolean).join(' · ')}
        </Box>
      </Box>
    </li>
  );
}

export function FilesPanel({ session, sub, onClose }: PanelProps & { onClose: () => void }) {
  const snap = useChat(session);
  const [fetched, setFetched] = useState<RoomFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const auth = session.auth();
    if (!auth) return;
    const sort = encodeURIComponent(JSON.stringify({ uploadedAt: -1 }));
    rest<{ files: RoomFile[] }>('GET', `${filesRoute(sub.t)}?roomId=${encodeURIComponent(sub.rid)}&sort=${sort}&count=50`, auth).then(
      (r) => setFetched(r.files),
      () => setError(t.loadFailed),
    );
  }, [session, sub.rid, sub.t]);
  const held = snap.messages.get(sub.rid)?.list;
  const files = useMemo(() => (fetched ? mergeRoomFiles(fetched, held ?? []) : null), [fetched, held]);

  return (
    <PanelFrame title={t.files.panel} onClose={onClose}>
      {error && (
        <Box role='alert' color='danger' padding={12}>
          {error}
        </Box>
      )}
      {!files ? (
        <Box padding={12} color='hint'>
          {t.loading}
        </Box>
      ) : files.length === 0 ? (
        <Box padding={12} color='hint'>
          {t.files.none}
        </Box>
      ) : (
        <ul className='files' aria-label={t.files.panel}>
          {files.map((f) => (
            <FileItem key={f._id} f={f} />
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}
