import { useEffect, useRef } from 'react';
import type { TrackedAction } from '../actions/tracked-action.ts';
import { duration, mw, utc } from '../format.ts';
import { useAckProgress } from '../hooks/use-ack-progress.ts';
import { ErrorNotice } from './notice.tsx';

const PHASE_TEXT = {
  waiting: 'waiting for the allocator’s setpoint',
  issued: 'setpoint sent, waiting for the site to ack',
  acked: 'acked by the site',
  rejected: 'the site could not apply it',
} as const;

/** Shows an action travelling to the sites: setpoint issued, then acked (or refused) by each site. */
export function AckProgress({ action, onDone }: { action: TrackedAction; onDone?: () => void }) {
  const { sites, done, error } = useAckProgress(action);
  // Told once, when every site has answered.
  const told = useRef(false);
  const tell = useRef(onDone);
  tell.current = onDone;
  useEffect(() => {
    if (done && !told.current) {
      told.current = true;
      tell.current?.();
    }
  }, [done]);
  const acked = sites.filter((s) => s.phase === 'acked').length;
  return (
    <section className="progress card" aria-labelledby={`progress-${action.id}`} data-testid="ack-progress">
      <h3 id={`progress-${action.id}`}>{action.label}</h3>
      <p role="status" aria-live="polite" data-testid="ack-summary" data-done={done ? 'true' : 'false'}>
        {done
          ? `Done: ${acked} of ${action.siteIds.length} site(s) acked.`
          : `In progress: ${acked} of ${action.siteIds.length} site(s) acked…`}
      </p>
      <progress max={action.siteIds.length} value={acked} aria-label="sites acked" />
      <ul className="progress-list">
        {sites.map((s) => (
          <li key={s.siteId} className={`phase-${s.phase}`} data-site-id={s.siteId} data-phase={s.phase}>
            <strong>{s.siteId}</strong>: {PHASE_TEXT[s.phase]}
            {s.setpoint ? (
              <span className="muted">
                {' '}
                · setpoint #{s.setpoint.seq} ({s.setpoint.curtailed ? 'curtailed' : mw(s.setpoint.miningMw)})
                issued {utc(s.setpoint.issuedAtMs)}
                {s.setpoint.ackedAtMs !== undefined
                  ? ` · acked after ${duration(s.setpoint.ackedAtMs - s.setpoint.issuedAtMs)} of server time`
                  : ''}
                {s.setpoint.ackMessage ? ` · “${s.setpoint.ackMessage}”` : ''}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} />
    </section>
  );
}
