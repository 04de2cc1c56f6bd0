// One setting with the editor its type asks for (boolean, int, string, select) and its own
// Save. A change from elsewhere (the live stream) shows at once unless this field has an
// unsaved edit.
import { useEffect, useState, type FormEvent } from 'react';
import { Box, Button, CheckBox, TextInput } from '@rocket.chat/fuselage';
import { parseSettingInput, settingType, type Setting } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';

const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function SettingField({ api, setting }: { api: AdminApi; setting: Setting }) {
  const type = settingType(setting);
  const [draft, setDraft] = useState<string | boolean>(type === 'boolean' ? setting.value === true : asText(setting.value));
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const id = `setting-${setting._id}`;

  useEffect(() => {
    if (!dirty) setDraft(type === 'boolean' ? setting.value === true : asText(setting.value));
  }, [setting.value, dirty, type]);

  const edit = (v: string | boolean) => {
    setDraft(v);
    setDirty(true);
    setNote(null);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSettingInput(setting, draft);
    if ('error' in parsed) {
      setError(parsed.error === 'int' ? t.admin.invalidInt : t.admin.invalidSelect);
      return;
    }
    setError(null);
    api.saveSetting(setting._id, parsed.value).then(
      () => {
        setDirty(false);
        setNote(t.admin.settingSaved(setting._id));
      },
      (err) => setError(errorText(err, t.saveFailed)),
    );
  };

  return (
    <Box is='form' className='setting' onSubmit={save} data-setting={setting._id}>
      <label htmlFor={id} className='setting__label'>
        {setting._id}
      </label>
      <Box display='flex' alignItems='center' className='setting__row'>
        {type === 'boolean' ? (
          <CheckBox id={id} checked={draft === true} onChange={() => edit(draft !== true)} />
        ) : type === 'select' ? (
          <select id={id} className='admin-select' value={String(draft)} onChange={(e) => edit(e.target.value)}>
            {(setting.values ?? []).map((v) => (
              <option key={v.key} value={v.key}>
                {v.i18nLabel || v.key}
              </option>
            ))}
          </select>
        ) : (
          <TextInput id={id} inputMode={type === 'int' ? 'numeric' : undefined} value={String(draft)} onChange={(e) => edit((e.target as HTMLInputElement).value)} />
        )}
        <Button small primary type='submit' marginInlineStart={8} disabled={!dirty} aria-label={`${t.save} ${setting._id}`}>
          {t.save}
        </Button>
      </Box>
      {setting.packageValue !== undefined && (
        <Box fontScale='c1' color='hint'>
          {t.admin.defaultValue(asText(setting.packageValue))}
        </Box>
      )}
      <ErrorLine>{error}</ErrorLine>
      {note && (
        <Box fontScale='c1' color='hint' role='status'>
          {note}
        </Box>
      )}
    </Box>
  );
}
