// Small labelled inputs the admin forms share (one label per control, for screen readers and
// for the e2e test's getByLabel).
import type { ReactNode } from 'react';
import { Box, CheckBox, EmailInput, Field, FieldLabel, FieldRow, PasswordInput, TextInput } from '@rocket.chat/fuselage';

export function TextField({ id, label, value, onChange, type = 'text' }: { id: string; label: string; value: string; onChange: (v: string) => void; type?: 'text' | 'password' | 'email' }) {
  return (
    <Field marginBlockEnd={12}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <FieldRow>
        {type === 'password' ? (
          <PasswordInput id={id} value={value} autoComplete='new-password' onChange={(e) => onChange((e.target as HTMLInputElement).value)} />
        ) : type === 'email' ? (
          <EmailInput id={id} value={value} autoComplete='off' onChange={(e) => onChange((e.target as HTMLInputElement).value)} />
        ) : (
          <TextInput id={id} value={value} autoComplete='off' onChange={(e) => onChange((e.target as HTMLInputElement).value)} />
        )}
      </FieldRow>
    </Field>
  );
}

export function CheckField({ label, checked, onChange, disabled }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <Box marginBlockEnd={8}>
      <label className='create-kind'>
        <CheckBox checked={checked} disabled={disabled} onChange={() => onChange(!checked)} /> {label}
      </label>
    </Box>
  );
}

export function ErrorLine({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <Box role='alert' color='danger' marginBlock={8}>
      {children}
    </Box>
  );
}

// The message of a failed call: RC's error text (REST `error`, DDP `reason`).
export function errorText(e: unknown, fallback: string): string {
  const err = e as { message?: string; reason?: string } | null;
  return err?.reason || err?.message || fallback;
}
