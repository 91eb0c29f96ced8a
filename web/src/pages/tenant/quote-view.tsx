import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Lease, Quote } from '../../api/market-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { MarketError } from '../../components/market-error.tsx';
import { centsRate, duration, percent, utc } from '../../format.ts';
import { navigate } from '../../hooks/use-route.ts';
import { type WorkloadDraft, WorkloadInput, workloadOf } from './workload-input.tsx';

/** A quote with every component of its rate, and the button that turns it into a lease. */
export function QuoteView({ quote, nowMs }: { quote: Quote; nowMs: number | undefined }) {
  // One key per quote: a retried or double-clicked lease request creates one lease.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [draft, setDraft] = useState<WorkloadDraft>({ kind: 'none', text: '' });
  const sum = quote.components.reduce((t, c) => t + c.centsPerGpuHour, 0);
  const lease = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<Lease>('/market/leases', {
        method: 'POST',
        body: { quoteId: quote.id, ...(workloadOf(draft) ? { workload: workloadOf(draft) } : {}) },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      navigate(`/portal/leases/${created.id}`);
    } catch (e) {
      setError(e);
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card quote" aria-labelledby="quote-title" data-testid="quote">
      <h3 id="quote-title">
        Quote: {quote.gpus} × {quote.gpuModel}, {quote.tier},{' '}
        <span data-testid="quote-rate">{centsRate(quote.rateCentsPerGpuHour)}</span>
      </h3>
      <table className="table" data-testid="quote-components">
        <caption>How the rate is made</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col" className="num">
              Per GPU-hour
            </th>
            <th scope="col">Basis</th>
          </tr>
        </thead>
        <tbody>
          {quote.components.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td className="num">{centsRate(c.centsPerGpuHour).replace('/GPU-h', '')}</td>
              <td className="small">{c.basis}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Rate</th>
            <td className="num">{centsRate(sum).replace('/GPU-h', '')}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <p className="muted">
        {percent(quote.greenShare)} green energy
        {quote.termHours ? ` · term ${duration(quote.termHours * 3_600_000)}` : ''}
        {quote.batch ? ` · ${quote.batch.gpuHours} GPU-hours before ${utc(quote.batch.deadlineMs)}` : ''} ·
        valid until {utc(quote.expiresAtMs)}
        {nowMs !== undefined ? ` (${duration(quote.expiresAtMs - nowMs)} of server time left)` : ''}
      </p>
      <WorkloadInput draft={draft} onChange={setDraft} />
      <MarketError error={error} />
      <button type="button" className="primary" onClick={() => setAsking(true)}>
        Lease {quote.gpus} GPU{quote.gpus === 1 ? '' : 's'}
      </button>
      <ConfirmDialog
        open={asking}
        title="Create this lease?"
        confirmLabel="Create lease"
        busy={busy}
        onCancel={() => setAsking(false)}
        onConfirm={lease}
      >
        <p>
          {quote.gpus} × {quote.gpuModel} at {quote.siteId}, {quote.tier}, billed at{' '}
          {centsRate(quote.rateCentsPerGpuHour)}
          {quote.tier === 'interruptible' ? '; it may be preempted with notice' : ''}.
        </p>
      </ConfirmDialog>
    </section>
  );
}
