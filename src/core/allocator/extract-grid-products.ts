import type { GridProductsLayout } from './build-grid-products.ts';
import type { IntervalDecision } from './site-plan.ts';
import type { SitePlanInput } from './site-plan-input.ts';

/** The grid products of interval `t` read back from the solution (nothing without grid products). */
export function gridProductDecision(
  input: SitePlanInput,
  layout: GridProductsLayout | undefined,
  at: (index: number) => number,
  t: number,
): Pick<IntervalDecision, 'ancillaryMw' | 'sellBackMw'> {
  const products = input.gridProducts;
  if (!products || !layout) return {};
  const ancillaryMw: Record<string, number> = {};
  products.ancillary.forEach((product, p) => {
    ancillaryMw[product.service] = at(layout.ancillary[p]![t]!);
  });
  return {
    ancillaryMw,
    ...(products.block ? { sellBackMw: Math.max(0, products.block.blockMw - at(layout.blockUsed[t]!)) } : {}),
  };
}
