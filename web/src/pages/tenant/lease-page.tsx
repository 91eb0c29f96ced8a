import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Lease } from '../../api/market-types.ts';
import { FINAL_STATES } from '../../api/market-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Link } from '../../components/link.tsx';
import { MarketError } from '../../components/market-error.tsx';
import { Loading } from '../../components/notice.tsx';
import { StatCard } from '../../components/stat-card.tsx';
import { StateBadge } from '../../components/state-badge.tsx';
import { centsRate, gpuHours, usdFromCents, utc } from '../../format.ts';
import { usePoll } from '../../hooks/use-poll.ts';
import { useServerNow } from '../../hooks/use-server-now.ts';
import { PreemptionNotice } from './preemption-notice.tsx';
import { WorkloadPanel } from './workload-panel.tsx';

/** One lease: its state (live), any preemption notice up front, usage, history, and Stop. */
export function LeasePage({ leaseId }: { leaseId: string }) {
  const lease = usePoll(
    (signal) => api<Lease>(`/market/leases/${encodeURIComponent(leaseId)}`, { signal }),
    `lease-${leaseId}`,
    2000,
  );
  const nowMs = useServerNow(2000);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const l = lease.data;
  const stop = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api<Lease>(`/market/leases/${encodeURIComponent(leaseId)}/stop`, { method: 'POST' });
      lease.refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  if (!l) return lease.error ? <MarketError error={lease.error} /> : <Loading what="the lease" />;
  const final = FINAL_STATES.includes(l.state);
  return (
    <section aria-labelledby="lease-title">
      <p>
        <Link href="/portal/leases">← My leases</Link>
      </p>
      <h1 id="lease-title">
        Lease {l.id.slice(0, 8)}{' '}
        <span data-testid="lease-state" data-state={l.state}>
          <StateBadge state={l.state} />
        </span>
      </h1>
      <PreemptionNotice lease={l} nowMs={nowMs} />
      <div className="stats">
        <StatCard label="GPUs" value={`${l.gpus} × ${l.gpuModel}`} detail={`${l.siteId} · ${l.groupId}`} />
        <StatCard label="Tier and rate" value={centsRate(l.rateCentsPerGpuHour)} detail={l.tier} />
        <StatCard
          testId="lease-usage"
          label="Used so far"
          value={l.usage ? usdFromCents(l.usage.amountCents) : '—'}
          detail={l.usage ? gpuHours(l.usage.gpuSeconds) : 'no usage metered yet'}
        />
        <StatCard
          label={l.termEndsAtMs ? 'Term ends' : l.batch ? 'Deadline' : 'Created'}
          value={utc(l.termEndsAtMs ?? l.batch?.deadlineMs ?? l.createdAtMs)}
        />
      </div>
      {!final ? (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Stop this lease
        </button>
      ) : null}
      <MarketError error={error} />
      <WorkloadPanel workload={l.workload} />
      <h2>Placement</h2>
      {l.placements.length ? (
        <ul>
          {l.placements.map((p) => (
            <li key={`${p.nodeId}-${p.workloadId ?? ''}`}>
              {p.gpus} GPU{p.gpus === 1 ? '' : 's'} on node {p.nodeId}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not placed on nodes yet.</p>
      )}
      <h2>History</h2>
      <ol className="timeline" data-testid="lease-transitions">
        {l.transitions.map((t) => (
          <li key={`${t.state}-${t.atMs}`}>
            <StateBadge state={t.state} /> <span className="muted">{utc(t.atMs)}</span> {t.reason}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={asking}
        title="Stop this lease?"
        confirmLabel="Stop lease"
        danger
        busy={busy}
        onCancel={() => setAsking(false)}
        onConfirm={stop}
      >
        <p>
          The workload on its {l.gpus} GPU{l.gpus === 1 ? '' : 's'} is stopped and billing ends.
          {l.tier === 'reserved' ? ' A reserved term is billed to its end.' : ''}
        </p>
      </ConfirmDialog>
    </section>
  );
}
