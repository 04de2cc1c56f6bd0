// Create a channel, a private group or a direct message (DDP createChannel,
// createPrivateGroup, createDirectMessage). Members are usernames, comma-separated.
import { useState, type FormEvent } from 'react';
import { Box, Button, Callout, Field, FieldLabel, FieldRow, RadioButton, TextInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { t } from '../strings';

type Kind = 'c' | 'p' | 'd';

export function CreateRoom({ session, onCreated, onClose }: { session: ChatSession; onCreated: (path: string) => void; onClose: () => void }) {
  const [kind, setKind] = useState<Kind>('c');
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = members
    .split(/[\s,]+/)
    .map((m) => m.replace(/^@/, ''))
    .filter(Boolean);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await session.createRoom(kind, name.trim(), list));
    } catch (err) {
      setError((err as Error).message || t.createFailed);
      setBusy(false);
    }
  };

  const kinds: Array<[Kind, string]> = [
    ['c', t.channel],
    ['p', t.privateGroup],
    ['d', t.directMessage],
  ];
  return (
    <div className='switcher-backdrop' onMouseDown={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <Box is='form' className='switcher' role='dialog' aria-modal='true' aria-label={t.createRoom} onMouseDown={(e) => e.stopPropagation()} onSubmit={submit}>
        <Box is='h2' fontScale='h4' marginBlockEnd={12}>
          {t.createRoom}
        </Box>
        <Box is='fieldset' className='create-kinds' marginBlockEnd={12}>
          <legend className='visually-hidden'>{t.roomKind}</legend>
          {kinds.map(([k, label]) => (
            <label key={k} className='create-kind'>
              <RadioButton name='kind' checked={kind === k} onChange={() => setKind(k)} /> {label}
            </label>
          ))}
        </Box>
        {kind !== 'd' && (
          <Field marginBlockEnd={12}>
            <FieldLabel htmlFor='create-name'>{t.roomName}</FieldLabel>
            <FieldRow>
              <TextInput id='create-name' value={name} onChange={(e) => setName((e.target as HTMLInputElement).value)} autoFocus />
            </FieldRow>
          </Field>
        )}
        <Field marginBlockEnd={12}>
          <FieldLabel htmlFor='create-members'>{kind === 'd' ? t.dmWith : t.members}</FieldLabel>
          <FieldRow>
            <TextInput id='create-members' value={members} placeholder='alice, bob' onChange={(e) => setMembers((e.target as HTMLInputElement).value)} autoFocus={kind === 'd'} />
          </FieldRow>
        </Field>
        {error && (
          <Callout type='danger' marginBlockEnd={12} role='alert'>
            {error}
          </Callout>
        )}
        <Box display='flex' justifyContent='flex-end'>
          <Button type='button' secondary onClick={onClose} marginInlineEnd={8}>
            {t.cancel}
          </Button>
          <Button type='submit' primary disabled={busy || (kind === 'd' ? list.length === 0 : !name.trim())}>
            {t.create}
          </Button>
        </Box>
      </Box>
    </div>
  );
}
