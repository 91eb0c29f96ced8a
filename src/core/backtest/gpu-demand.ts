import type { GpuRentalPrice } from '../market/reference.ts';
import { normalise, quantile } from '../marketplace/list-prices.ts';

/**
 * What the backtest assumes about GPU tenants, since history has no leases: a share of each GPU
 * group is under committed leases at the public on-demand price, and interruptible tenants would
 * take the rest at the public spot/interruptible price. Prices are medians of the reference file.
 */
export interface GpuDemandAssumption {
  readonly committedShare: number;
  readonly committedUsdPerGpuHour: number;
  readonly interruptibleUsdPerGpuHour: number;
}

const INTERRUPTIBLE_TIERS = new Set(['spot', 'interruptible', 'community']);

export function gpuDemandFromReference(
  gpuModel: string,
  prices: readonly GpuRentalPrice[],
  committedShare: number,
): GpuDemandAssumption {
  // Match the GPU family (`H100 SXM` takes every H100 listing): single-variant samples are thin.
  const family = normalise(gpuModel.split(/\s+/)[0] ?? gpuModel);
  const forModel = prices.filter((p) => normalise(p.gpuModel).startsWith(family));
  const onDemand = forModel.filter((p) => !INTERRUPTIBLE_TIERS.has(p.tier)).map((p) => p.priceUsdPerGpuHour);
  const interruptible = forModel
    .filter((p) => INTERRUPTIBLE_TIERS.has(p.tier))
    .map((p) => p.priceUsdPerGpuHour);
  const committedUsdPerGpuHour = median(onDemand) ?? median(interruptible) ?? 0;
  return {
    committedShare,
    committedUsdPerGpuHour,
    interruptibleUsdPerGpuHour: median(interruptible) ?? committedUsdPerGpuHour * 0.6,
  };
}

const median = (values: readonly number[]) => quantile(values, 0.5);
