import type { IntervalDecision } from './site-plan.ts';
import type { SitePlanInput } from './site-plan-input.ts';

const EPSILON_MW = 1e-3;

/** Sentences on the first interval's grid products: capacity held by service, sell-back, 4CP risk. */
export function explainGridProducts(input: SitePlanInput, decisions: readonly IntervalDecision[]): string[] {
  const products = input.gridProducts;
  const first = decisions[0];
  if (!products || !first) return [];
  const lines: string[] = [];
  products.ancillary.forEach((product) => {
    const mw = first.ancillaryMw?.[product.service] ?? 0;
    if (mw > EPSILON_MW)
      lines.push(
        `${product.service.toUpperCase()} ${mw.toFixed(1)} MW held at $${(product.priceUsdPerMwHour[0] ?? 0).toFixed(2)}/MW-h: that much load stays curtailable this interval`,
      );
  });
  if ((first.sellBackMw ?? 0) > EPSILON_MW)
    lines.push(
      `${first.sellBackMw!.toFixed(1)} MW of the fixed-price block sold back at $${Math.round(input.exportPriceUsdPerMwh[0]!)}/MWh`,
    );
  const p = products.fourCpProbability?.[0] ?? 0;
  if (p >= 0.01)
    lines.push(
      `4CP: ${(p * 100).toFixed(0)}% chance this is a system peak, expected charge $${Math.round(p * (products.fourCpUsdPerMw ?? 0))} per MW drawn`,
    );
  return lines;
}
