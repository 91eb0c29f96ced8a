import { roundHalfEvenDiv, usdFloatToMicroUsd } from '../accounting/exact-units.ts';
import type { Site } from '../fleet/fleet-schema.ts';

/** Metered energy priced by the contract, exact. */
export interface MeteredEnergyCost {
  /** Σ Wh x price, micro-USD (each interval half-even). */
  readonly costMicroUsd: bigint;
  readonly pricedWh: bigint;
  /** Energy with no price (a market hour without data): shown, never priced at 0. */
  readonly unpricedWh: bigint;
}

/**
 * Prices metered energy per interval: cost = Wh x price per MWh / 10^6, half-even per interval.
 * `priceMicroUsdPerMwh(startMs)` gives the contract's price for the interval (fixed, the
 * time-of-use period, or the market price plus adder), or undefined when none is known.
 */
export function meteredEnergyCost(
  intervals: readonly { readonly startMs: number; readonly energyWh: number }[],
  priceMicroUsdPerMwh: (startMs: number) => bigint | undefined,
): MeteredEnergyCost {
  let costMicroUsd = 0n;
  let pricedWh = 0n;
  let unpricedWh = 0n;
  for (const interval of intervals) {
    const wh = BigInt(Math.round(interval.energyWh));
    const price = priceMicroUsdPerMwh(interval.startMs);
    if (price === undefined) {
      unpricedWh += wh;
      continue;
    }
    pricedWh += wh;
    costMicroUsd += roundHalfEvenDiv(wh * price, 1_000_000n);
  }
  return { costMicroUsd, pricedWh, unpricedWh };
}

/**
 * The site's fixed grid price (micro-USD per MWh) when its contract is a fixed tariff, else
 * undefined (time-of-use and market tariffs are priced per interval by the caller).
 */
export function fixedTariffMicroUsdPerMwh(site: Site): bigint | undefined {
  const fixed = site.supply.find((s) => s.kind === 'fixed');
  return fixed && fixed.kind === 'fixed' ? usdFloatToMicroUsd(fixed.pricePerMwh) : undefined;
}
