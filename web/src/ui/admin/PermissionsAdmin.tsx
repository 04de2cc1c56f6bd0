// Permissions: which role holds which permission (permissions.listAll and roles.list once),
// a checkbox per role that saves at once (permissions.update), kept current from
// notify-logged `permissions-changed` (RC's admin does the same).
import { useEffect, useState } from 'react';
import { Box, CheckBox, TextInput } from '@rocket.chat/fuselage';
import { mergePermissions, permissionRows, toggleRole, type Permission, type Role } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';

export function PermissionsAdmin({ api }: { api: AdminApi }) {
  const [list, setList] = useState<Permission[] | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.onPermissionChanged((args) => {
      const doc = args[1] as Permission | undefined;
      if (live && doc?._id) setList((prev) => (prev ? mergePermissions(prev, [doc]) : prev));
    });
    Promise.all([api.permissions(), api.roles()]).then(
      ([perms, rs]) => {
        if (!live) return;
        setList(perms);
        setRoles(rs);
      },
      (e) => live && setError(errorText(e, t.loadFailed)),
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const toggle = (p: Permission, role: string) => {
    setError(null);
    api.setPermissionRoles(p._id, toggleRole(p, role)).then(
      (all) => setList((prev) => mergePermissions(prev ?? [], all)),
      (e) => setError(errorText(e, t.saveFailed)),
    );
  };

  if (!list) return error ? <ErrorLine>{error}</ErrorLine> : <Box color='hint'>{t.loading}</Box>;
  const rows = permissionRows(list, filter);
  return (
    <Box>
      <Box marginBlockEnd={12} className='admin-toolbar'>
        <TextInput aria-label={t.admin.filterPermissions} placeholder={t.admin.filterPermissions} value={filter} onChange={(e) => setFilter((e.target as HTMLInputElement).value)} />
      </Box>
      <ErrorLine>{error}</ErrorLine>
      <div className='permissions'>
        <table className='permissions__table' aria-label={t.admin.permissionsTable}>
          <thead>
            <tr>
              <th scope='col'>{t.admin.permission}</th>
              {roles.map((r) => (
                <th scope='col' key={r._id} title={r.description}>
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p._id}>
                <th scope='row'>{p._id}</th>
                {roles.map((r) => (
                  <td key={r._id}>
                    <CheckBox checked={p.roles.includes(r._id)} aria-label={t.admin.permissionFor(p._id, r.name)} onChange={() => toggle(p, r._id)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Box>
  );
}
