import { useState } from 'react';
import { useCapabilities } from '../../api/capabilities.ts';
import { api } from '../../api/client.ts';
import type { Offer, Quote } from '../../api/market-types.ts';
import { TIERS } from '../../api/market-types.ts';
import { MarketError } from '../../components/market-error.tsx';
import { Loading, Notice } from '../../components/notice.tsx';
import { centsRate, percent } from '../../format.ts';
import { usePoll } from '../../hooks/use-poll.ts';
import { useServerNow } from '../../hooks/use-server-now.ts';
import { filterQuery, NO_FILTER, type OfferFilter, OfferFilters } from './offer-filters.tsx';
import { QuoteForm } from './quote-form.tsx';
import { QuoteView } from './quote-view.tsx';

/** GPU offers with filters; pick one, get a quote with its components, lease it. */
export function OffersPage() {
  const caps = useCapabilities();
  if (!caps) return <Loading what="the marketplace" />;
  if (!caps.market)
    return <Notice kind="info">The GPU marketplace is not available on this server yet.</Notice>;
  return <Offers />;
}

function Offers() {
  const [filter, setFilter] = useState<OfferFilter>(NO_FILTER);
  const [chosen, setChosen] = useState<string>();
  const [quote, setQuote] = useState<Quote>();
  const nowMs = useServerNow();
  const query = filterQuery(filter);
  const all = usePoll(
    (signal) => api<{ offers: Offer[] }>('/market/offers', { signal }),
    'offers-all',
    30_000,
  );
  const offers = usePoll(
    (signal) => api<{ offers: Offer[] }>(`/market/offers${query ? `?${query}` : ''}`, { signal }),
    `offers-${query}`,
    10_000,
  );
  const keyOf = (o: Offer) => `${o.siteId}/${o.groupId}`;
  const selected =
    offers.data?.offers.find((o) => keyOf(o) === chosen) ?? all.data?.offers.find((o) => keyOf(o) === chosen);
  return (
    <section>
      <h1>GPU offers</h1>
      <OfferFilters all={all.data?.offers ?? []} filter={filter} onChange={setFilter} />
      <MarketError error={offers.error} />
      {!offers.data ? (
        <Loading what="offers" />
      ) : offers.data.offers.length === 0 ? (
        <p className="muted">No offer matches these filters.</p>
      ) : (
        <ul className="offers" data-testid="offers">
          {offers.data.offers.map((o) => (
            <li
              key={keyOf(o)}
              className={`card offer${keyOf(o) === chosen ? ' chosen' : ''}`}
              data-offer={keyOf(o)}
            >
              <h2 className="offer-title">
                {o.gpuModel} <span className="muted">at {o.siteId}</span>
              </h2>
              <p className="muted small">
                {o.region} · {o.freeGpus} of {o.totalGpus} free · {o.gpusPerNode} per node ·{' '}
                {percent(o.greenShare)} green · preemption notice {o.preemptNoticeSeconds} s
              </p>
              <dl className="prices">
                {TIERS.map((t) => (
                  <div key={t}>
                    <dt>{t}</dt>
                    <dd>{centsRate(o.prices[t])}</dd>
                  </div>
                ))}
              </dl>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setChosen(keyOf(o));
                  setQuote(undefined);
                }}
                aria-expanded={keyOf(o) === chosen}
              >
                Choose
              </button>
            </li>
          ))}
        </ul>
      )}
      {selected && nowMs !== undefined ? (
        <section aria-label="Quote" className="quote-area">
          <h2>
            {selected.gpuModel} at {selected.siteId}
          </h2>
          <QuoteForm key={keyOf(selected)} offer={selected} nowMs={nowMs} onQuote={setQuote} />
          {quote ? <QuoteView key={quote.id} quote={quote} nowMs={nowMs} /> : null}
        </section>
      ) : null}
    </section>
  );
}
