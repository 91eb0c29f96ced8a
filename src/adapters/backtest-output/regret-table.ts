import type { RegretRow } from '../../core/backtest/regret.ts';
import type { BacktestResult } from '../../core/backtest/run-backtest.ts';

/** The strategies the regret view reports on: everything but its two reference points. */
const REFERENCES = new Set(['breakeven', 'perfect-foresight']);

const HEADERS = [
  'site',
  'month',
  'strategy',
  'gap closed',
  'vs rule USD',
  'lost: spikes',
  'battery',
  'ramp',
  're-plan',
  'other',
];

/** Every regret row of every site. */
export function regretRows(result: BacktestResult): RegretRow[] {
  return result.sites.flatMap((site) => site.regret ?? []);
}

/**
 * The regret view as a terminal table: per site and month, each strategy's share of the gap between
 * the breakeven rule and perfect foresight, its earnings over the rule, and where the rest was lost.
 */
export function formatRegretTable(rows: readonly RegretRow[]): string {
  const shown = rows.filter((r) => !REFERENCES.has(r.strategy));
  if (shown.length === 0) return '';
  const cells = shown.map((r) => [
    r.siteId,
    r.month,
    r.strategy,
    r.gapClosed === undefined ? '-' : `${(r.gapClosed * 100).toFixed(1)}%`,
    money(r.usdEarned - r.breakevenUsd),
    money(r.lost.spikeForecastUsd),
    money(r.lost.batteryTimingUsd),
    money(r.lost.rampLimitUsd),
    money(r.lost.replanCadenceUsd),
    money(r.lost.otherUsd),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i < 3 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [
    'regret: share of the breakeven -> perfect-foresight gap closed, and where the rest was lost',
    line(HEADERS),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
  ].join('\n');
}

/** CSV of every regret row (the references included), full precision, for the --out folder. */
export function formatRegretCsv(rows: readonly RegretRow[]): string {
  const header =
    'site,month,strategy,usd_earned,breakeven_usd,perfect_usd,gap_closed,lost_spike_forecast_usd,lost_battery_timing_usd,lost_ramp_limit_usd,lost_replan_cadence_usd,lost_other_usd';
  const lines = rows.map((r) =>
    [
      r.siteId,
      r.month,
      r.strategy,
      r.usdEarned.toFixed(2),
      r.breakevenUsd.toFixed(2),
      r.perfectUsd.toFixed(2),
      r.gapClosed === undefined ? '' : r.gapClosed.toFixed(6),
      r.lost.spikeForecastUsd.toFixed(2),
      r.lost.batteryTimingUsd.toFixed(2),
      r.lost.rampLimitUsd.toFixed(2),
      r.lost.replanCadenceUsd.toFixed(2),
      r.lost.otherUsd.toFixed(2),
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

function money(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  return `${sign}$${Math.round(Math.abs(usd)).toLocaleString('en-US')}`;
}
