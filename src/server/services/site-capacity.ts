import type { Site } from '../../core/fleet/index.ts';
import type { MinerModel } from '../../core/market/index.ts';

/** A site's nameplate figures, from the fleet file and the miner models. */
export interface SiteCapacity {
  /** Every miner at full power, TH/s. */
  readonly deployedThs: number;
  /** IT power of every miner at full power, MW. */
  readonly minerMw: number;
  /** Nameplate TH/s per MW of mining IT power (0 without miners). */
  readonly thsPerMw: number;
  readonly gpus: number;
  /** Pool fee as a share of revenue, 0-1. */
  readonly poolFeeShare: number;
}

export function siteCapacity(site: Site, models: readonly MinerModel[]): SiteCapacity {
  let deployedThs = 0;
  let minerW = 0;
  for (const group of site.minerGroups) {
    const model = models.find((m) => m.model === group.model);
    if (!model) continue;
    deployedThs += group.count * model.hashrateThs;
    minerW += group.count * model.powerW;
  }
  const minerMw = minerW / 1e6;
  return {
    deployedThs,
    minerMw,
    thsPerMw: minerMw > 0 ? deployedThs / minerMw : 0,
    gpus: site.gpuNodes.reduce((sum, g) => sum + g.count, 0),
    poolFeeShare: site.pool.feePercent / 100,
  };
}
