// The user's status (online/away/busy/invisible with a text: setUserStatus) and avatar
// (REST users.setAvatar with a picture, users.resetAvatar), and on request the account's name,
// username, email and password (AccountSection). A lazy chunk: opened rarely.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Box, Button, ButtonGroup, Field, FieldLabel, FieldRow, RadioButton, TextInput } from '@rocket.chat/fuselage';
import type { ChatSession } from '../lib/chat';
import { RoomApi } from '../lib/room_api';
import { t } from '../strings';
import { AccountSection } from './AccountSection';
import { useChat } from './hooks';

const STATUSES = ['online', 'away', 'busy', 'invisible'] as const;

export default function ProfileDialog({ session, onClose }: { session: ChatSession; onClose: () => void }) {
  const snap = useChat(session);
  const api = useMemo(() => new RoomApi(session.auth), [session]);
  const [status, setStatus] = useState(snap.myStatus.status);
  const [text, setText] = useState(snap.myStatus.text);
  const [error, setError] = useState<string | null>(null);
  const [avatarVersion, setAvatarVersion] = useState(0);
  const [account, setAccount] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const label = (s: (typeof STATUSES)[number]) => (s === 'invisible' ? t.statusInvisible : t.status[s]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    session.setStatus(status, text.trim()).then(onClose, (err: Error) => setError(err.message || t.saveFailed));
  };
  const avatar = (p: Promise<void>) => p.then(() => setAvatarVersion((v) => v + 1), (err: Error) => setError(err.message || t.saveFailed));

  return (
    <div className='switcher-backdrop' onMouseDown={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <Box is='form' className='switcher' role='dialog' aria-modal='true' aria-label={t.profile} onMouseDown={(e) => e.stopPropagation()} onSubmit={save}>
        <Box is='h2' fontScale='h4' marginBlockEnd={12}>
          {t.profile}
        </Box>
        <Box display='flex' alignItems='center' marginBlockEnd={12}>
          <img className='avatar avatar--large' src={`/avatar/${encodeURIComponent(snap.me.username)}?v=${avatarVersion}`} alt={t.avatar} />
          <input ref={file} type='file' accept='image/*' hidden aria-label={t.uploadAvatar} onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void avatar(api.setAvatar(f));
          }} />
          <ButtonGroup>
            <Button small onClick={() => file.current?.click()}>
              {t.uploadAvatar}
            </Button>
            <Button small secondary onClick={() => void avatar(api.resetAvatar())}>
              {t.resetAvatar}
            </Button>
          </ButtonGroup>
        </Box>
        {account ? (
          <AccountSection session={session} />
        ) : (
          <Button small secondary marginBlockEnd={12} onClick={() => setAccount(true)}>
            {t.editAccount}
          </Button>
        )}
        <Box is='fieldset' className='create-kinds' marginBlockEnd={12}>
          <legend className='visually-hidden'>{t.myStatus}</legend>
          {STATUSES.map((s) => (
            <label key={s} className='create-kind'>
              <RadioButton name='status' checked={status === s} onChange={() => setStatus(s)} /> {label(s)}
            </label>
          ))}
        </Box>
        <Field marginBlockEnd={12}>
          <FieldLabel htmlFor='status-text'>{t.statusText}</FieldLabel>
          <FieldRow>
            <TextInput id='status-text' value={text} maxLength={120} onChange={(e) => setText((e.target as HTMLInputElement).value)} />
          </FieldRow>
        </Field>
        {error && (
          <Box role='alert' color='danger' marginBlockEnd={12}>
            {error}
          </Box>
        )}
        <Box display='flex' justifyContent='flex-end'>
          <Button type='button' secondary onClick={onClose} marginInlineEnd={8}>
            {t.cancel}
          </Button>
          <Button type='submit' primary>
            {t.save}
          </Button>
        </Box>
      </Box>
    </div>
  );
}
