import { miningRevenueUsdPerMwh } from '../economics/mining-revenue.ts';
import type { IntervalOutcome, Setpoint, SiteState } from './settle-interval.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

/** Where a strategy's shortfall against perfect foresight arose, USD. */
export interface RegretCauses {
  /** Intervals priced above every miner's breakeven (all should sleep): the spike was not foreseen. */
  spikeForecastUsd: number;
  /** Battery cash flow (energy moved at the interval's price, less wear) below perfect foresight's. */
  batteryTimingUsd: number;
  /** Intervals where the site's ramp limit cut the strategy's setpoint. */
  rampLimitUsd: number;
  /** Intervals between two plans (re-solve less often than every interval). */
  replanCadenceUsd: number;
  /** Everything else: forecast error at ordinary prices, hashprice, demand charges. */
  otherUsd: number;
}

/** One strategy on one site in one local month (or `all` for the whole run). */
export interface RegretRow {
  readonly siteId: string;
  readonly month: string;
  readonly strategy: string;
  readonly usdEarned: number;
  readonly breakevenUsd: number;
  readonly perfectUsd: number;
  /**
   * (strategy - breakeven) / (perfect - breakeven): 1 = all of the gap closed, 0 = the rule's
   * earnings, negative = below the rule. Undefined when perfect foresight earns no more than the rule.
   */
  readonly gapClosed: number | undefined;
  /** Perfect foresight's earnings less the strategy's, split by cause (sums to the total). */
  readonly lost: RegretCauses;
}

/** What the regret view keeps of every settled interval of one strategy (indexed from the first cell run). */
export interface StrategyTrace {
  readonly netUsd: Float64Array;
  readonly batteryUsd: Float64Array;
  /** Bit 1: the ramp limit cut the setpoint; bit 2: a plan was made at this interval. */
  readonly flags: Uint8Array;
}

export const RAMP_CUT = 1;
export const PLANNED = 2;

export function emptyTrace(cells: number): StrategyTrace {
  return {
    netUsd: new Float64Array(cells),
    batteryUsd: new Float64Array(cells),
    flags: new Uint8Array(cells),
  };
}

/**
 * The import price above which every miner should sleep, per cell (USD/MWh): the breakeven of the
 * site's most efficient operating point at that day's actual hashprice. Infinity without miners.
 */
export function spikeLevels(
  model: SiteModel,
  market: SiteMarket,
  fromCell: number,
  toCell: number,
): Float64Array {
  const bestThsPerMw = Math.max(
    0,
    ...model.minerGroups.flatMap((group) => group.segments.map((segment) => segment.thsPerMw)),
  );
  const out = new Float64Array(toCell - fromCell).fill(Number.POSITIVE_INFINITY);
  if (bestThsPerMw === 0) return out;
  for (let cell = fromCell; cell < toCell; cell++) {
    out[cell - fromCell] = miningRevenueUsdPerMwh({
      hashpriceUsdPerThDay: market.hashpriceUsdPerThDay.values[cell]!,
      efficiencyJPerTh: 1e6 / bestThsPerMw,
      poolFeePercent: model.site.pool.feePercent,
      pue: model.site.pue,
    });
  }
  return out;
}

/** Intervals whose actual import price exceeded the spike level: every miner should have slept. */
export function spikeIntervals(
  model: SiteModel,
  market: SiteMarket,
  fromCell: number,
  toCell: number,
): Uint8Array {
  const levels = spikeLevels(model, market, fromCell, toCell);
  const out = new Uint8Array(toCell - fromCell);
  for (let cell = fromCell; cell < toCell; cell++) {
    out[cell - fromCell] = market.importPrice.values[cell]! > levels[cell - fromCell]! ? 1 : 0;
  }
  return out;
}

/**
 * Per local month (and `all`), each strategy's share of the breakeven-to-perfect-foresight gap and
 * where the rest was lost, interval by interval against perfect foresight: first the battery's
 * cash-flow difference, then the remainder by the interval's kind (ramp cut, spike, between plans,
 * other). Needs the `breakeven` and `perfect-foresight` traces; returns nothing without them.
 */
export function siteRegret(
  siteId: string,
  months: readonly string[],
  spikes: Uint8Array,
  traces: ReadonlyMap<string, StrategyTrace>,
): RegretRow[] {
  const perfect = traces.get('perfect-foresight');
  const breakeven = traces.get('breakeven');
  if (!perfect || !breakeven) return [];
  const monthList = [...new Set(months), 'all'];
  const rows: RegretRow[] = [];
  const sumOver = (values: Float64Array, month: string) => {
    let total = 0;
    for (let i = 0; i < values.length; i++) if (month === 'all' || months[i] === month) total += values[i]!;
    return total;
  };
  for (const month of monthList) {
    const perfectUsd = sumOver(perfect.netUsd, month);
    const breakevenUsd = sumOver(breakeven.netUsd, month);
    const gap = perfectUsd - breakevenUsd;
    for (const [strategy, trace] of traces) {
      const usdEarned = sumOver(trace.netUsd, month);
      rows.push({
        siteId,
        month,
        strategy,
        usdEarned,
        breakevenUsd,
        perfectUsd,
        gapClosed: gap > 1e-6 ? (usdEarned - breakevenUsd) / gap : undefined,
        lost: causes(perfect, trace, spikes, months, month),
      });
    }
  }
  return rows;
}

function causes(
  perfect: StrategyTrace,
  trace: StrategyTrace,
  spikes: Uint8Array,
  months: readonly string[],
  month: string,
): RegretCauses {
  const lost: RegretCauses = {
    spikeForecastUsd: 0,
    batteryTimingUsd: 0,
    rampLimitUsd: 0,
    replanCadenceUsd: 0,
    otherUsd: 0,
  };
  for (let i = 0; i < trace.netUsd.length; i++) {
    if (month !== 'all' && months[i] !== month) continue;
    const battery = perfect.batteryUsd[i]! - trace.batteryUsd[i]!;
    const rest = perfect.netUsd[i]! - trace.netUsd[i]! - battery;
    lost.batteryTimingUsd += battery;
    const flags = trace.flags[i]!;
    if (flags & RAMP_CUT) lost.rampLimitUsd += rest;
    else if (spikes[i]) lost.spikeForecastUsd += rest;
    else if (!(flags & PLANNED)) lost.replanCadenceUsd += rest;
    else lost.otherUsd += rest;
  }
  return lost;
}

/** Records one settled interval of a strategy into its trace (what the regret view reads). */
export function recordTrace(
  trace: StrategyTrace,
  i: number,
  model: SiteModel,
  market: SiteMarket,
  setpoint: Setpoint,
  before: SiteState,
  outcome: IntervalOutcome,
  planned: boolean,
): void {
  const hours = market.cellMinutes / 60;
  trace.netUsd[i] = outcome.netUsd;
  trace.batteryUsd[i] =
    (outcome.dischargeMw - outcome.chargeMw) * outcome.importPriceUsdPerMwh * hours - outcome.batteryCostUsd;
  const ramp = model.site.rampMwPerInterval;
  const asked = model.minerGroups.reduce(
    (sum, group, g) =>
      sum +
      Math.max(
        0,
        Math.min(
          setpoint.minerMw[g] ?? 0,
          group.segments.reduce((s, seg) => s + seg.maxMw, 0),
        ),
      ),
    0,
  );
  const rampCut = ramp !== undefined && Math.abs(asked - before.miningMw) > ramp + 1e-6;
  trace.flags[i] = (rampCut ? RAMP_CUT : 0) | (planned ? PLANNED : 0);
}
