// Rooms: rooms.adminRooms filtered on the server by name (on Enter) and type, paged with
// "Load more"; a row opens the room editor.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Box, Button, Icon, TextInput } from '@rocket.chat/fuselage';
import type { AdminRoom } from '../../lib/admin';
import type { AdminApi, Page } from '../../lib/admin_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';
import { RoomEditor } from './RoomEditor';

const iconFor = (type: string) => (type === 'd' ? 'at' : type === 'p' ? 'hashtag-lock' : 'hashtag');

export function RoomsAdmin({ api }: { api: AdminApi }) {
  const [page, setPage] = useState<Page<AdminRoom> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState({ filter: '', type: '' });
  const [editing, setEditing] = useState<AdminRoom | null>(null);

  const load = useCallback(
    (offset: number, prev: AdminRoom[]) =>
      api.rooms(query.filter, query.type ? [query.type] : [], offset).then(
        (p) => setPage({ items: [...prev, ...p.items], total: p.total }),
        (e) => setError(errorText(e, t.loadFailed)),
      ),
    [api, query],
  );
  useEffect(() => {
    setPage(null);
    void load(0, []);
  }, [load]);

  if (editing) {
    const done = () => {
      setEditing(null);
      setPage(null);
      void load(0, []);
    };
    return <RoomEditor api={api} room={editing} onCancel={() => setEditing(null)} onDone={done} />;
  }
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ ...query, filter: text.trim() });
  };
  return (
    <Box>
      <Box is='form' display='flex' marginBlockEnd={12} className='admin-toolbar' onSubmit={search} role='search'>
        <TextInput aria-label={t.admin.searchRooms} placeholder={t.admin.searchRooms} value={text} onChange={(e) => setText((e.target as HTMLInputElement).value)} />
        <select aria-label={t.admin.typeFilter} className='admin-select' value={query.type} onChange={(e) => setQuery({ ...query, type: e.target.value })}>
          <option value=''>{t.admin.allTypes}</option>
          {(['c', 'p', 'd'] as const).map((k) => (
            <option key={k} value={k}>
              {t.admin.types[k]}
            </option>
          ))}
        </select>
        <Button type='submit' marginInlineStart={8}>
          {t.admin.search}
        </Button>
      </Box>
      <ErrorLine>{error}</ErrorLine>
      {!page ? (
        <Box color='hint'>{t.loading}</Box>
      ) : (
        <>
          <ul className='admin-list' aria-label={t.admin.sections.rooms}>
            {page.items.map((r) => {
              const name = r.fname || r.name || r._id;
              return (
                <li key={r._id} className='admin-row'>
                  <button type='button' className='admin-row__main' onClick={() => setEditing(r)} aria-label={t.admin.editRoom(name)}>
                    <Icon name={iconFor(r.t)} size='x16' aria-hidden='true' />
                    <span className='admin-row__name'>{name}</span>
                    <span className='admin-row__meta'>{t.admin.types[r.t] ?? r.t}</span>
                    <span className='admin-row__meta'>{t.admin.members(r.usersCount ?? 0)}</span>
                    {r.default && <span className='admin-row__flag'>{t.admin.isDefault}</span>}
                    {r.ro && <span className='admin-row__flag'>{t.admin.readOnly}</span>}
                    {r.archived && <span className='admin-row__flag'>{t.admin.archived}</span>}
                  </button>
                </li>
              );
            })}
            {page.items.length === 0 && <li className='admin-row admin-row--empty'>{t.admin.nothing}</li>}
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
