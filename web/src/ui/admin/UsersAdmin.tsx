// Users: a paged list (users.list, "Load more"), a search over the loaded pages, and the
// editor for a new or an existing user.
import { useCallback, useEffect, useState } from 'react';
import { Box, Button, TextInput } from '@rocket.chat/fuselage';
import type { AdminUser } from '../../lib/admin';
import type { AdminApi, Page } from '../../lib/admin_api';
import { filterByName } from '../../lib/room_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';
import { UserEditor } from './UserEditor';

export function UsersAdmin({ api }: { api: AdminApi }) {
  const [page, setPage] = useState<Page<AdminUser> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);

  const load = useCallback(
    (offset: number, prev: AdminUser[]) =>
      api.users(offset).then(
        (p) => setPage({ items: [...prev, ...p.items], total: p.total }),
        (e) => setError(errorText(e, t.loadFailed)),
      ),
    [api],
  );
  useEffect(() => {
    void load(0, []);
  }, [load]);

  if (editing) {
    return (
      <UserEditor
        api={api}
        user={editing === 'new' ? null : editing}
        onCancel={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          setPage(null);
          void load(0, []); // the list as the server now has it
        }}
      />
    );
  }
  const shown = filterByName(page?.items ?? [], query, (u) => [u.username, u.name, ...(u.emails ?? []).map((e) => e.address)]);
  return (
    <Box>
      <Box display='flex' marginBlockEnd={12} className='admin-toolbar'>
        <TextInput aria-label={t.admin.searchUsers} placeholder={t.admin.searchUsers} value={query} onChange={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <Button primary marginInlineStart={8} onClick={() => setEditing('new')}>
          {t.admin.newUser}
        </Button>
      </Box>
      <ErrorLine>{error}</ErrorLine>
      {!page ? (
        <Box color='hint'>{t.loading}</Box>
      ) : (
        <>
          <ul className='admin-list' aria-label={t.admin.sections.users}>
            {shown.map((u) => (
              <li key={u._id} className='admin-row'>
                <button type='button' className='admin-row__main' onClick={() => setEditing(u)} aria-label={t.admin.editUser(u.username)}>
                  <img className='avatar avatar--small' src={`/avatar/${encodeURIComponent(u.username)}`} alt='' />
                  <span className='admin-row__name'>{u.username}</span>
                  <span className='admin-row__meta'>{u.name}</span>
                  <span className='admin-row__meta'>{u.emails?.[0]?.address}</span>
                  <span className='admin-row__meta'>{(u.roles ?? []).join(', ')}</span>
                  {u.active === false && <span className='admin-row__flag'>{t.admin.inactive}</span>}
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className='admin-row admin-row--empty'>{t.admin.nothing}</li>}
          </ul>
          <Box color='hint' marginBlock={8}>
            {t.admin.shownOf(page.items.length, page.total)}
          </Box>
          {page.items.length < page.total && (
            <Button small secondary onClick={() => void load(page.items.length, page.items)}>
              {t.loadMore}
            </Button>
          )}
        </>
      )}
    </Box>
  );
}
