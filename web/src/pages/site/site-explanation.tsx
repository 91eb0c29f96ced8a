import type { Setpoint } from '../../api/types.ts';
import { mw, utc } from '../../format.ts';

/** The allocator's reasons for the setpoint in force, one sentence per line, and the site's ack. */
export function SiteExplanation({ setpoint }: { setpoint: Setpoint | undefined }) {
  if (!setpoint) return <p className="muted">No setpoint has been sent to this site yet.</p>;
  const reasons = setpoint.reason.split('; ').filter(Boolean);
  return (
    <section aria-labelledby="why-title" className="card" data-testid="explanation">
      <h2 id="why-title">Why this setpoint</h2>
      <p>
        Setpoint #{setpoint.seq} issued {utc(setpoint.issuedAtMs)}:{' '}
        {setpoint.curtailed ? <strong>curtailed (miners asleep)</strong> : `${mw(setpoint.miningMw)} mining`},{' '}
        {mw(setpoint.aiMw)} AI, battery {mw(setpoint.batteryMw)}.{' '}
        {setpoint.ackedAtMs !== undefined ? (
          <span data-testid="setpoint-acked">
            {setpoint.ackOk === false ? 'Refused' : 'Acked'} by the site {utc(setpoint.ackedAtMs)}
            {setpoint.reachedMiningMw !== undefined
              ? `, reaching ${mw(setpoint.reachedMiningMw)} of mining`
              : ''}
            .
          </span>
        ) : (
          <span>Not acked yet.</span>
        )}
      </p>
      <ul className="reasons">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </section>
  );
}
