import { loadReducingServices } from '../fleet/grid-programmes-schema.ts';
import type { ProgrammeOutcome } from './programme-outcome.ts';
import { type IntervalOutcome, type Setpoint, type SiteState, settleInterval } from './settle-interval.ts';
import type { SiteGridMarket } from './site-grid-market.ts';
import type { SiteMarket } from './site-market.ts';
import type { SiteModel } from './site-model.ts';

/** Hours a battery must sustain capacity it carries. */
const CARRY_HOURS = 1;

/**
 * Settles an interval with the site's grid programmes. Awards are first clipped to the curtailable
 * load the setpoint runs (mining x PUE and battery headroom; never GPU load); a deployment in the
 * interval (grid events, or the stated rules) must be honoured: mining drops by the awarded MW (least
 * efficient first, past any ramp limit), then the battery. After the physical settlement, awards the
 * site could not cover (an import cap shed the load) are clipped and not paid. Then the money: the
 * block's sell-back, capacity payments, ERS standby, conservation credits and the 4CP charge.
 */
export function settleWithProgrammes(
  model: SiteModel,
  market: SiteMarket,
  grid: SiteGridMarket,
  cell: number,
  setpoint: Setpoint,
  state: SiteState,
  month: string,
  baselineImportMw: number | undefined,
): { outcome: IntervalOutcome; state: SiteState } {
  const site = model.site;
  const h = market.cellMinutes / 60;
  const pue = site.pue;
  const battery = model.battery;
  const plannedMiner = model.minerGroups.map((group, g) =>
    Math.max(
      0,
      Math.min(
        setpoint.minerMw[g] ?? 0,
        group.segments.reduce((s, x) => s + x.maxMw, 0),
      ),
    ),
  );
  const plannedMining = sum(plannedMiner);
  const batteryRoom = (charge: number, discharge: number, soc: number) =>
    battery
      ? Math.max(
          0,
          Math.min(
            battery.dischargeMw,
            ((soc - battery.socMinMwh) * battery.dischargeEfficiency) / CARRY_HOURS,
          ) -
            discharge +
            charge,
        )
      : 0;
  const curtailablePre =
    pue * plannedMining + batteryRoom(setpoint.chargeMw, setpoint.dischargeMw, state.socMwh);

  // Awards requested, within each offer and the load the setpoint runs.
  const awards = grid.services.map((s, k) => Math.max(0, Math.min(s.maxMw, setpoint.ancillaryMw?.[k] ?? 0)));
  const ers = grid.programmes.emergencyResponse;
  const standby = ers && grid.ersHours[cell] ? ers.standbyMw : 0;
  let heldStandby = Math.min(standby, curtailablePre);
  clipUp(grid, awards, Math.max(0, curtailablePre - heldStandby));
  grid.services.forEach((s, k) => {
    if (!loadReducingServices.has(s.service))
      awards[k] = Math.min(awards[k]!, pue * (model.maxMiningMw - plannedMining));
  });

  // Deployments this interval.
  let deployedMw = grid.ersDeployed[cell] ? heldStandby : 0;
  grid.services.forEach((s, k) => {
    if (loadReducingServices.has(s.service) && grid.deployed[k]![cell]) deployedMw += awards[k]!;
  });
  let applied = setpoint;
  let settleModel = model;
  if (deployedMw > 0) {
    const miner = [...plannedMiner];
    let left = deployedMw / pue;
    const order = model.minerGroups
      .map((group, g) => ({ g, efficiency: group.nameplateEfficiencyJPerTh }))
      .sort((a, b) => b.efficiency - a.efficiency);
    for (const { g } of order) {
      const cut = Math.min(miner[g]!, left);
      miner[g] = miner[g]! - cut;
      left -= cut;
    }
    let chargeMw = setpoint.chargeMw;
    let dischargeMw = setpoint.dischargeMw;
    let rest = left * pue;
    const lessCharge = Math.min(chargeMw, rest);
    chargeMw -= lessCharge;
    rest -= lessCharge;
    if (battery && rest > 0) dischargeMw += rest;
    applied = { ...setpoint, minerMw: miner, chargeMw, dischargeMw };
    if (site.rampMwPerInterval !== undefined)
      settleModel = { ...model, site: { ...site, rampMwPerInterval: undefined } };
  }
  const settled = settleInterval(settleModel, market, cell, applied, state, month);
  const base = settled.outcome;

  const delivered =
    deployedMw > 0
      ? Math.min(
          deployedMw,
          pue * Math.max(0, plannedMining - base.miningMw) +
            Math.max(0, base.dischargeMw - setpoint.dischargeMw) +
            Math.max(0, setpoint.chargeMw - base.chargeMw),
        )
      : 0;
  const curtailableMw =
    pue * base.miningMw +
    delivered +
    batteryRoom(
      base.chargeMw,
      base.dischargeMw,
      settled.state.socMwh + (base.dischargeMw * h) / (battery?.dischargeEfficiency ?? 1),
    );
  // What the settled load could not cover is not held (and not paid).
  heldStandby = Math.min(heldStandby, curtailableMw);
  clipUp(grid, awards, Math.max(0, curtailableMw - heldStandby));
  let heldUpMw = heldStandby;
  grid.services.forEach((s, k) => {
    if (loadReducingServices.has(s.service)) heldUpMw += awards[k]!;
  });

  const performance = deployedMw > 0 ? delivered / deployedMw : 1;
  let ancillaryUsd = 0;
  const awardsMw: Record<string, number> = {};
  const ancillaryUsdByService: Record<string, number> = {};
  grid.services.forEach((s, k) => {
    const price = s.price.values[cell]!;
    const offered = awards[k]! * (Number.isFinite(price) ? price : 0) * h;
    const paid = grid.deployed[k]![cell] ? offered * performance : offered;
    ancillaryUsd += paid;
    ancillaryUsdByService[s.service] = paid;
    awardsMw[s.service] = awards[k]!;
  });
  const ersUsd = ers ? heldStandby * ers.usdPerMwHour * h * (grid.ersDeployed[cell] ? performance : 1) : 0;
  const conservation = grid.programmes.voluntaryConservation;
  const conservationUsd =
    conservation && grid.conservation[cell] && baselineImportMw !== undefined
      ? Math.max(0, baselineImportMw - base.importMw) * conservation.creditUsdPerMwh * h
      : 0;

  const meter = base.importMw;
  const rt = valueOr(market.exportPrice.values[cell], 0);
  let sellBackMw = 0;
  let sellBackUsd = 0;
  let blockCostDeltaUsd = 0;
  if (grid.block) {
    const block = grid.block;
    sellBackMw = Math.max(0, block.blockMw - meter);
    sellBackUsd = sellBackMw * rt * h;
    const blockCost =
      block.blockMw * block.priceUsdPerMwh * h +
      Math.max(0, meter - block.blockMw) * base.importPriceUsdPerMwh * h;
    blockCostDeltaUsd = blockCost - meter * base.importPriceUsdPerMwh * h;
  }
  let fourCpPaidUsd = 0;
  let fourCpAvoidedUsd = 0;
  if (grid.fourCpPeak[cell]) {
    fourCpPaidUsd = meter * grid.fourCpUsdPerMw * h;
    fourCpAvoidedUsd = Math.max(0, fullLoadImportMw(model) - meter) * grid.fourCpUsdPerMw * h;
  }
  const programmes: ProgrammeOutcome = {
    awardsMw,
    heldUpMw,
    curtailableMw,
    deployedMw,
    deliveredMw: delivered,
    sellBackMw,
    sellBackUsd,
    blockCostDeltaUsd,
    ancillaryUsd,
    ancillaryUsdByService,
    ersUsd,
    conservationUsd,
    fourCpPaidUsd,
    fourCpAvoidedUsd,
  };
  const outcome: IntervalOutcome = {
    ...base,
    energyCostUsd: base.energyCostUsd + blockCostDeltaUsd,
    netUsd:
      base.netUsd - blockCostDeltaUsd + sellBackUsd + ancillaryUsd + ersUsd + conservationUsd - fourCpPaidUsd,
    programmes,
  };
  return { outcome, state: settled.state };
}

/** Scales the load-reducing awards down to fit `room` MW. */
function clipUp(grid: SiteGridMarket, awards: number[], room: number): void {
  let up = 0;
  grid.services.forEach((s, k) => {
    if (loadReducingServices.has(s.service)) up += awards[k]!;
  });
  if (up <= room) return;
  const scale = up > 0 ? room / up : 0;
  grid.services.forEach((s, k) => {
    if (loadReducingServices.has(s.service)) awards[k] = awards[k]! * scale;
  });
}

/** The site's meter import with every miner and GPU on, capped by its connection. */
export function fullLoadImportMw(model: SiteModel): number {
  const gpuMw = model.gpuGroups.reduce((s, g) => s + (g.count * g.wattsPerGpu) / 1e6, 0);
  return Math.min(model.site.grid.importMw, (model.maxMiningMw + gpuMw) * model.site.pue);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function valueOr(value: number | undefined, fallback: number): number {
  return value === undefined || Number.isNaN(value) ? fallback : value;
}
