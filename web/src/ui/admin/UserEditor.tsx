// Create or edit one user: name, username, email, roles, password, active; delete. The
// server's refusals (the last admin, a taken username, ...) are shown as it words them.
import { useState, type FormEvent } from 'react';
import { Box, Button, ButtonGroup } from '@rocket.chat/fuselage';
import { userCreateBody, userForm, userUpdateData, type AdminUser, type UserForm } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { CheckField, ErrorLine, errorText, TextField } from './fields';

export function UserEditor({ api, user, onDone, onCancel }: { api: AdminApi; user: AdminUser | null; onDone: () => void; onCancel: () => void }) {
  const [form, setForm] = useState<UserForm>(() => userForm(user ?? undefined));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<UserForm>) => setForm({ ...form, ...patch });

  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work().then(onDone, (e) => {
      setError(errorText(e, t.saveFailed));
      setBusy(false);
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(async () => {
      if (!user) return api.createUser(userCreateBody(form));
      const data = userUpdateData(user, form);
      if (Object.keys(data).length > 0) await api.updateUser(user._id, data);
      if (form.active !== (user.active ?? true)) await api.setActive(user._id, form.active);
    });
  };
  const remove = () => {
    if (user && window.confirm(t.admin.confirmDeleteUser(user.username))) run(() => api.deleteUser(user._id));
  };

  return (
    <Box is='form' className='admin-editor' aria-label={user ? t.admin.editUser(user.username) : t.admin.newUser} onSubmit={submit}>
      <Box is='h3' fontScale='h4' marginBlockEnd={12}>
        {user ? t.admin.editUser(user.username) : t.admin.newUser}
      </Box>
      <TextField id='admin-user-name' label={t.admin.name} value={form.name} onChange={(name) => set({ name })} />
      <TextField id='admin-user-username' label={t.admin.username} value={form.username} onChange={(username) => set({ username })} />
      <TextField id='admin-user-email' label={t.admin.email} type='email' value={form.email} onChange={(email) => set({ email })} />
      <TextField id='admin-user-roles' label={t.admin.roles} value={form.roles} onChange={(roles) => set({ roles })} />
      <TextField id='admin-user-password' label={user ? t.admin.passwordKeep : t.admin.password} type='password' value={form.password} onChange={(password) => set({ password })} />
      <CheckField label={t.admin.active} checked={form.active} onChange={(active) => set({ active })} />
      <ErrorLine>{error}</ErrorLine>
      <ButtonGroup>
        <Button secondary onClick={onCancel}>
          {t.cancel}
        </Button>
        <Button primary type='submit' disabled={busy}>
          {user ? t.save : t.create}
        </Button>
        {user && (
          <Button danger onClick={remove} disabled={busy}>
            {t.admin.deleteUser}
          </Button>
        )}
      </ButtonGroup>
    </Box>
  );
}
