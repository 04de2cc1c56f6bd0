// Room info: topic, announcement, read-only; leave (leaveRoom) and hide (hideRoom); for owners, the settings form
// (name, topic, announcement, read-only, type; one saveRoomSettings call with what changed).
import { useState, type FormEvent } from 'react';
import { Box, Button, ButtonGroup, CheckBox, Field, FieldLabel, FieldRow, TextAreaInput, TextInput } from '@rocket.chat/fuselage';
import { roomSettingsChanges, type RoomSettings } from '../../lib/room_api';
import type { Room } from '../../lib/types';
import { t } from '../../strings';
import { roomPath, useChat } from '../hooks';
import { PanelFrame, type PanelProps } from './RoomPanel';

function SettingsForm({ room, onSave, onCancel }: { room: Room; onSave: (s: RoomSettings) => Promise<void>; onCancel: () => void }) {
  const [s, setS] = useState<RoomSettings>({
    name: room.name ?? '',
    topic: room.topic ?? '',
    announcement: room.announcement ?? '',
    readOnly: !!room.ro,
    type: room.t === 'p' ? 'p' : 'c',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    onSave(s).catch((err: Error) => {
      setError(err.message || t.saveFailed);
      setBusy(false);
    });
  };
  const field = (key: 'name' | 'topic' | 'announcement', label: string, area = false) => (
    <Field marginBlockEnd={12}>
      <FieldLabel htmlFor={`room-${key}`}>{label}</FieldLabel>
      <FieldRow>
        {area ? (
          <TextAreaInput id={`room-${key}`} rows={3} value={s[key]} onChange={(e) => setS({ ...s, [key]: (e.target as HTMLTextAreaElement).value })} />
        ) : (
          <TextInput id={`room-${key}`} value={s[key]} onChange={(e) => setS({ ...s, [key]: (e.target as HTMLInputElement).value })} />
        )}
      </FieldRow>
    </Field>
  );
  return (
    <Box is='form' padding={12} onSubmit={submit}>
      {field('name', t.roomName)}
      {field('topic', t.topic)}
      {field('announcement', t.announcement, true)}
      <Field marginBlockEnd={12}>
        <FieldLabel htmlFor='room-type'>{t.roomType}</FieldLabel>
        <FieldRow>
          <select id='room-type' className='admin-select' value={s.type} onChange={(e) => setS({ ...s, type: e.target.value as 'c' | 'p' })}>
            <option value='c'>{t.channel}</option>
            <option value='p'>{t.privateGroup}</option>
          </select>
        </FieldRow>
      </Field>
      <label className='create-kind'>
        <CheckBox checked={s.readOnly} onChange={() => setS({ ...s, readOnly: !s.readOnly })} /> {t.readOnly}
      </label>
      {error && (
        <Box role='alert' color='danger' marginBlock={8}>
          {error}
        </Box>
      )}
      <Box marginBlockStart={12}>
        <ButtonGroup>
          <Button secondary onClick={onCancel}>
            {t.cancel}
          </Button>
          <Button primary type='submit' disabled={busy}>
            {t.save}
          </Button>
        </ButtonGroup>
      </Box>
    </Box>
  );
}

export function InfoPanel({ session, sub, onClose, onNavigate }: PanelProps & { onClose: () => void }) {
  const snap = useChat(session);
  const room: Room = snap.rooms.get(sub.rid) ?? { _id: sub.rid, t: sub.t, name: sub.name };
  const owner = !!sub.roles?.includes('owner');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const roomName = sub.fname || sub.name;

  const act = (confirmText: string, run: () => Promise<unknown>) => {
    if (!window.confirm(confirmText)) return;
    run().then(
      () => onNavigate('/home'),
      (e: Error) => setError(e.message || t.actionFailed),
    );
  };
  const save = async (next: RoomSettings) => {
    const changes = roomSettingsChanges(room, next);
    if (Object.keys(changes).length > 0) await session.ddp.call('saveRoomSettings', sub.rid, changes);
    setEditing(false);
    const name = (changes.roomName as string | undefined) ?? sub.name;
    const type = (changes.roomType as string | undefined) ?? sub.t;
    if (name !== sub.name || type !== sub.t) onNavigate(roomPath(type, name, sub.rid));
  };

  return (
    <PanelFrame title={t.roomInfo} onClose={onClose}>
      {editing ? (
        <SettingsForm room={room} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        <Box padding={12}>
          <Box is='h4' fontScale='h3' marginBlockEnd={12}>
            {roomName}
          </Box>
          <dl className='room-info'>
            {room.topic && (
              <>
                <dt>{t.topic}</dt>
                <dd>{room.topic}</dd>
              </>
            )}
            {room.announcement && (
              <>
                <dt>{t.announcement}</dt>
                <dd>{room.announcement}</dd>
              </>
            )}
            {room.ro && (
              <>
                <dt>{t.readOnly}</dt>
                <dd>{t.readOnlyHint}</dd>
              </>
            )}
          </dl>
          {error && (
            <Box role='alert' color='danger' marginBlock={8}>
              {error}
            </Box>
          )}
          <ButtonGroup>
            {owner && sub.t !== 'd' && (
              <Button small onClick={() => setEditing(true)}>
                {t.editRoom}
              </Button>
            )}
            <Button small secondary onClick={() => act(t.confirmHide(roomName), () => session.hide(sub.rid))}>
              {t.hideRoom}
            </Button>
            {sub.t !== 'd' && (
              <Button small danger onClick={() => act(t.confirmLeave(roomName), () => session.ddp.call('leaveRoom', sub.rid))}>
                {t.leaveRoom}
              </Button>
            )}
          </ButtonGroup>
        </Box>
      )}
    </PanelFrame>
  );
}
