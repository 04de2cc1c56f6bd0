// Settings: private-settings/get once, kept current from notify-logged
// `private-settings-changed` (RC's admin does the same), grouped by group and section.
import { useEffect, useState } from 'react';
import { Box } from '@rocket.chat/fuselage';
import { applySettingEvent, groupSettings, type Setting } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';
import { SettingField } from './SettingField';

export function SettingsAdmin({ api }: { api: AdminApi }) {
  const [list, setList] = useState<Setting[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const pending: unknown[][] = []; // events that came before the list
    const off = api.onSettingChanged((args) => {
      if (!live) return;
      setList((prev) => {
        if (prev) return applySettingEvent(prev, args);
        pending.push(args);
        return prev;
      });
    });
    api.settings().then(
      (all) => live && setList(pending.reduce(applySettingEvent, all)),
      (e) => live && setError(errorText(e, t.loadFailed)),
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (error) return <ErrorLine>{error}</ErrorLine>;
  if (!list) return <Box color='hint'>{t.loading}</Box>;
  return (
    <Box>
      {groupSettings(list).map((g) => (
        <Box is='section' key={g.group} className='settings-group' aria-label={t.admin.settingsGroup(g.group)}>
          <Box is='h3' fontScale='h4' marginBlock={12}>
            {g.group}
          </Box>
          {g.sections.map((s) => (
            <Box key={s.section} className='settings-section'>
              {s.section && (
                <Box is='h4' fontScale='p2b' marginBlock={8}>
                  {t.admin.section(s.section)}
                </Box>
              )}
              {s.settings.map((setting) => (
                <SettingField key={setting._id} api={api} setting={setting} />
              ))}
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
