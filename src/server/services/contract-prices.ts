import { usdFloatToMicroUsd } from '../../core/accounting/exact-units.ts';
import { buildSiteMarket } from '../../core/backtest/site-market.ts';
import type { Fleet, Site } from '../../core/fleet/fleet-schema.ts';
import type { MarketData } from '../../core/ports/market-data.ts';

const CELL_MINUTES = 15;
const CELL_MS = CELL_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** The contract's import price of a site at an instant, micro-USD per MWh; undefined when unknown. */
export type PriceAt = (startMs: number) => bigint | undefined;

/** Prices for [fromMs, toMs) of a site under its contract terms. */
export type ContractPrices = (site: Site, fromMs: number, toMs: number) => Promise<PriceAt>;

/**
 * The site's import price from its supply contract, as the backtester settles it (fixed tariff,
 * time-of-use periods in the site's time zone, or the market price plus the adder, converted to USD
 * at the fleet's rates), on a 15-minute grid. A market interval without a price, or a site with no
 * priced supply (a PPA or renewables only), is undefined: the energy shows unpriced, never at 0.
 */
export function contractPrices(market: MarketData, fleet: () => Promise<Fleet | undefined>): ContractPrices {
  const noCalendar = { byDate: new Map(), feesEstimatedDates: [], unpricedDates: [] };
  return async (site, fromMs, toMs) => {
    const startMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
    const cells = Math.max(1, Math.ceil((toMs - startMs) / CELL_MS));
    const priced = site.supply.some(
      (s) => s.kind === 'fixed' || s.kind === 'time-of-use' || s.kind === 'market',
    );
    if (!priced) return () => undefined;
    let values: Float64Array;
    try {
      const currencies = (await fleet())?.currencies ?? {};
      values = buildSiteMarket({ currencies } as Fleet, site, market, noCalendar as never, {
        startMs,
        cells,
        cellMinutes: CELL_MINUTES,
      }).importPrice.values;
    } catch {
      return () => undefined;
    }
    return (atMs) => {
      const value = values[Math.floor((atMs - startMs) / CELL_MS)];
      return value === undefined || Number.isNaN(value) ? undefined : usdFloatToMicroUsd(value);
    };
  };
}
