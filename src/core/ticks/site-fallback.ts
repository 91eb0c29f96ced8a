import type { HashpriceCalendar } from '../economics/hashprice-calendar.ts';
import { breakevenPerMwh, DEFAULT_FAILURE_POLICY, type FallbackInput } from '../feeds/failure-policy.ts';
import type { Site } from '../fleet/index.ts';
import type { MarketData } from '../ports/market-data.ts';

const DAY_MS = 86_400_000;

/**
 * What the failure policy needs about a site from the tick's snapshot: its policy (fleet file or
 * default), full mining load, the last known price of its market series (within 7 days, with the
 * adder) and its miners' breakeven on the latest known hashprice.
 */
export function siteFallbackInput(
  site: Site,
  market: MarketData,
  calendar: HashpriceCalendar,
  nowMs: number,
  /** USD value of one unit of each non-USD currency (the fleet file's `currencies`). */
  currencies: Readonly<Record<string, number>> = {},
): Omit<FallbackInput, 'failingSinceMs' | 'last' | 'nowMs'> {
  const models = new Map(market.minerModels().map((m) => [m.model, m]));
  let watts = 0;
  let terahash = 0;
  for (const group of site.minerGroups) {
    const model = models.get(group.model);
    if (!model) continue;
    watts += group.count * model.powerW;
    terahash += group.count * model.hashrateThs;
  }
  const fullMiningMw = (watts / 1e6) * site.pue;
  const supply = site.supply.find((s) => s.kind === 'market');
  let lastPrice: FallbackInput['lastPrice'];
  if (supply?.kind === 'market') {
    try {
      const series = market.priceSeries(supply.series);
      for (let ms = nowMs; ms > nowMs - 7 * DAY_MS && lastPrice === undefined; ms -= series.resolutionMs) {
        const value = series.at(ms);
        if (value !== undefined) {
          lastPrice = {
            value: value + supply.adderPerMwh,
            atMs:
              Math.floor((ms - series.startMs) / series.resolutionMs) * series.resolutionMs + series.startMs,
            unit: series.unit,
          };
        }
      }
    } catch {
      // The series is unknown to the snapshot: no last price.
    }
  }
  let hashprice: number | undefined;
  for (let ms = nowMs; ms > nowMs - 7 * DAY_MS && hashprice === undefined; ms -= DAY_MS) {
    hashprice = calendar.byDate.get(new Date(ms).toISOString().slice(0, 10))?.usdPerThDay;
  }
  const jPerTh = terahash > 0 ? (watts * site.pue) / terahash : undefined;
  const currency = lastPrice?.unit.split('/')[0] ?? 'USD';
  const usdPerUnit = currency === 'USD' ? 1 : currencies[currency];
  return {
    policy: site.failurePolicy ?? DEFAULT_FAILURE_POLICY,
    fullMiningMw: Math.round(fullMiningMw * 1000) / 1000,
    lastPrice,
    breakevenPerMwh:
      hashprice !== undefined && jPerTh !== undefined && usdPerUnit !== undefined
        ? breakevenPerMwh(hashprice, jPerTh) / usdPerUnit
        : undefined,
  };
}
