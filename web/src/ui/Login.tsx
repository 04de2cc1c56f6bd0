// Sign in, and create an account when the server's registration form is public
// (Accounts_RegistrationForm, read over DDP with public-settings/get: no REST call per visit).
import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, Callout, EmailInput, Field, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage';
import type { DdpClient } from '../lib/ddp';
import { t } from '../strings';

export interface Registration {
  name: string;
  username: string;
  email: string;
  pass: string;
}

function Input({
  id,
  label,
  value,
  onChange,
  kind = 'text',
  autoComplete,
  autoFocus,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  kind?: 'text' | 'password' | 'email';
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  const Component = kind === 'password' ? PasswordInput : kind === 'email' ? EmailInput : TextInput;
  return (
    <Field marginBlockEnd={12}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <FieldRow>
        <Component id={id} name={id} autoComplete={autoComplete} value={value} onChange={(e) => onChange((e.target as HTMLInputElement).value)} autoFocus={autoFocus} />
      </FieldRow>
    </Field>
  );
}

export function Login({
  ddp,
  onLogin,
  onRegister,
  notice,
}: {
  ddp: DdpClient;
  onLogin: (u: string, p: string) => Promise<void>;
  onRegister: (r: Registration) => Promise<void>;
  notice?: string;
}) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [canRegister, setCanRegister] = useState(false);
  const [user, setUser] = useState('');
  const [pass, setPass] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    ddp
      .call<Array<{ _id: string; value: unknown }>>('public-settings/get')
      .then((settings) => {
        const form = settings.find((s) => s._id === 'Accounts_RegistrationForm');
        if (live) setCanRegister(form?.value === 'Public');
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [ddp]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'login') await onLogin(user.trim(), pass);
      else await onRegister({ name: name.trim(), username: user.trim(), email: email.trim(), pass });
    } catch (err) {
      setError(mode === 'login' ? t.loginFailed : (err as Error).message || t.registerFailed);
      setBusy(false);
    }
  };

  const registering = mode === 'register';
  return (
    <Box className='login' display='flex' justifyContent='center' alignItems='center' minHeight='100vh'>
      <Box is='form' onSubmit={submit} className='login__card' elevation='1' aria-label={registering ? t.register : t.signIn}>
        <Box is='h1' fontScale='h2' marginBlockEnd={16}>
          {t.appName}
        </Box>
        {notice && (
          <Callout type='warning' marginBlockEnd={16}>
            {notice}
          </Callout>
        )}
        {registering && <Input id='register-name' label={t.fullName} value={name} onChange={setName} autoComplete='name' autoFocus />}
        <Input id='login-user' label={registering ? t.newUsername : t.username} value={user} onChange={setUser} autoComplete='username' autoFocus={!registering} />
        {registering && <Input id='register-email' label={t.email} value={email} onChange={setEmail} kind='email' autoComplete='email' />}
        <Input id='login-pass' label={t.password} value={pass} onChange={setPass} kind='password' autoComplete={registering ? 'new-password' : 'current-password'} />
        {error && (
          <Callout type='danger' marginBlockEnd={16} role='alert'>
            {error}
          </Callout>
        )}
        <Button type='submit' primary width='full' disabled={busy || !user || !pass || (registering && (!name || !email))}>
          {busy ? (registering ? t.registering : t.signingIn) : registering ? t.register : t.signIn}
        </Button>
        {(canRegister || registering) && (
          <Box marginBlockStart={12} textAlign='center'>
            <Button
              small
              secondary
              onClick={() => {
                setMode(registering ? 'login' : 'register');
                setError(null);
              }}
            >
              {registering ? t.haveAccount : t.createAccount}
            </Button>
          </Box>
        )}
      </Box>
    </Box>
  );
}
