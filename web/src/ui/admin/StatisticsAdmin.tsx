// Statistics: GET statistics (the newest snapshot; "Refresh" asks for a new one) as three bar
// charts (users by status, rooms and messages by room type) and a table of the other figures.
import { useCallback, useEffect, useState } from 'react';
import { Box, Button } from '@rocket.chat/fuselage';
import { statisticsGroups } from '../../lib/admin';
import type { AdminApi } from '../../lib/admin_api';
import { t } from '../../strings';
import { ErrorLine, errorText } from './fields';

export function StatisticsAdmin({ api }: { api: AdminApi }) {
  const [stats, setStats] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (refresh: boolean) =>
      api.statistics(refresh).then(setStats, (e) => setError(errorText(e, t.loadFailed))),
    [api],
  );
  useEffect(() => {
    void load(false);
  }, [load]);

  if (error) return <ErrorLine>{error}</ErrorLine>;
  if (!stats) return <Box color='hint'>{t.loading}</Box>;
  return (
    <Box>
      <Button small secondary marginBlockEnd={12} onClick={() => void load(true)}>
        {t.admin.refresh}
      </Button>
      <Box className='stat-groups'>
        {statisticsGroups(stats).map((g) => (
          <Box is='section' key={g.key} className='stat-group' aria-label={t.admin.statGroups[g.key]}>
            <Box is='h3' fontScale='h4'>
              {t.admin.statGroups[g.key]}
            </Box>
            <Box color='hint' fontScale='c1' marginBlockEnd={8}>
              {t.admin.statTotal(g.total)}
            </Box>
            {g.bars.map((b) => (
              <div key={b.key} className='stat-bar' data-stat={b.key}>
                <span className='stat-bar__label'>{t.admin.statLabels[b.key] ?? b.key}</span>
                <span className='stat-bar__track' aria-hidden='true'>
                  <span className='stat-bar__fill' style={{ width: `${b.pct}%` }} />
                </span>
                <span className='stat-bar__value'>{b.value}</span>
              </div>
            ))}
          </Box>
        ))}
      </Box>
      <table className='stat-table' aria-label={t.admin.statFigures}>
        <tbody>
          {Object.entries(t.admin.statRows).map(([k, label]) => (
            <tr key={k}>
              <th scope='row'>{label}</th>
              <td data-stat={k}>{String(stats[k] ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}
