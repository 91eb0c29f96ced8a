import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Offer, Quote, QuoteRequest, Tier } from '../../api/market-types.ts';
import { TIERS } from '../../api/market-types.ts';
import { MarketError } from '../../components/market-error.tsx';
import { centsRate } from '../../format.ts';

const TIER_TEXT: Record<Tier, string> = {
  reserved: 'fixed price for a term, never interrupted',
  'on-demand': 'until you stop it, never interrupted',
  interruptible: 'cheapest; may be preempted with notice; pay only for time run',
  batch: 'GPU-hours before a deadline, run in the cheapest hours',
};

/** Ask for a quote on an offer: tier, GPUs, and the term (reserved) or the job (batch). */
export function QuoteForm(props: { offer: Offer; nowMs: number; onQuote: (quote: Quote) => void }) {
  const { offer } = props;
  const [tier, setTier] = useState<Tier>('on-demand');
  const [gpus, setGpus] = useState(String(Math.min(offer.gpusPerNode, Math.max(1, offer.freeGpus))));
  const [termDays, setTermDays] = useState('30');
  const [gpuHours, setGpuHours] = useState('100');
  const [deadline, setDeadline] = useState(new Date(props.nowMs + 2 * 86_400_000).toISOString().slice(0, 16));
  const [maxCents, setMaxCents] = useState(String(offer.prices.batch));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const request: QuoteRequest = {
      siteId: offer.siteId,
      groupId: offer.groupId,
      tier,
      gpus: Number(gpus),
      ...(tier === 'reserved' ? { termDays: Number(termDays) } : {}),
      ...(tier === 'batch'
        ? {
            batch: {
              gpuHours: Number(gpuHours),
              deadlineMs: Date.parse(`${deadline}:00Z`),
              maxCentsPerGpuHour: Number(maxCents),
            },
          }
        : {}),
    };
    try {
      props.onQuote(await api<Quote>('/market/quotes', { method: 'POST', body: request }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      className="card form-grid"
      aria-label={`Quote for ${offer.gpuModel} at ${offer.siteId}`}
    >
      <fieldset>
        <legend>Tier</legend>
        {TIERS.map((t) => (
          <label key={t} className="tier-option">
            <input type="radio" name="tier" value={t} checked={tier === t} onChange={() => setTier(t)} />{' '}
            <strong>{t}</strong> {centsRate(offer.prices[t])}{' '}
            <span className="muted small">— {TIER_TEXT[t]}</span>
          </label>
        ))}
      </fieldset>
      <label htmlFor="quote-gpus">
        GPUs ({offer.freeGpus} free, {offer.gpusPerNode} per node)
      </label>
      <input
        id="quote-gpus"
        type="number"
        min={1}
        max={offer.totalGpus}
        value={gpus}
        onChange={(e) => setGpus(e.target.value)}
        required
      />
      {tier === 'reserved' ? (
        <>
          <label htmlFor="quote-term">Term, days</label>
          <input
            id="quote-term"
            type="number"
            min={1}
            value={termDays}
            onChange={(e) => setTermDays(e.target.value)}
            required
          />
        </>
      ) : null}
      {tier === 'batch' ? (
        <>
          <label htmlFor="quote-hours">GPU-hours to run</label>
          <input
            id="quote-hours"
            type="number"
            min={1}
            value={gpuHours}
            onChange={(e) => setGpuHours(e.target.value)}
            required
          />
          <label htmlFor="quote-deadline">Deadline (UTC, server time)</label>
          <input
            id="quote-deadline"
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            required
          />
          <label htmlFor="quote-max">Most you pay, cents per GPU-hour</label>
          <input
            id="quote-max"
            type="number"
            min={1}
            value={maxCents}
            onChange={(e) => setMaxCents(e.target.value)}
            required
          />
        </>
      ) : null}
      <MarketError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Quoting…' : 'Get a quote'}
      </button>
    </form>
  );
}
