// The room's members with their presence (watched only while this panel shows them, as RC 7),
// adding one by username and, for owners, removing one (RC 7's addUsersToRoom and
// removeUserFromRoom methods).
import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, IconButton, StatusBullet, TextInput } from '@rocket.chat/fuselage';
import type { UserStatus } from '../../lib/chat';
import { t } from '../../strings';
import { useChat } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';

export function MembersPanel({ session, sub, onClose }: PanelProps & { onClose: () => void }) {
  const snap = useChat(session);
  const members = snap.members.get(sub.rid);
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | null>(null);
  const owner = !!sub.roles?.includes('owner');

  useEffect(() => {
    void session.loadMembers(sub.rid, true).catch(() => setError(t.loadFailed));
    return () => session.showUsers([]);
  }, [session, sub.rid]);
  const ids = members?.map((m) => m._id).join(',');
  useEffect(() => {
    if (ids) session.showUsers(ids.split(','));
  }, [session, ids]);

  const run = (p: Promise<unknown>) => p.catch((e: Error) => setError(e.message || t.actionFailed));
  const invite = (e: FormEvent) => {
    e.preventDefault();
    const u = username.trim().replace(/^@/, '');
    if (!u) return;
    setError(null);
    setUsername('');
    void run(session.addMembers(sub.rid, [u]));
  };

  return (
    <PanelFrame title={t.membersTitle} onClose={onClose}>
      <Box is='form' padding={12} display='flex' onSubmit={invite}>
        <TextInput aria-label={t.inviteLabel} placeholder={t.inviteLabel} value={username} onChange={(e) => setUsername((e.target as HTMLInputElement).value)} />
        <Button type='submit' small primary marginInlineStart={8} disabled={!username.trim()}>
          {t.invite}
        </Button>
      </Box>
      {error && (
        <Box role='alert' color='danger' paddingInline={12}>
          {error}
        </Box>
      )}
      <ul className='members' aria-label={t.membersTitle}>
        {(members ?? []).map((m) => {
          const status = (m._id === snap.me._id ? 'online' : (snap.presence.get(m._id) ?? m.status ?? 'offline')) as UserStatus;
          return (
            <li key={m._id} className='member'>
              <span role='img' aria-label={t.status[status] ?? status} title={t.status[status]}>
                <StatusBullet status={status} />
              </span>
              <img className='avatar avatar--small' src={`/avatar/${encodeURIComponent(m.username)}`} alt='' />
              <span className='member__name'>
                {m.username}
                {m._id === snap.me._id && ` (${t.you})`}
              </span>
              {owner && m._id !== snap.me._id && (
                <IconButton icon='cross' small danger title={t.kick(m.username)} aria-label={t.kick(m.username)} onClick={() => {
                  if (window.confirm(t.confirmKick(m.username))) void run(session.removeMember(sub.rid, m.username));
                }} />
              )}
            </li>
          );
        })}
      </ul>
    </PanelFrame>
  );
}
