import type { StrategyComparison } from '../../api/types.ts';
import { btc, usd, utc } from '../../format.ts';

const NAMES: Record<string, string> = {
  'always-on': 'Always on',
  breakeven: 'Breakeven rule (what fleets do today)',
  'lp-day-ahead': 'Switchyard LP (day-ahead forecast)',
  'perfect-foresight': 'Perfect foresight (upper bound)',
};

/** What each strategy would have earned at the site over the last whole day, on the real prices. */
export function StrategyTable({ comparison }: { comparison: StrategyComparison }) {
  const base = comparison.strategies.find((s) => s.name === 'always-on')?.usdEarned ?? 0;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="strategy-table">
        <caption>
          Backtest of {comparison.siteId} from {utc(comparison.fromMs)} to {utc(comparison.toMs)} on the real
          prices (LP re-planned every {comparison.resolveEvery * 15} min)
        </caption>
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col" className="num">
              Net earned
            </th>
            <th scope="col" className="num">
              vs always on
            </th>
            <th scope="col" className="num wide-only">
              Mining
            </th>
            <th scope="col" className="num wide-only">
              GPUs
            </th>
            <th scope="col" className="num wide-only">
              Energy cost
            </th>
            <th scope="col" className="num wide-only" title="the monthly demand charge's share for this day">
              Demand charge (day's share)
            </th>
            <th
              scope="col"
              className="num wide-only"
              title="the whole month's demand charge the day's peak would set; not in net earned"
            >
              Month's demand charge (apart)
            </th>
            <th scope="col" className="num wide-only">
              BTC
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.strategies.map((s) => (
            <tr key={s.name}>
              <th scope="row">{NAMES[s.name] ?? s.name}</th>
              <td className="num">{usd(s.usdEarned)}</td>
              <td className="num">
                {s.name === 'always-on' ? '—' : `${s.usdEarned >= base ? '+' : ''}${usd(s.usdEarned - base)}`}
              </td>
              <td className="num wide-only">{usd(s.miningUsd)}</td>
              <td className="num wide-only">{usd(s.gpuUsd)}</td>
              <td className="num wide-only">{usd(s.energyCostUsd)}</td>
              <td className="num wide-only">{usd(s.demandChargeUsd)}</td>
              <td className="num wide-only">{usd(s.demandChargeMonthUsd)}</td>
              <td className="num wide-only">{btc(s.btcMined)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </div>
  );
}
