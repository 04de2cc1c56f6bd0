// Name, username, email and password (users.updateOwnBasicInfo; lib/profile.ts). Part of the
// profile dialog's chunk. The current values come from GET me when the section opens (one
// REST call per click); the server's refusals are shown as it words them. The session learns
// the new name and username from the server's userData event.
import { useEffect, useState } from 'react';
import { Box, Button, EmailInput, Field, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { basicInfoChanges, loadAccount, needsCurrentPassword, saveAccount, type Account, type AccountForm } from '../lib/profile';
import { t } from '../strings';

function Row({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <Field marginBlockEnd={8}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <FieldRow>{children}</FieldRow>
    </Field>
  );
}

export function AccountSection({ session }: { session: ChatSession }) {
  const [now, setNow] = useState<Account | null>(null);
  const [form, setForm] = useState<AccountForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const auth = session.auth();
    if (!auth) return;
    loadAccount(auth).then(
      (a) => {
        setNow(a);
        setForm({ ...a, newPassword: '', currentPassword: '' });
      },
      () => setError(t.loadFailed),
    );
  }, [session]);
  if (!form || !now) return <Box color={error ? 'danger' : 'hint'} role={error ? 'alert' : undefined}>{error ?? t.loading}</Box>;

  const set = (patch: Partial<AccountForm>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };
  const changes = basicInfoChanges(now, form);
  const needsPassword = needsCurrentPassword(changes);
  const save = () => {
    const auth = session.auth();
    if (!auth) return;
    setError(null);
    saveAccount(auth, changes, needsPassword ? form.currentPassword : '').then(
      () => {
        const next = { name: changes.name ?? now.name, username: changes.username ?? now.username, email: changes.email ?? now.email };
        setNow(next);
        setForm({ ...next, newPassword: '', currentPassword: '' });
        setSaved(true);
      },
      (e: Error) => setError(e.message || t.saveFailed),
    );
  };

  return (
    // Enter in these fields must not submit the dialog's status form around them.
    <Box is='section' aria-label={t.account} marginBlockEnd={12} onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}>
      <Row id='account-name' label={t.accountName}>
        <TextInput id='account-name' value={form.name} onChange={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      </Row>
      <Row id='account-username' label={t.accountUsername}>
        <TextInput id='account-username' value={form.username} onChange={(e) => set({ username: (e.target as HTMLInputElement).value })} />
      </Row>
      <Row id='account-email' label={t.accountEmail}>
        <EmailInput id='account-email' value={form.email} onChange={(e) => set({ email: (e.target as HTMLInputElement).value })} />
      </Row>
      <Row id='account-new-password' label={t.newPassword}>
        <PasswordInput id='account-new-password' autoComplete='new-password' value={form.newPassword} onChange={(e) => set({ newPassword: (e.target as HTMLInputElement).value })} />
      </Row>
      {needsPassword && (
        <Row id='account-current-password' label={t.currentPassword}>
          <PasswordInput id='account-current-password' autoComplete='current-password' value={form.currentPassword} onChange={(e) => set({ currentPassword: (e.target as HTMLInputElement).value })} />
        </Row>
      )}
      {error && (
        <Box role='alert' color='danger' marginBlockEnd={8}>
          {error}
        </Box>
      )}
      {saved && (
        <Box role='status' color='hint' marginBlockEnd={8}>
          {t.accountSaved}
        </Box>
      )}
      <Button small primary disabled={Object.keys(changes).length === 0 || (needsPassword && !form.currentPassword)} onClick={save}>
        {t.saveAccount}
      </Button>
    </Box>
  );
}
