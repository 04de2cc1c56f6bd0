// The admin pages (/admin/users, /rooms, /settings, /permissions, /statistics): a lazy chunk, mounted only
// for admins (App checks the roles; the server checks every call anyway).
import { useMemo } from 'react';
import { Box, Button } from '@rocket.chat/fuselage';
import { ADMIN_SECTIONS, type AdminSection } from '../../lib/admin';
import { AdminApi } from '../../lib/admin_api';
import type { ChatSession } from '../../lib/chat';
import { t } from '../../strings';
import { PermissionsAdmin } from './PermissionsAdmin';
import { RoomsAdmin } from './RoomsAdmin';
import { SettingsAdmin } from './SettingsAdmin';
import { StatisticsAdmin } from './StatisticsAdmin';
import { UsersAdmin } from './UsersAdmin';

export default function AdminPage({ session, section, onNavigate }: { session: ChatSession; section: AdminSection; onNavigate: (path: string) => void }) {
  const api = useMemo(() => new AdminApi(session.ddp, session.auth), [session]);
  return (
    <Box is='main' className='room admin' aria-label={t.admin.title}>
      <Box className='room__header'>
        <Box is='h1' fontScale='h3' flexGrow={1}>
          {t.admin.title}
        </Box>
        <Button small secondary onClick={() => onNavigate('/home')}>
          {t.admin.back}
        </Button>
      </Box>
      <Box is='nav' className='admin-nav' aria-label={t.admin.nav}>
        {ADMIN_SECTIONS.map((s) => (
          <a
            key={s}
            href={`/admin/${s}`}
            className={`admin-nav__link${s === section ? ' admin-nav__link--current' : ''}`}
            aria-current={s === section ? 'page' : undefined}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              onNavigate(`/admin/${s}`);
            }}
          >
            {t.admin.sections[s]}
          </a>
        ))}
      </Box>
      <Box className='admin__body'>
        {section === 'users' && <UsersAdmin key='users' api={api} />}
        {section === 'rooms' && <RoomsAdmin key='rooms' api={api} />}
        {section === 'settings' && <SettingsAdmin key='settings' api={api} />}
        {section === 'permissions' && <PermissionsAdmin key='permissions' api={api} />}
        {section === 'statistics' && <StatisticsAdmin key='statistics' api={api} />}
      </Box>
    </Box>
  );
}
