import type { Fleet } from '../../../core/fleet/index.ts';
import {
  type GpuPool,
  gpuHourOpportunity,
  type ListPrices,
  listPricesFromReference,
  type PoolPricing,
} from '../../../core/marketplace/index.ts';
import type { ComputeBackend } from '../../../core/ports/compute-backend.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';
import type { HubConditionsService } from './hub-conditions-service.ts';

/** Prices a pool now: list prices (from the public rental prices), the hub's energy, placeable GPUs. */
export class PoolPricer {
  private readonly lists = new Map<string, ListPrices | undefined>();

  constructor(
    private readonly market: MarketData,
    private readonly hub: HubConditionsService,
    private readonly compute: ComputeBackend | undefined,
  ) {}

  list(gpuModel: string): ListPrices | undefined {
    if (!this.lists.has(gpuModel)) {
      this.lists.set(gpuModel, listPricesFromReference(gpuModel, this.market.gpuRentalPrices()));
    }
    return this.lists.get(gpuModel);
  }

  async price(fleet: Fleet, pool: GpuPool, withPlaceable: boolean): Promise<PoolPricing | undefined> {
    const list = this.list(pool.gpuModel);
    const group = fleet.sites.find((s) => s.id === pool.siteId)?.gpuNodes.find((g) => g.id === pool.groupId);
    if (!list || !group) return undefined;
    const conditions = await this.hub.get(pool.siteId);
    if (!conditions) return undefined;
    const placeableGpus =
      withPlaceable && this.compute
        ? await this.compute.freeGpus(pool.siteId, pool.groupId).catch(() => 0)
        : undefined;
    return {
      list,
      opportunity: gpuHourOpportunity(conditions, group.wattsPerGpu),
      greenShare: conditions.greenShare,
      placeableGpus,
    };
  }
}
