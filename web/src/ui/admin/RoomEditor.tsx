// Edit one room as an admin: name, topic, type, read-only and default through one
// saveRoomSettings call, archived through archive/unarchive; delete through eraseRoom.
import { useState, type FormEvent } from 'react';
import { Box, Button, ButtonGroup, Field, FieldLabel, FieldRow } from '@rocket.chat/fuselage';
import { roomForm, roomSettingsPatch, type AdminRoom, type RoomForm } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { CheckField, ErrorLine, errorText, TextField } from './fields';

export function RoomEditor({ api, room, onDone, onCancel }: { api: AdminApi; room: AdminRoom; onDone: () => void; onCancel: () => void }) {
  const [form, setForm] = useState<RoomForm>(() => roomForm(room));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RoomForm>) => setForm({ ...form, ...patch });
  const label = room.fname || room.name || room._id;
  const direct = room.t === 'd';

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
    const archive = !direct && form.archived !== !!room.archived;
    run(async () => {
      // Unarchive before the edit and archive after it, so the edit never meets an archived room.
      if (archive && !form.archived) await api.setArchived(room, false);
      await api.saveRoom(room._id, roomSettingsPatch(room, form));
      if (archive && form.archived) await api.setArchived({ ...room, t: form.type }, true);
    });
  };
  const remove = () => {
    if (window.confirm(t.admin.confirmDeleteRoom(label))) run(() => api.deleteRoom(room._id));
  };

  return (
    <Box is='form' className='admin-editor' aria-label={t.admin.editRoom(label)} onSubmit={submit}>
      <Box is='h3' fontScale='h4' marginBlockEnd={12}>
        {t.admin.editRoom(label)}
      </Box>
      {!direct && (
        <>
          <TextField id='admin-room-name' label={t.admin.name} value={form.name} onChange={(name) => set({ name })} />
          <TextField id='admin-room-topic' label={t.admin.topic} value={form.topic} onChange={(topic) => set({ topic })} />
          <Field marginBlockEnd={12}>
            <FieldLabel htmlFor='admin-room-type'>{t.admin.roomType}</FieldLabel>
            <FieldRow>
              <select id='admin-room-type' className='admin-select' value={form.type} onChange={(e) => set({ type: e.target.value as 'c' | 'p' })}>
                <option value='c'>{t.admin.types.c}</option>
                <option value='p'>{t.admin.types.p}</option>
              </select>
            </FieldRow>
          </Field>
          <CheckField label={t.admin.readOnly} checked={form.readOnly} onChange={(readOnly) => set({ readOnly })} />
          <CheckField label={t.admin.isDefault} checked={form.isDefault} onChange={(isDefault) => set({ isDefault })} />
          <CheckField label={t.admin.archived} checked={form.archived} onChange={(archived) => set({ archived })} />
        </>
      )}
      <ErrorLine>{error}</ErrorLine>
      <ButtonGroup>
        <Button secondary onClick={onCancel}>
          {t.cancel}
        </Button>
        {!direct && (
          <Button primary type='submit' disabled={busy}>
            {t.save}
          </Button>
        )}
        <Button danger onClick={remove} disabled={busy}>
          {t.admin.deleteRoom}
        </Button>
      </ButtonGroup>
    </Box>
  );
}
