import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import { persistence, sameTimeYesterday } from '../forecast/forecasters.ts';
import type { IntervalGrid } from '../forecast/interval-grid.ts';
import { ObservedHistory, PublishedDayAhead } from '../forecast/observed-history.ts';
import type { SiteState } from './settle-interval.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

/**
 * Days of price history loaded before a decision: the learned forecaster fits each day on the
 * previous four weeks (and looks a week back), the others look at most a week back.
 */
export const FORECAST_HISTORY_DAYS = 36;

/**
 * The allocator's input at a decision cell, from what was known then: the market price through
 * the chosen forecaster (tariffs and demand-response caps are known ahead), renewables as the
 * same time yesterday, hashprice as the last full day's. Perfect foresight sees actual values.
 */
export function forecastSiteInput(
  model: SiteModel,
  market: SiteMarket,
  cell: number,
  state: SiteState,
  forecaster: Forecaster,
  horizonCells: number,
): SitePlanInput {
  const n = Math.min(horizonCells, market.cells - cell);
  const slice = (values: ArrayLike<number>) => Array.from({ length: n }, (_, k) => values[cell + k]!);
  const predict = (grid: IntervalGrid, chosen: Forecaster, dayAhead?: SiteMarket['dayAhead']) =>
    Array.from(
      chosen.forecast({
        history: new ObservedHistory(grid, cell),
        cells: n,
        dayAhead: dayAhead
          ? new PublishedDayAhead(dayAhead.grid, dayAhead.publishedFromIndex, cell)
          : undefined,
        actual: chosen.usesFuture ? grid : undefined,
      }),
    );
  const perfect = forecaster.usesFuture;
  let importPrice: number[];
  let exportPrice: number[];
  if (market.priceKnownAhead) {
    importPrice = slice(market.importPrice.values);
    exportPrice = slice(market.exportPrice.values);
  } else {
    exportPrice = predict(market.exportPrice, forecaster, market.dayAhead);
    importPrice = exportPrice.map((p) => p + market.importAdderUsdPerMwh);
  }
  const site = model.site;
  return {
    siteId: site.id,
    startMs: market.startMs + cell * market.cellMinutes * 60_000,
    intervalMinutes: market.cellMinutes,
    intervals: n,
    timeZone: site.timeZone,
    pue: site.pue,
    poolFeePercent: site.pool.feePercent,
    importPriceUsdPerMwh: importPrice,
    exportPriceUsdPerMwh: exportPrice,
    importLimitMw: slice(market.importLimitMw),
    demandResponse: Array.from({ length: n }, (_, k) => market.demandResponse[cell + k]),
    exportLimitMw: site.grid.exportMw,
    renewableMw: predict(market.renewableMw, perfect ? forecaster : sameTimeYesterday),
    ppaMw: market.ppaMw,
    ppaPriceUsdPerMwh: market.ppaPriceUsdPerMwh,
    hashpriceUsdPerThDay: predict(market.hashpriceUsdPerThDay, perfect ? forecaster : persistence),
    minerGroups: model.minerGroups,
    gpuGroups: model.gpuGroups.map((group) => ({
      id: group.id,
      model: group.model,
      count: group.count,
      wattsPerGpu: group.wattsPerGpu,
      idleWattsPerGpu: group.idleWattsPerGpu,
      committedGpus: new Array(n).fill(group.committedGpus),
      interruptibleGpus: new Array(n).fill(group.count - group.committedGpus),
      interruptibleUsdPerGpuHour: group.demand.interruptibleUsdPerGpuHour,
    })),
    batchJobs: [],
    battery: model.battery ? { ...model.battery, socMwh: clampSoc(model, state.socMwh) } : undefined,
    rampMwPerInterval: site.rampMwPerInterval,
    currentMiningMw: site.rampMwPerInterval !== undefined ? state.miningMw : undefined,
    // Import up to the month's demand-charge floor is already paid for; above it every MW costs
    // the full monthly charge.
    demandChargeUsdPerMw: model.demandChargeUsdPerMw > 0 ? model.demandChargeUsdPerMw : undefined,
    monthPeakImportMw: Math.max(state.monthPeakImportMw, state.peakFloorMw),
  };
}

function clampSoc(model: SiteModel, soc: number): number {
  const b = model.battery!;
  return Math.min(b.socMaxMwh, Math.max(b.socMinMwh, soc));
}
