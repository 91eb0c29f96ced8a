import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import type { Forecaster } from '../forecast/forecaster.ts';
import { persistence, sameTimeYesterday } from '../forecast/forecasters.ts';
import type { IntervalGrid } from '../forecast/interval-grid.ts';
import { ObservedHistory, PublishedDayAhead } from '../forecast/observed-history.ts';
import { localParts, zonedToUtcMs } from '../time/zoned-time.ts';
import type { SiteState } from './settle-interval.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

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
    demandChargeUsdPerMw:
      model.demandChargeUsdPerMw > 0
        ? amortisedDemandCharge(
            model.demandChargeUsdPerMw,
            market.startMs + cell * market.cellMinutes * 60_000,
            n * market.cellMinutes,
            site.timeZone,
          )
        : undefined,
    monthPeakImportMw: state.monthPeakImportMw,
  };
}

/**
 * A demand charge bills the month's peak once, but a 24-hour horizon would weigh that whole charge
 * against one day of use and never raise the peak. The plan therefore sees the charge amortised over
 * what is left of the billing month: a peak raised now serves the rest of the month too.
 */
export function amortisedDemandCharge(
  usdPerMwMonth: number,
  nowMs: number,
  horizonMinutes: number,
  timeZone: string,
): number {
  const local = localParts(nowMs, timeZone);
  const nextMonth =
    local.month === 12 ? { year: local.year + 1, month: 1 } : { year: local.year, month: local.month + 1 };
  const monthEndMs = zonedToUtcMs(timeZone, nextMonth.year, nextMonth.month, 1);
  const minutesLeft = Math.max(horizonMinutes, (monthEndMs - nowMs) / 60_000);
  return usdPerMwMonth * Math.min(1, horizonMinutes / minutesLeft);
}

function clampSoc(model: SiteModel, soc: number): number {
  const b = model.battery!;
  return Math.min(b.socMaxMwh, Math.max(b.socMinMwh, soc));
}
