// The room list: channels, private groups and DMs, newest activity first, with unread and
// mention badges. Each entry is a link (keyboard: Tab and Enter; the URL is the room's).
import { Badge, Box, Icon, IconButton, StatusBullet } from '@rocket.chat/fuselage';
import type { UserStatus } from '../lib/chat';
import type { Subscription } from '../lib/types';
import { t } from '../strings';
import { roomPath } from './hooks';

const iconFor = (type: string) => (type === 'd' ? 'at' : type === 'p' ? 'hashtag-lock' : 'hashtag');

function RoomItem({
  sub,
  open,
  status,
  onOpen,
}: {
  sub: Subscription;
  open: boolean;
  status?: UserStatus;
  onOpen: (s: Subscription) => void;
}) {
  const name = sub.fname || sub.name;
  const unread = sub.unread || 0;
  const mentions = (sub.userMentions || 0) + (sub.groupMentions || 0);
  const href = roomPath(sub.t, sub.name, sub.rid);
  return (
    <li>
      <a
        className={`room-item${open ? ' room-item--open' : ''}${sub.alert || unread ? ' room-item--unread' : ''}`}
        href={href}
        aria-current={open ? 'page' : undefined}
        data-rid={sub.rid}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          onOpen(sub);
        }}
      >
        {status ? (
          <span className='room-item__status' role='img' aria-label={t.status[status]} title={t.status[status]} data-status={status}>
            <StatusBullet status={status} />
          </span>
        ) : (
          <Icon name={iconFor(sub.t)} size='x16' aria-hidden='true' />
        )}
        <span className='room-item__name'>{name}</span>
        {mentions > 0 && (
          <Badge variant='danger' title={t.mentionCount(mentions)} aria-label={t.mentionCount(mentions)}>
            @
          </Badge>
        )}
        {unread > 0 && (
          <Badge variant={mentions > 0 ? 'danger' : 'primary'} title={t.unreadCount(unread)} aria-label={t.unreadCount(unread)} className='unread-badge'>
            {unread}
          </Badge>
        )}
      </a>
    </li>
  );
}

export function RoomList({
  subs,
  statusOf,
  openRid,
  username,
  myStatus,
  onOpen,
  onSignOut,
  onCreate,
  onProfile,
  onDirectory,
  onAdmin,
  onEnableNotifications,
}: {
  subs: Subscription[];
  statusOf: (s: Subscription) => UserStatus | undefined;
  openRid: string | null;
  username: string;
  myStatus: UserStatus | 'invisible';
  onOpen: (s: Subscription) => void;
  onSignOut: () => void;
  onCreate: () => void;
  onProfile: () => void;
  onDirectory: () => void;
  onAdmin?: () => void; // admins only
  onEnableNotifications?: () => void; // while the browser has not been asked
}) {
  return (
    <Box is='nav' className='sidebar' aria-label={t.roomListLabel}>
      <Box className='sidebar__header'>
        <Box fontScale='h4' flexGrow={1} title={t.signedInAs(username)} display='flex' alignItems='center'>
          <span className='own-status' role='img' aria-label={t.myStatusIs(myStatus)} title={t.myStatusIs(myStatus)}>
            <StatusBullet status={myStatus === 'invisible' ? 'offline' : myStatus} />
          </span>
          {username}
        </Box>
        {onEnableNotifications && (
          <IconButton icon='bell' small title={t.enableNotifications} aria-label={t.enableNotifications} onClick={onEnableNotifications} />
        )}
        {onAdmin && <IconButton icon='cog' small title={t.admin.open} aria-label={t.admin.open} onClick={onAdmin} />}
        <IconButton icon='book' small title={t.directory} aria-label={t.directory} onClick={onDirectory} />
        <IconButton icon='user' small title={t.profile} aria-label={t.profile} onClick={onProfile} />
        <IconButton icon='pencil-box' small title={t.createRoom} aria-label={t.createRoom} onClick={onCreate} />
        <IconButton icon='sign-out' small title={t.signOut} aria-label={t.signOut} onClick={onSignOut} />
      </Box>
      {subs.length === 0 ? (
        <Box padding={16} color='hint'>
          {t.noRooms}
        </Box>
      ) : (
        <ul className='room-list'>
          {subs.map((s) => (
            <RoomItem key={s.rid} sub={s} open={s.rid === openRid} status={statusOf(s)} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </Box>
  );
}
