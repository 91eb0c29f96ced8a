import { api } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/notice.tsx';
import { usePoll } from '../hooks/use-poll.ts';
import { ManualPricesPanel } from './manual-prices-panel.tsx';

/** One feed's health as `GET /api/v1/market/feeds` returns it. */
interface FeedHealthRow {
  readonly feedId: string;
  readonly description: string;
  readonly maxAgeMs: number;
  readonly lastSuccessMs?: number;
  readonly lastValue?: { key: string; atMs: number; value: number; knownAtMs: number };
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  readonly ageMs: number | null;
  readonly stale: boolean;
  readonly affectedSiteIds: readonly string[];
}

function minutes(ms: number | null): string {
  if (ms === null) return 'never';
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** "Market feeds": each feed's last value, age against its maximum, failures and the sites a stale one affects. */
export function MarketFeedsPage() {
  const feeds = usePoll(
    (signal) => api<{ nowMs: number; feeds: FeedHealthRow[] }>('/market/feeds', { signal }),
    'market-feeds',
    5000,
  );
  return (
    <section>
      <div className="page-head">
        <h1>Market feeds</h1>
      </div>
      <ErrorNotice error={feeds.error} />
      {!feeds.data ? (
        <Loading what="market feeds" />
      ) : feeds.data.feeds.length === 0 ? (
        <p className="muted">
          No live feeds: the server plans on replayed files (start it with --live-feeds).
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="feed-table">
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Last value</th>
                <th scope="col" className="num">
                  Age / max
                </th>
                <th scope="col" className="num">
                  Failures
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {feeds.data.feeds.map((f) => (
                <tr key={f.feedId}>
                  <th scope="row">
                    {f.description} <span className="muted small">{f.feedId}</span>
                  </th>
                  <td>
                    {f.lastValue ? (
                      <>
                        {f.lastValue.value.toLocaleString(undefined, { maximumFractionDigits: 4 })}{' '}
                        <span className="muted small">
                          {f.lastValue.key} @ {new Date(f.lastValue.atMs).toISOString().slice(0, 16)}Z
                        </span>
                      </>
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                  </td>
                  <td className="num">
                    {minutes(f.ageMs)} / {minutes(f.maxAgeMs)}
                  </td>
                  <td className="num">{f.consecutiveFailures}</td>
                  <td>
                    {f.stale ? (
                      <strong>
                        stale
                        {f.affectedSiteIds.length > 0
                          ? `: planning ${f.affectedSiteIds.join(', ')} on last known values`
                          : ''}
                      </strong>
                    ) : (
                      'ok'
                    )}
                    {f.lastError ? <div className="muted small">{f.lastError}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ManualPricesPanel />
    </section>
  );
}
