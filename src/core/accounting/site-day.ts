import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { btcFloatToSats, floatToUnits, usdFloatToMicroUsd } from './exact-units.ts';
import { type Posting, transfer } from './ledger.ts';
import { minedPosting } from './production-postings.ts';

/**
 * One site's UTC day in exact units, converted ONCE from the backtest's float sums (ADR 0004):
 * BTC floored to sats, USD half-even to micro-USD, energy half-even to Wh, hashrate x time
 * half-even to TH-seconds.
 */
export interface SiteDay {
  readonly siteId: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Settled time of the day, seconds (86_400 for a full day). */
  readonly seconds: bigint;
  readonly btcMinedSats: bigint;
  /** Operating hashrate integrated over the day, TH x s (average TH/s = this / seconds). */
  readonly hashrateThSeconds: bigint;
  /** Facility energy used by miners and GPUs (with PUE), Wh. */
  readonly energyUsedWh: bigint;
  readonly importWh: bigint;
  readonly exportWh: bigint;
  /** Renewable output used (on site or exported), Wh. */
  readonly renewableUsedWh: bigint;
  readonly miningMicroUsd: bigint;
  readonly gpuMicroUsd: bigint;
  readonly exportMicroUsd: bigint;
  /** Grid import and PPA energy, micro-USD (may be negative at negative prices). */
  readonly supplyCostMicroUsd: bigint;
  readonly demandChargeMicroUsd: bigint;
  readonly batteryCostMicroUsd: bigint;
}

/** Float sums of one site-day as the backtest settles them (MWh, USD, BTC, TH x s). */
export interface SiteDayFloatSums {
  seconds: number;
  btcMined: number;
  thSeconds: number;
  energyUsedMwh: number;
  importMwh: number;
  exportMwh: number;
  renewableUsedMwh: number;
  miningUsd: number;
  gpuUsd: number;
  exportUsd: number;
  energyCostUsd: number;
  demandChargeUsd: number;
  batteryCostUsd: number;
}

/**
 * Collects settled intervals (a `BacktestSink`) of one strategy into float sums per site and UTC
 * day; `siteDays()` converts each site-day once to exact units.
 */
export class SiteDayCollector {
  readonly #days = new Map<string, { siteId: string; date: string; sums: SiteDayFloatSums }>();

  /** @param strategy only this strategy's intervals are kept; @param cellMinutes interval length. */
  constructor(
    readonly strategy: string,
    readonly cellMinutes: number,
  ) {}

  interval(strategy: string, siteId: string, outcome: IntervalOutcome): void {
    if (strategy !== this.strategy) return;
    const h = this.cellMinutes / 60;
    const date = new Date(outcome.startMs).toISOString().slice(0, 10);
    const key = `${siteId}\u0000${date}`;
    let day = this.#days.get(key);
    if (!day) {
      day = {
        siteId,
        date,
        sums: {
          seconds: 0,
          btcMined: 0,
          thSeconds: 0,
          energyUsedMwh: 0,
          importMwh: 0,
          exportMwh: 0,
          renewableUsedMwh: 0,
          miningUsd: 0,
          gpuUsd: 0,
          exportUsd: 0,
          energyCostUsd: 0,
          demandChargeUsd: 0,
          batteryCostUsd: 0,
        },
      };
      this.#days.set(key, day);
    }
    const s = day.sums;
    s.seconds += this.cellMinutes * 60;
    s.btcMined += outcome.btcMined;
    s.thSeconds += outcome.hashrateThs * this.cellMinutes * 60;
    s.energyUsedMwh += outcome.energyUsedMwh;
    s.importMwh += outcome.importMw * h;
    s.exportMwh += outcome.exportMw * h;
    s.renewableUsedMwh += outcome.renewableUsedMw * h;
    s.miningUsd += outcome.miningUsd;
    s.gpuUsd += outcome.gpuUsd;
    s.exportUsd += outcome.exportUsd;
    s.energyCostUsd += outcome.energyCostUsd;
    s.demandChargeUsd += outcome.demandChargeUsd;
    s.batteryCostUsd += outcome.batteryCostUsd;
  }

  /** Every collected site-day in exact units, by site then date. */
  siteDays(): SiteDay[] {
    return [...this.#days.values()]
      .sort((a, b) => (a.siteId === b.siteId ? cmp(a.date, b.date) : cmp(a.siteId, b.siteId)))
      .map(({ siteId, date, sums }) => exactSiteDay(siteId, date, sums));
  }
}

/** The one float -> exact conversion of a site-day (ADR 0004). */
export function exactSiteDay(siteId: string, date: string, s: SiteDayFloatSums): SiteDay {
  const wh = (mwh: number) => floatToUnits(mwh, 1_000_000n, 'half-even');
  return {
    siteId,
    date,
    seconds: BigInt(Math.round(s.seconds)),
    btcMinedSats: btcFloatToSats(s.btcMined),
    hashrateThSeconds: floatToUnits(s.thSeconds, 1n, 'half-even'),
    energyUsedWh: wh(s.energyUsedMwh),
    importWh: wh(s.importMwh),
    exportWh: wh(s.exportMwh),
    renewableUsedWh: wh(s.renewableUsedMwh),
    miningMicroUsd: usdFloatToMicroUsd(s.miningUsd),
    gpuMicroUsd: usdFloatToMicroUsd(s.gpuUsd),
    exportMicroUsd: usdFloatToMicroUsd(s.exportUsd),
    supplyCostMicroUsd: usdFloatToMicroUsd(s.energyCostUsd),
    demandChargeMicroUsd: usdFloatToMicroUsd(s.demandChargeUsd),
    batteryCostMicroUsd: usdFloatToMicroUsd(s.batteryCostUsd),
  };
}

/** Tenant name under which a site's GPU revenue is booked when no lease names a tenant (backtests). */
export function marketTenant(siteId: string): string {
  return `${siteId}.gpu-market`;
}

/** Energy contracts a site-day's costs are booked under: `energy-cost:<site>:<contract>`. */
export const ENERGY_CONTRACTS = {
  supply: 'supply',
  demandCharge: 'demand-charge',
  battery: 'battery-wear',
} as const;

/**
 * The ledger postings of a site-day (keys `<kind>:<site>:<date>`, so re-posting books nothing):
 * - production: pool-receivable / mining-revenue:<site> (sats)
 * - energy: energy-cost:<site>:{supply,demand-charge,battery-wear} / energy-payable (micro-USD)
 * - GPU: lease-receivable:<tenant> / lease-revenue:<tenant> (micro-USD)
 * - exports: cash-usd / export-revenue (micro-USD)
 * Mining revenue is booked in sats only; its USD value stays a report figure.
 */
export function siteDayPostings(day: SiteDay): Posting[] {
  const { siteId: site, date } = day;
  const tenant = marketTenant(site);
  const postings = [
    minedPosting(site, date, day.btcMinedSats),
    transfer(
      `energy:${site}:${date}`,
      date,
      'micro-usd',
      `energy-cost:${site}:${ENERGY_CONTRACTS.supply}`,
      'energy-payable',
      day.supplyCostMicroUsd,
    ),
    transfer(
      `demand-charge:${site}:${date}`,
      date,
      'micro-usd',
      `energy-cost:${site}:${ENERGY_CONTRACTS.demandCharge}`,
      'energy-payable',
      day.demandChargeMicroUsd,
    ),
    transfer(
      `battery-wear:${site}:${date}`,
      date,
      'micro-usd',
      `energy-cost:${site}:${ENERGY_CONTRACTS.battery}`,
      'energy-payable',
      day.batteryCostMicroUsd,
    ),
    transfer(
      `lease:${site}:${date}`,
      date,
      'micro-usd',
      `lease-receivable:${tenant}`,
      `lease-revenue:${tenant}`,
      day.gpuMicroUsd,
    ),
    transfer(`export:${site}:${date}`, date, 'micro-usd', 'cash-usd', 'export-revenue', day.exportMicroUsd),
  ];
  return postings.filter((p): p is Posting => p !== undefined);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
