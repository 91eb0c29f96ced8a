import type { ProgrammeOutcome } from './programme-outcome.ts';
import type { SiteMarket } from './site-market.ts';
import { hashrateAtMw, type SiteModel } from './site-model.ts';

/** What a strategy asks the site to do in one interval. */
export interface Setpoint {
  /** IT power per miner group (model order), MW. */
  readonly minerMw: readonly number[];
  readonly chargeMw: number;
  readonly dischargeMw: number;
  /** Interruptible GPUs served per GPU group (model order). */
  readonly interruptibleGpus: readonly number[];
  /**
   * The plan's fast-reaction rule per miner group (model order): sleep the group if the newest
   * real-time import price exceeds this, USD/MWh, before the next plan (see sleep-rule.ts).
   */
  readonly sleepAbovePriceUsdPerMwh?: readonly (number | undefined)[];
  /** Ancillary capacity offered per service, MW, in the order of the site's grid-programme offers. */
  readonly ancillaryMw?: readonly number[];
}

/** State carried from one interval to the next. */
export interface SiteState {
  readonly socMwh: number;
  readonly miningMw: number;
  /** Highest grid import this billing month, MW, and the month it belongs to (`YYYY-MM`). */
  readonly monthPeakImportMw: number;
  readonly month: string;
  /**
   * Import the plan treats as already paid for in demand charges this month: last month's peak
   * (a site that needed it then will likely need it again), or this month's if higher.
   */
  readonly peakFloorMw: number;
}

/**
 * The state a site starts a backtest or a plan in. With no history, the demand-charge floor is the
 * import of the site at full load (every miner and GPU on), capped by its grid connection.
 */
export function initialSiteState(model: SiteModel, month: string): SiteState {
  const gpuMw = model.gpuGroups.reduce((sum, g) => sum + (g.count * g.wattsPerGpu) / 1e6, 0);
  const fullLoadMw = (model.maxMiningMw + gpuMw) * model.site.pue;
  return {
    socMwh: model.battery?.socMwh ?? 0,
    miningMw: 0,
    monthPeakImportMw: 0,
    month,
    peakFloorMw: Math.min(model.site.grid.importMw, fullLoadMw),
  };
}

/** One settled interval: physical flows (MW averages) and money (USD) at actual prices. */
export interface IntervalOutcome {
  readonly startMs: number;
  readonly minerMw: readonly number[];
  readonly hashrateThs: number;
  readonly miningMw: number;
  readonly gpuMw: number;
  readonly importMw: number;
  readonly exportMw: number;
  readonly renewableUsedMw: number;
  readonly renewableCurtailedMw: number;
  readonly chargeMw: number;
  readonly dischargeMw: number;
  readonly socMwh: number;
  readonly importPriceUsdPerMwh: number;
  readonly hashpriceUsdPerThDay: number;
  readonly miningUsd: number;
  readonly btcMined: number;
  readonly gpuUsd: number;
  readonly exportUsd: number;
  readonly energyCostUsd: number;
  readonly batteryCostUsd: number;
  readonly demandChargeUsd: number;
  readonly netUsd: number;
  /** Facility energy used by miners and GPUs, MWh. */
  readonly energyUsedMwh: number;
  /** Fleet-equivalent hours the miners were asleep: h x (1 - mining MW / max mining MW). */
  readonly curtailedHours: number;
  /** Grid-programme lines, when the site has grid programmes (settle-programmes.ts). */
  readonly programmes?: ProgrammeOutcome;
}

/**
 * Settles a setpoint against what actually happened: renewables as they blew and shone, the
 * battery within its limits, grid import up to its (demand-response) limit. When supply falls short
 * the site sheds mining first (least efficient groups first), then battery charging. Mining pays
 * FPPS: hashrate x the day's actual hashprice, less the pool fee.
 */
export function settleInterval(
  model: SiteModel,
  market: SiteMarket,
  cell: number,
  setpoint: Setpoint,
  state: SiteState,
  month: string,
): { outcome: IntervalOutcome; state: SiteState } {
  const site = model.site;
  const h = market.cellMinutes / 60;
  const pue = site.pue;
  const fee = 1 - site.pool.feePercent / 100;

  let gpuItMw = 0;
  let gpuUsd = 0;
  model.gpuGroups.forEach((group, g) => {
    const interruptible = Math.max(
      0,
      Math.min(setpoint.interruptibleGpus[g] ?? 0, group.count - group.committedGpus),
    );
    const active = group.committedGpus + interruptible;
    gpuItMw +=
      (group.count * group.idleWattsPerGpu + active * (group.wattsPerGpu - group.idleWattsPerGpu)) / 1e6;
    gpuUsd +=
      h *
      (group.committedGpus * group.demand.committedUsdPerGpuHour +
        interruptible * group.demand.interruptibleUsdPerGpuHour);
  });
  const gpuMw = gpuItMw * pue;

  const battery = model.battery;
  let charge = 0;
  let discharge = 0;
  let soc = state.socMwh;
  if (battery) {
    discharge = Math.max(
      0,
      Math.min(
        setpoint.dischargeMw,
        battery.dischargeMw,
        ((soc - battery.socMinMwh) * battery.dischargeEfficiency) / h,
      ),
    );
    charge = Math.max(
      0,
      Math.min(
        setpoint.chargeMw,
        battery.chargeMw,
        (battery.socMaxMwh - soc) / (battery.chargeEfficiency * h),
      ),
    );
  }

  const minerMw = model.minerGroups.map((group, g) =>
    Math.max(
      0,
      Math.min(
        setpoint.minerMw[g] ?? 0,
        group.segments.reduce((s, seg) => s + seg.maxMw, 0),
      ),
    ),
  );
  if (site.rampMwPerInterval !== undefined)
    applyRampLimit(model, minerMw, state.miningMw, site.rampMwPerInterval);
  const renewableMw = valueOr(market.renewableMw.values[cell], 0);
  const ppaMw = market.ppaMw;
  const importLimit = market.importLimitMw[cell]!;
  const own = renewableMw + ppaMw + discharge;
  let load = pue * sum(minerMw) + gpuMw + charge;
  let importMw = 0;
  let exportMw = 0;
  let renewableCurtailedMw = 0;
  if (own >= load) {
    const surplus = own - load;
    exportMw = Math.min(surplus, site.grid.exportMw);
    renewableCurtailedMw = Math.min(renewableMw, surplus - exportMw);
  } else {
    // Battery charging is the flexible load: it never sets a new demand-charge peak.
    const paidForMw = Math.max(state.peakFloorMw, month === state.month ? state.monthPeakImportMw : 0);
    if (model.demandChargeUsdPerMw > 0 && charge > 0 && load - own > paidForMw) {
      const cut = Math.min(charge, load - own - paidForMw);
      charge -= cut;
      load -= cut;
    }
    let shortfall = load - own - importLimit;
    if (shortfall > 0) {
      // Shed the least efficient miners first, then battery charging.
      const order = model.minerGroups
        .map((group, g) => ({ g, efficiency: group.nameplateEfficiencyJPerTh }))
        .sort((a, b) => b.efficiency - a.efficiency);
      for (const { g } of order) {
        const cut = Math.min(minerMw[g]!, shortfall / pue);
        minerMw[g] = minerMw[g]! - cut;
        shortfall -= cut * pue;
        if (shortfall <= 1e-9) break;
      }
      if (shortfall > 1e-9) {
        const cut = Math.min(charge, shortfall);
        charge -= cut;
        shortfall -= cut;
      }
      load = pue * sum(minerMw) + gpuMw + charge;
    }
    importMw = Math.min(importLimit, Math.max(0, load - own));
  }
  if (battery)
    soc = soc + charge * battery.chargeEfficiency * h - (discharge / battery.dischargeEfficiency) * h;

  const hashprice = valueOr(market.hashpriceUsdPerThDay.values[cell], 0);
  const btcPerThDay = valueOr(market.btcPerThDay.values[cell], 0);
  let hashrateThs = 0;
  model.minerGroups.forEach((group, g) => {
    hashrateThs += hashrateAtMw(group, minerMw[g]!);
  });
  const miningUsd = ((hashrateThs * hashprice) / 24) * h * fee;
  const btcMined = ((hashrateThs * btcPerThDay) / 24) * h * fee;
  const importPrice = market.importPrice.values[cell]!;
  const exportUsd = exportMw * valueOr(market.exportPrice.values[cell], 0) * h;
  const energyCostUsd = importMw * importPrice * h + ppaMw * market.ppaPriceUsdPerMwh * h;
  const batteryCostUsd = battery ? discharge * h * battery.cycleCostUsdPerMwh : 0;
  // A demand charge bills the month's peak import: each new peak adds (new - old) x the charge.
  const previousPeak = month === state.month ? state.monthPeakImportMw : 0;
  const peak = Math.max(previousPeak, importMw);
  const demandChargeUsd = (peak - previousPeak) * model.demandChargeUsdPerMw;
  const miningMw = sum(minerMw);
  const outcome: IntervalOutcome = {
    startMs: market.startMs + cell * market.cellMinutes * 60_000,
    minerMw,
    hashrateThs,
    miningMw,
    gpuMw,
    importMw,
    exportMw,
    renewableUsedMw: renewableMw - renewableCurtailedMw,
    renewableCurtailedMw,
    chargeMw: charge,
    dischargeMw: discharge,
    socMwh: soc,
    importPriceUsdPerMwh: importPrice,
    hashpriceUsdPerThDay: hashprice,
    miningUsd,
    btcMined,
    gpuUsd,
    exportUsd,
    energyCostUsd,
    batteryCostUsd,
    demandChargeUsd,
    netUsd: miningUsd + gpuUsd + exportUsd - energyCostUsd - batteryCostUsd - demandChargeUsd,
    energyUsedMwh: (pue * miningMw + gpuMw) * h,
    curtailedHours: model.maxMiningMw > 0 ? h * (1 - miningMw / model.maxMiningMw) : 0,
  };
  return {
    outcome,
    state: {
      socMwh: soc,
      miningMw,
      monthPeakImportMw: peak,
      month,
      peakFloorMw:
        month === state.month ? Math.max(state.peakFloorMw, peak) : Math.max(state.monthPeakImportMw, peak),
    },
  };
}

/**
 * Holds the change of total mining power within the site's ramp limit, whatever the strategy asked:
 * a ramp-up is cut from the least efficient groups, a too-fast ramp-down keeps the most efficient
 * groups running.
 */
function applyRampLimit(model: SiteModel, minerMw: number[], previousMw: number, rampMw: number): void {
  const total = sum(minerMw);
  const byEfficiency = model.minerGroups
    .map((group, g) => ({
      g,
      efficiency: group.nameplateEfficiencyJPerTh,
      maxMw: group.segments.reduce((s, x) => s + x.maxMw, 0),
    }))
    .sort((a, b) => a.efficiency - b.efficiency);
  if (total > previousMw + rampMw) {
    let excess = total - previousMw - rampMw;
    for (const { g } of [...byEfficiency].reverse()) {
      const cut = Math.min(minerMw[g]!, excess);
      minerMw[g] = minerMw[g]! - cut;
      excess -= cut;
      if (excess <= 1e-9) break;
    }
  } else if (total < previousMw - rampMw) {
    let missing = previousMw - rampMw - total;
    for (const { g, maxMw } of byEfficiency) {
      const add = Math.min(maxMw - minerMw[g]!, missing);
      minerMw[g] = minerMw[g]! + add;
      missing -= add;
      if (missing <= 1e-9) break;
    }
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function valueOr(value: number | undefined, fallback: number): number {
  return value === undefined || Number.isNaN(value) ? fallback : value;
}
