import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Alert } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { usePoll } from '../hooks/use-poll.ts';
import { AlertList } from './alert-list.tsx';

/** Alerts across the fleet: open ones by default, or the latest 200 of any kind. */
export function AlertsPage() {
  const [openOnly, setOpenOnly] = useState(true);
  const alerts = usePoll(
    (signal) => api<{ alerts: Alert[] }>(`/alerts${openOnly ? '?open=true' : ''}`, { signal }),
    `alerts-${openOnly}`,
    5000,
  );
  return (
    <section>
      <div className="page-head">
        <h1>Alerts</h1>
        <label className="inline">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> open
          only
        </label>
      </div>
      <ErrorNotice error={alerts.error} />
      {alerts.data ? (
        <AlertList title={openOnly ? 'Open alerts' : 'Latest alerts'} alerts={alerts.data.alerts} />
      ) : (
        <Loading what="alerts" />
      )}
    </section>
  );
}
