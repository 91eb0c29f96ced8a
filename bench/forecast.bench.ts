/**
 * Forecaster figures for `npm run bench -- forecast`: the learned forecaster's daily fit and its
 * per-decision prediction (96 cells with quantiles), on the real ERCOT North and AESO prices of
 * the example fleet's sites; the classic forecasters' prediction time beside it.
 */

import { FORECAST_HISTORY_DAYS } from '../src/core/backtest/forecast-site-input.ts';
import { buildSiteMarket } from '../src/core/backtest/site-market.ts';
import type { HashpriceCalendar } from '../src/core/economics/hashprice-calendar.ts';
import type { Fleet } from '../src/core/fleet/fleet-schema.ts';
import { dayAhead, seasonalMedian } from '../src/core/forecast/forecasters.ts';
import { learnedForecaster } from '../src/core/forecast/learned-forecaster.ts';
import { ObservedHistory, PublishedDayAhead } from '../src/core/forecast/observed-history.ts';
import type { MarketData } from '../src/core/ports/market-data.ts';

const DAY_MS = 86_400_000;
const DAYS = 30;

export function benchForecasters(fleet: Fleet, market: MarketData, calendar: HashpriceCalendar): void {
  for (const siteId of ['tx-north-1', 'ab-medicine-hat']) {
    const site = fleet.sites.find((s) => s.id === siteId);
    if (!site) continue;
    const startMs = Date.parse('2023-06-01T00:00:00Z') - FORECAST_HISTORY_DAYS * DAY_MS;
    const cells = (FORECAST_HISTORY_DAYS + DAYS + 1) * 96;
    const siteMarket = buildSiteMarket(fleet, site, market, calendar, { startMs, cells, cellMinutes: 15 });
    const forecaster = learnedForecaster({ name: 'bench', riskWeight: 0.3, fallback: dayAhead });
    const inputsAt = (cell: number) => ({
      history: new ObservedHistory(siteMarket.exportPrice, cell),
      cells: 96,
      dayAhead: siteMarket.dayAhead
        ? new PublishedDayAhead(siteMarket.dayAhead.grid, siteMarket.dayAhead.publishedFromIndex, cell)
        : undefined,
    });
    const fits: number[] = [];
    const predictions: number[] = [];
    const classic: number[] = [];
    for (let d = 0; d < DAYS; d++) {
      const dayStart = (FORECAST_HISTORY_DAYS + d) * 96;
      const t0 = performance.now();
      forecaster.forecastQuantiles(inputsAt(dayStart));
      const t1 = performance.now();
      for (let k = 1; k < 96; k += 8) {
        const p0 = performance.now();
        forecaster.forecastQuantiles(inputsAt(dayStart + k));
        predictions.push(performance.now() - p0);
        const c0 = performance.now();
        seasonalMedian.forecast(inputsAt(dayStart + k));
        classic.push(performance.now() - c0);
      }
      fits.push(t1 - t0);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const predict = median(predictions);
    console.log(
      `learned forecaster, ${siteId} (${site.supply.find((s) => s.kind === 'market')?.series}), June 2023: ` +
        `daily fit on 28 days ${(median(fits) - predict).toFixed(1)} ms (median of ${DAYS}), ` +
        `prediction of 96 cells with quantiles ${predict.toFixed(2)} ms (seasonal median: ${median(classic).toFixed(2)} ms)`,
    );
  }
}
