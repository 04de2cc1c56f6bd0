// The room's side panel: one of thread, pinned, starred, search, info, members. Loaded lazily
// (a chunk of its own) the first time a panel opens.
import { Box, IconButton } from '@rocket.chat/fuselage';
import type { ReactNode } from 'react';
import type { ChatSession } from '../../lib/chat';
import type { Message, Subscription } from '../../lib/types';
import { t } from '../../strings';
import { FilesPanel } from './FilesPanel';
import { InfoPanel } from './InfoPanel';
import { MembersPanel } from './MembersPanel';
import { MessagesPanel } from './MessagesPanel';
import { ThreadPanel } from './ThreadPanel';

export type PanelKind =
  | { kind: 'thread'; tmid: string }
  | { kind: 'pinned' }
  | { kind: 'starred' }
  | { kind: 'search' }
  | { kind: 'info' }
  | { kind: 'members' }
  | { kind: 'files' };

export interface PanelProps {
  session: ChatSession;
  sub: Subscription;
  onNavigate: (path: string) => void;
  onQuote: (m: Message) => void;
}

export function PanelFrame({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  return (
    <Box is='aside' className='side-panel' aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <Box className='side-panel__header'>
        <Box is='h3' fontScale='h4' flexGrow={1}>
          {title}
        </Box>
        <IconButton icon='cross' small title={t.closePanel} aria-label={t.closePanel} onClick={onClose} />
      </Box>
      <Box className='side-panel__body'>{children}</Box>
    </Box>
  );
}

export default function RoomPanel({ panel, onClose, ...props }: PanelProps & { panel: PanelKind; onClose: () => void }) {
  switch (panel.kind) {
    case 'thread':
      return <ThreadPanel key={panel.tmid} tmid={panel.tmid} onClose={onClose} {...props} />;
    case 'info':
      return <InfoPanel onClose={onClose} {...props} />;
    case 'members':
      return <MembersPanel onClose={onClose} {...props} />;
    case 'files':
      return <FilesPanel onClose={onClose} {...props} />;
    default:
      return <MessagesPanel key={panel.kind} kind={panel.kind} onClose={onClose} {...props} />;
  }
}
