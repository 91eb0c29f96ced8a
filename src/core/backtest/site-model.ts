import type { BatteryState, MinerGroupCapability } from '../allocator/site-plan-input.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { Site } from '../fleet/fleet-schema.ts';
import { minerGroupCapability } from '../fleet/miner-segments.ts';
import type { GpuRentalPrice, MinerModel } from '../market/reference.ts';
import { type GpuDemandAssumption, gpuDemandFromReference } from './gpu-demand.ts';

export interface GpuGroupModel {
  readonly id: string;
  readonly model: string;
  readonly count: number;
  readonly wattsPerGpu: number;
  readonly idleWattsPerGpu: number;
  readonly committedGpus: number;
  readonly demand: GpuDemandAssumption;
}

/** A site's fixed capabilities, as every strategy and the settlement see them. */
export interface SiteModel {
  readonly site: Site;
  readonly minerGroups: readonly MinerGroupCapability[];
  /** Largest mining IT power, MW. */
  readonly maxMiningMw: number;
  readonly gpuGroups: readonly GpuGroupModel[];
  /** Battery limits with `socMwh` at its starting state. */
  readonly battery?: BatteryState;
  /** Site currency -> USD factor for the battery cycle cost and demand charge is applied here. */
  readonly demandChargeUsdPerMw: number;
}

export function buildSiteModel(
  site: Site,
  models: readonly MinerModel[],
  gpuPrices: readonly GpuRentalPrice[],
  currencies: Readonly<Record<string, number>>,
  gpuCommittedShare: number,
): SiteModel {
  const byName = new Map(models.map((m) => [m.model, m]));
  const rate = (code: string | undefined) => {
    const currency = code ?? site.currency ?? 'USD';
    return currency === 'USD' ? 1 : (currencies[currency] ?? Number.NaN);
  };
  const minerGroups = site.minerGroups.map((group) => {
    const model = byName.get(group.model);
    if (!model) {
      throw new SwitchyardError(
        'SY_ERR_CONFIG_INVALID',
        `site ${site.id}: unknown miner model "${group.model}"`,
      );
    }
    return minerGroupCapability(group, model);
  });
  const gpuGroups = site.gpuNodes.map((group) => ({
    id: group.id,
    model: group.model,
    count: group.count,
    wattsPerGpu: group.wattsPerGpu,
    idleWattsPerGpu: group.idleWattsPerGpu,
    committedGpus: Math.round(group.count * gpuCommittedShare),
    demand: gpuDemandFromReference(group.model, gpuPrices, gpuCommittedShare),
  }));
  const b = site.battery;
  const oneWay = b ? Math.sqrt(b.roundTripEfficiency) : 1;
  return {
    site,
    minerGroups,
    maxMiningMw: minerGroups.reduce((sum, g) => sum + g.segments.reduce((s, seg) => s + seg.maxMw, 0), 0),
    gpuGroups,
    battery: b
      ? {
          capacityMwh: b.capacityMwh,
          chargeMw: b.chargeMw,
          dischargeMw: b.dischargeMw,
          chargeEfficiency: oneWay,
          dischargeEfficiency: oneWay,
          socMinMwh: b.socMin * b.capacityMwh,
          socMaxMwh: b.socMax * b.capacityMwh,
          socMwh: (b.initialSoc ?? b.socMin) * b.capacityMwh,
          cycleCostUsdPerMwh: b.cycleCostPerMwh * rate(b.currency),
        }
      : undefined,
    demandChargeUsdPerMw: site.demandCharge
      ? site.demandCharge.perMwMonth * rate(site.demandCharge.currency)
      : 0,
  };
}

/** Hashrate of a group at an IT power, filling its segments in order (most efficient first). */
export function hashrateAtMw(group: MinerGroupCapability, mw: number): number {
  let left = mw;
  let ths = 0;
  for (const segment of group.segments) {
    const used = Math.min(left, segment.maxMw);
    ths += used * segment.thsPerMw;
    left -= used;
    if (left <= 0) break;
  }
  return ths;
}
