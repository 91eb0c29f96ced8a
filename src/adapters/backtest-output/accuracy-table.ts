import type { BacktestResult } from '../../core/backtest/run-backtest.ts';
import type { ForecastAccuracy } from '../../core/forecast/forecast-accuracy.ts';

export interface AccuracyRow extends ForecastAccuracy {
  readonly siteId: string;
  /** First and last UTC day scored. */
  readonly period: string;
}

export function accuracyRows(result: BacktestResult): AccuracyRow[] {
  return result.sites.flatMap((site) =>
    (site.accuracy ?? []).map((a) => ({
      ...a,
      siteId: site.siteId,
      period: `${new Date(site.fromMs).toISOString().slice(0, 10)}..${new Date(site.toMs - 1).toISOString().slice(0, 10)}`,
    })),
  );
}

const HEADERS = [
  'site',
  'forecaster',
  'MAE $/MWh',
  'MAE 1st h',
  'pinball',
  'spike hits',
  'false spikes',
  'spikes',
];

/** Forecast accuracy per site (the period run) as a terminal table. */
export function formatAccuracyTable(rows: readonly AccuracyRow[]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((r) => [
    r.siteId,
    r.forecaster,
    r.maeUsdPerMwh.toFixed(2),
    r.maeNextHourUsdPerMwh.toFixed(2),
    r.pinballUsdPerMwh.toFixed(2),
    share(r.spikeHitRate),
    share(r.falseSpikeRate),
    String(r.spikeCells),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [
    'forecast accuracy (a decision every hour, 24 h ahead; spike = price above every miner breakeven)',
    line(HEADERS),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
  ].join('\n');
}

export function formatAccuracyCsv(rows: readonly AccuracyRow[]): string {
  const header =
    'site,period,forecaster,decisions,mae_usd_mwh,mae_next_hour_usd_mwh,pinball_usd_mwh,spike_hit_rate,false_spike_rate,spike_cells';
  const lines = rows.map((r) =>
    [
      r.siteId,
      r.period,
      r.forecaster,
      r.decisions,
      r.maeUsdPerMwh.toFixed(4),
      r.maeNextHourUsdPerMwh.toFixed(4),
      r.pinballUsdPerMwh.toFixed(4),
      r.spikeHitRate === undefined ? '' : r.spikeHitRate.toFixed(6),
      r.falseSpikeRate === undefined ? '' : r.falseSpikeRate.toFixed(6),
      r.spikeCells,
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

function share(value: number | undefined): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
}
