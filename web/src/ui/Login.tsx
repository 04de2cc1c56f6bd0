import { useState, type FormEvent } from 'react';
import { Box, Button, Callout, Field, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage';
import { t } from '../strings';

export function Login({ onLogin, notice }: { onLogin: (u: string, p: string) => Promise<void>; notice?: string }) {
  const [user, setUser] = useState('');
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onLogin(user.trim(), pass);
    } catch {
      setError(t.loginFailed);
      setBusy(false);
    }
  };

  return (
    <Box className='login' display='flex' justifyContent='center' alignItems='center' minHeight='100vh'>
      <Box is='form' onSubmit={submit} className='login__card' elevation='1' aria-label={t.signIn}>
        <Box is='h1' fontScale='h2' marginBlockEnd={16}>
          {t.appName}
        </Box>
        {notice && (
          <Callout type='warning' marginBlockEnd={16}>
            {notice}
          </Callout>
        )}
        <Field marginBlockEnd={12}>
          <FieldLabel htmlFor='login-user'>{t.username}</FieldLabel>
          <FieldRow>
            <TextInput id='login-user' name='username' autoComplete='username' value={user} onChange={(e) => setUser((e.target as HTMLInputElement).value)} autoFocus required />
          </FieldRow>
        </Field>
        <Field marginBlockEnd={16}>
          <FieldLabel htmlFor='login-pass'>{t.password}</FieldLabel>
          <FieldRow>
            <PasswordInput id='login-pass' name='password' autoComplete='current-password' value={pass} onChange={(e) => setPass((e.target as HTMLInputElement).value)} required />
          </FieldRow>
        </Field>
        {error && (
          <Callout type='danger' marginBlockEnd={16} role='alert'>
            {error}
          </Callout>
        )}
        <Button type='submit' primary width='full' disabled={busy || !user || !pass}>
          {busy ? t.signingIn : t.signIn}
        </Button>
      </Box>
    </Box>
  );
}
