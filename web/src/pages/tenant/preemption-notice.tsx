import type { Lease } from '../../api/market-types.ts';
import { duration, utc } from '../../format.ts';

/** The one thing a tenant must not miss: their GPUs are about to be taken back (or may be). */
export function PreemptionNotice({ lease, nowMs }: { lease: Lease; nowMs: number | undefined }) {
  if (lease.state === 'preempting') {
    const left =
      lease.preemptAtMs !== undefined && nowMs !== undefined ? lease.preemptAtMs - nowMs : undefined;
    return (
      <div className="notice notice-preempt" role="alert" data-testid="preemption-notice">
        <strong>This lease is being preempted.</strong> Its GPUs stop at {utc(lease.preemptAtMs)}
        {left !== undefined ? ` — ${left > 0 ? `in ${duration(left)} of server time` : 'now'}` : ''}. Save
        your work (checkpoint) now.
      </div>
    );
  }
  if (lease.state === 'preempted') {
    return (
      <div className="notice notice-warning" role="status" data-testid="preemption-notice">
        <strong>This lease was preempted</strong> at {utc(lease.transitions.at(-1)?.atMs)}. You pay only for
        the time it ran.
      </div>
    );
  }
  if (lease.tier === 'interruptible' && (lease.state === 'running' || lease.state === 'provisioning')) {
    return (
      <div className="notice notice-info" role="status">
        Interruptible lease: it may be preempted when power is worth more elsewhere; you get notice before it
        stops.
      </div>
    );
  }
  return null;
}
