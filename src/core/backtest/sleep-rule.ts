import { miningRevenueUsdPerMwh } from '../economics/mining-revenue.ts';
import { ObservedHistory } from '../forecast/observed-history.ts';
import type { Setpoint } from './settle-interval.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

/** How far back the newest real-time price may lie (cells), so a long data gap disables the rule. */
const MAX_PRICE_AGE_CELLS = 8;

/**
 * The plan's fast-reaction rule for each miner group (model order): sleep the group if the newest
 * real-time import price seen before the next plan exceeds this price (USD/MWh); undefined = no
 * rule (the group is planned asleep). The price is the group's breakeven at the plan's hashprice,
 * so between plans the site never knows less than the breakeven rule does.
 */
export function sleepAbovePrices(
  model: SiteModel,
  hashpriceUsdPerThDay: number,
  plannedMinerMw: readonly number[],
): (number | undefined)[] {
  return model.minerGroups.map((group, g) =>
    (plannedMinerMw[g] ?? 0) > 0
      ? miningRevenueUsdPerMwh({
          hashpriceUsdPerThDay,
          efficiencyJPerTh: group.nameplateEfficiencyJPerTh,
          poolFeePercent: model.site.pool.feePercent,
          pue: model.site.pue,
        })
      : undefined,
  );
}

/**
 * The newest real-time import price the site has seen at the start of `cell`: the last source
 * interval that has ended (15-minute ERCOT settlement prices, hourly AESO pool prices in the shipped
 * data; 5-minute or minute prices would make the rule react faster). NaN for tariffs and gaps.
 */
export function newestImportPrice(market: SiteMarket, cell: number): number {
  if (market.priceKnownAhead) return Number.NaN;
  const history = new ObservedHistory(market.exportPrice, cell);
  return (
    history.latestAtOrBefore(history.lastKnownIndex(), MAX_PRICE_AGE_CELLS) + market.importAdderUsdPerMwh
  );
}

/** Applies a setpoint's sleep rule to the newest price: groups whose limit it exceeds sleep. */
export function applySleepRule(setpoint: Setpoint, newestPriceUsdPerMwh: number): Setpoint {
  const rule = setpoint.sleepAbovePriceUsdPerMwh;
  if (!rule || Number.isNaN(newestPriceUsdPerMwh)) return setpoint;
  let changed = false;
  const minerMw = setpoint.minerMw.map((mw, g) => {
    const limit = rule[g];
    if (limit === undefined || newestPriceUsdPerMwh <= limit || mw === 0) return mw;
    changed = true;
    return 0;
  });
  return changed ? { ...setpoint, minerMw } : setpoint;
}
