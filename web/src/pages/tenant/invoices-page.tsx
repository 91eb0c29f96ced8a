import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Invoice } from '../../api/market-types.ts';
import { MarketError } from '../../components/market-error.tsx';
import { Loading } from '../../components/notice.tsx';
import { StatCard } from '../../components/stat-card.tsx';
import { centsRate, energyMwh, gpuHours, monthOf, percent, usdFromCents, utc } from '../../format.ts';
import { usePoll } from '../../hooks/use-poll.ts';
import { useServerNow } from '../../hooks/use-server-now.ts';

/** A month's invoice (to date for the current month): every lease line, energy and its green share. */
export function InvoicesPage() {
  const nowMs = useServerNow(30_000);
  const [month, setMonth] = useState<string>();
  const chosen = month ?? (nowMs !== undefined ? monthOf(nowMs) : undefined);
  const invoice = usePoll(
    (signal) =>
      chosen
        ? api<Invoice>(`/market/invoices/${encodeURIComponent(chosen)}`, { signal })
        : Promise.resolve(undefined),
    `invoice-${chosen}`,
    10_000,
  );
  const inv = invoice.data;
  return (
    <section>
      <h1>Invoices</h1>
      <label htmlFor="invoice-month">Month (UTC)</label>{' '}
      <input
        id="invoice-month"
        type="month"
        value={chosen ?? ''}
        onChange={(e) => setMonth(e.target.value)}
      />
      <MarketError error={invoice.error} />
      {!inv ? (
        chosen && !invoice.error ? (
          <Loading what="the invoice" />
        ) : null
      ) : (
        <>
          <div className="stats" data-testid="invoice-totals">
            <StatCard
              label={`Total ${inv.month}`}
              value={usdFromCents(inv.totalCents)}
              detail={`issued ${utc(inv.issuedAtMs)}`}
            />
            <StatCard
              label="Energy"
              value={energyMwh(inv.energyWh)}
              detail={`${percent(inv.energyWh > 0 ? inv.greenWh / inv.energyWh : null)} green`}
            />
          </div>
          {inv.lines.length === 0 ? (
            <p className="muted">No usage this month.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="invoice-lines">
                <thead>
                  <tr>
                    <th scope="col">Lease</th>
                    <th scope="col" className="wide-only">
                      Tier
                    </th>
                    <th scope="col" className="wide-only">
                      Where
                    </th>
                    <th scope="col" className="num">
                      Used
                    </th>
                    <th scope="col" className="num wide-only">
                      Rate
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {inv.lines.map((line) => (
                    <tr key={`${line.leaseId}-${line.state}`} data-lease-id={line.leaseId}>
                      <th scope="row">
                        {line.leaseId.slice(0, 8)} <span className="muted small">{line.state}</span>
                        {line.note ? <div className="muted small">{line.note}</div> : null}
                      </th>
                      <td className="wide-only">{line.tier}</td>
                      <td className="wide-only">
                        {line.siteId} · {line.gpuModel}
                      </td>
                      <td className="num">{gpuHours(line.gpuSeconds)}</td>
                      <td className="num wide-only">{centsRate(line.rateCentsPerGpuHour)}</td>
                      <td className="num">{usdFromCents(line.amountCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
