import type { Alert } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { utc } from '../format.ts';

/** Alerts newest first, with their severity, site and message. */
export function AlertList({ title, alerts }: { title: string; alerts: readonly Alert[] }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {alerts.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="alert-list" data-testid="alert-list">
          {alerts.map((a) => (
            <li key={a.id} className={`alert-${a.severity}`}>
              <StateBadge state={a.severity} /> <span className="muted">{utc(a.atMs)}</span>{' '}
              {a.siteId ? <Link href={`/sites/${a.siteId}`}>{a.siteId}</Link> : null} {a.message}
              {a.resolvedAtMs !== undefined ? (
                <span className="muted"> · resolved {utc(a.resolvedAtMs)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
