import type { ActualsReport } from '../../api/types.ts';
import type { ReportJson } from './report-figures.tsx';

const usd = (text: string | null | undefined) =>
  text === null || text === undefined ? '—' : `$${Math.round(Number(text)).toLocaleString('en-US')}`;
const ehs = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(3)} EH/s`);
const mwh = (wh: number | string | undefined) =>
  wh === undefined ? '—' : `${(Number(wh) / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MWh`;

/**
 * The month's books beside the plan and the what-if, each column labelled: actuals (measured, the
 * only figures booked), planned (the allocator's stored runs), what-if (the backtest of the report's
 * strategy). Gaps are listed, never filled with zeros.
 */
export function ActualsFigures({ actuals, whatIf }: { actuals: ActualsReport; whatIf?: ReportJson }) {
  const t = actuals.totals;
  const w = whatIf?.total;
  const wSats = w?.btcMinedSats === undefined ? undefined : Number(w.btcMinedSats);
  const gaps = actuals.sites.flatMap((s) => s.gaps.map((g) => `${s.siteId} ${g.date} ${g.what}`));
  const curtailed = actuals.sites.flatMap((s) => s.curtailedDays.map((d) => `${s.siteId} ${d}`));
  return (
    <div className="card" data-testid="actuals-figures">
      <h2>
        {actuals.month}: actuals, plan and what-if{' '}
        {actuals.closed ? '(closed)' : actuals.complete ? '(complete)' : ''}
      </h2>
      <table>
        <thead>
          <tr>
            <th />
            <th title={actuals.labels.actuals}>Actuals (booked)</th>
            <th title={actuals.labels.planned}>Planned (allocator runs)</th>
            <th title={actuals.labels.whatIf}>What-if (backtest, simulated)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>BTC</th>
            <td>{t.minedBtc} (pool credits)</td>
            <td>{actuals.planned.expectedBtc} (FPPS on plan)</td>
            <td>{wSats === undefined ? '—' : (wSats / 1e8).toFixed(8)}</td>
          </tr>
          <tr>
            <th>Operating hashrate</th>
            <td>
              {ehs(t.operatingEhs)} of {t.deployedEhs.toFixed(3)} deployed
            </td>
            <td>{ehs(actuals.planned.operatingEhs)}</td>
            <td>{w?.avgOperatingHashrateThs ? ehs(Number(w.avgOperatingHashrateThs) / 1e6) : '—'}</td>
          </tr>
          <tr>
            <th>Energy</th>
            <td>{mwh(t.energyWh)}</td>
            <td>{mwh(actuals.planned.energyWh)}</td>
            <td>{mwh(w?.energyUsedWh)}</td>
          </tr>
          <tr>
            <th>Energy cost</th>
            <td>
              {usd(t.energyCostUsd)} · {usd(t.costPerBtcUsd)} per BTC
              {t.unpricedWh !== '0' ? ` · ${mwh(t.unpricedWh)} unpriced` : ''}
            </td>
            <td>—</td>
            <td>
              {w?.energyCostMicroUsd === undefined ? '—' : usd(String(Number(w.energyCostMicroUsd) / 1e6))}
            </td>
          </tr>
          <tr>
            <th>DR credits · leases · holdings</th>
            <td>
              {usd(t.drCreditsUsd)} · {usd(t.leaseRevenueUsd)} · {t.holdingsBtc} BTC
            </td>
            <td>—</td>
            <td>—</td>
          </tr>
        </tbody>
      </table>
      <p>Curtailed: {curtailed.length > 0 ? curtailed.join(', ') : 'none'}</p>
      <p data-testid="actuals-gaps">Gaps: {gaps.length > 0 ? gaps.join(', ') : 'none'}</p>
    </div>
  );
}
