import type { GpuRentalPrice } from '../market/reference.ts';
import type { Tier } from './marketplace-types.ts';

/** List price per tier, integer cents per GPU-hour. */
export type ListPrices = Readonly<Record<Tier, number>>;

const INTERRUPTIBLE_TIERS = new Set(['spot', 'interruptible', 'community']);

/**
 * List prices for a GPU model from observed public rental prices (the reference file): on-demand at
 * the lower quartile of on-demand listings (we undercut the typical cloud, matching the marketplaces),
 * reserved at the median reserved listing (never above on-demand), interruptible at the lower
 * quartile of spot/interruptible/community listings, batch 10% under interruptible (it runs only
 * when energy is cheapest). A family match (`H100 SXM` takes every H100 listing) keeps thin samples
 * usable. Missing tiers fall back on fixed ratios to on-demand. Undefined when the model has no
 * listing at all.
 */
export function listPricesFromReference(
  gpuModel: string,
  prices: readonly GpuRentalPrice[],
): ListPrices | undefined {
  const family = normalise(gpuModel.split(/\s+/)[0] ?? gpuModel);
  const forModel = prices.filter((p) => normalise(p.gpuModel).startsWith(family));
  const usd = (keep: (tier: string) => boolean) =>
    forModel.filter((p) => keep(p.tier)).map((p) => p.priceUsdPerGpuHour);
  const onDemandUsd = quantile(
    usd((t) => t === 'on-demand'),
    0.25,
  );
  const reservedUsd = quantile(
    usd((t) => t === 'reserved'),
    0.5,
  );
  const interruptibleUsd = quantile(
    usd((t) => INTERRUPTIBLE_TIERS.has(t)),
    0.25,
  );
  const base = onDemandUsd ?? reservedUsd ?? interruptibleUsd;
  if (base === undefined) return undefined;
  const onDemand = cents(base);
  const reserved = Math.min(onDemand, cents(reservedUsd ?? base * 0.8));
  const interruptible = Math.min(onDemand, cents(interruptibleUsd ?? base * 0.6));
  return { 'on-demand': onDemand, reserved, interruptible, batch: Math.round(interruptible * 0.9) };
}

function cents(usd: number): number {
  return Math.round(usd * 100);
}

/** A GPU model name compared loosely: `H100 SXM`, `h100-sxm` and `H100SXM` are one model. */
export function normalise(model: string): string {
  return model.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Linear-interpolated quantile; undefined for no values. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}
