import type { GpuOpportunityCost } from '../economics/gpu-opportunity-cost.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { ListPrices } from './list-prices.ts';
import type { BatchTerms, PriceComponent, Tier } from './marketplace-types.ts';
import { TIERS } from './marketplace-types.ts';

export interface QuoteRequest {
  readonly tier: Tier;
  readonly gpus: number;
  /** Reserved only: the term, days (1 to 365). */
  readonly termDays?: number;
  /** Batch only. */
  readonly batch?: BatchTerms & { readonly maxCentsPerGpuHour: number };
}

export interface PricingPolicy {
  /** Margin over the energy opportunity cost, percent: the floor is (energy + mining forgone) x (1 + margin). */
  readonly marginPercent: number;
  /** How long a quote stays valid, seconds. */
  readonly quoteValiditySeconds: number;
  /** Term at and beyond which a reservation gets the full reserved price, days. */
  readonly fullDiscountTermDays: number;
}

export const defaultPricingPolicy: PricingPolicy = {
  marginPercent: 15,
  quoteValiditySeconds: 300,
  fullDiscountTermDays: 30,
};

export interface PricedQuote {
  readonly rateCentsPerGpuHour: number;
  readonly components: readonly PriceComponent[];
  readonly termHours?: number;
  readonly expiresAtMs: number;
}

/**
 * Prices a quote at a hub now. Every tier's rate is its list price, but never below the floor: the
 * energy one GPU-hour uses at the hub's price now, plus the mining margin that energy would have
 * earned when the site's power is all used, plus the policy margin. Reservations shorter than the
 * full-discount term pay between on-demand and reserved list prices in proportion to the term. The
 * components (energy, mining forgone, margin, market premium) sum to the rate exactly.
 */
export function priceQuote(
  list: ListPrices,
  opportunity: GpuOpportunityCost,
  request: QuoteRequest,
  policy: PricingPolicy,
  nowMs: number,
): PricedQuote {
  validate(request, nowMs);
  const { energy, forgone, margin, floor } = priceFloor(opportunity, policy);
  const listed = listedRate(list, request, policy);
  const rate = Math.max(listed.cents, floor);
  if (request.tier === 'batch' && rate > request.batch!.maxCentsPerGpuHour) {
    throw invalid(
      'batch.maxCentsPerGpuHour',
      `is ${request.batch!.maxCentsPerGpuHour} cents but the lowest batch rate at this hub now is ${rate} cents per GPU-hour`,
    );
  }
  const mwh = opportunity.energyMwhPerGpuHour;
  const components: PriceComponent[] = [
    {
      name: 'energy',
      centsPerGpuHour: energy,
      basis: `${(mwh * 1000).toFixed(3)} kWh per GPU-hour (GPU watts x PUE) at the hub's power price now`,
    },
    {
      name: 'mining-forgone',
      centsPerGpuHour: forgone,
      basis:
        forgone > 0
          ? 'the site uses all its power: a GPU-hour displaces the marginal miner, whose margin is forgone'
          : 'the site has power to spare: no mining is displaced',
    },
    {
      name: 'margin',
      centsPerGpuHour: margin,
      basis: `${policy.marginPercent}% over energy and mining forgone`,
    },
  ];
  if (rate > floor) {
    components.push({ name: 'market-premium', centsPerGpuHour: rate - floor, basis: listed.basis });
  }
  return {
    rateCentsPerGpuHour: rate,
    components,
    termHours: request.tier === 'reserved' ? request.termDays! * 24 : undefined,
    expiresAtMs: nowMs + policy.quoteValiditySeconds * 1000,
  };
}

/** The floor under every rate at a hub now, cents per GPU-hour, and its parts. */
export function priceFloor(
  opportunity: GpuOpportunityCost,
  policy: PricingPolicy,
): { energy: number; forgone: number; margin: number; floor: number } {
  const energy = Math.round(opportunity.energyCostUsd * 100);
  const forgone = Math.round(opportunity.miningMarginForgoneUsd * 100);
  const margin = Math.ceil(((energy + forgone) * policy.marginPercent) / 100);
  return { energy, forgone, margin, floor: energy + forgone + margin };
}

function listedRate(
  list: ListPrices,
  request: QuoteRequest,
  policy: PricingPolicy,
): { cents: number; basis: string } {
  if (request.tier !== 'reserved') {
    return {
      cents: list[request.tier],
      basis: `${request.tier} list price ${list[request.tier]} cents per GPU-hour`,
    };
  }
  const share = Math.min(1, request.termDays! / policy.fullDiscountTermDays);
  const cents = Math.round(list['on-demand'] - (list['on-demand'] - list.reserved) * share);
  return {
    cents,
    basis: `reserved ${request.termDays} days: ${Math.round(share * 100)}% of the way from on-demand (${list['on-demand']}) to the ${policy.fullDiscountTermDays}-day reserved price (${list.reserved})`,
  };
}

function validate(request: QuoteRequest, nowMs: number): void {
  if (!TIERS.includes(request.tier)) {
    throw invalid('tier', `must be one of ${TIERS.join(', ')}; got ${JSON.stringify(request.tier)}`);
  }
  if (!Number.isInteger(request.gpus) || request.gpus < 1) {
    throw invalid('gpus', `must be a whole number of GPUs >= 1; got ${request.gpus}`);
  }
  if (request.tier === 'reserved') {
    const days = request.termDays;
    if (days === undefined || !Number.isInteger(days) || days < 1 || days > 365) {
      throw invalid('termDays', `a reserved lease needs a term of 1 to 365 whole days; got ${days}`);
    }
  } else if (request.termDays !== undefined) {
    throw invalid('termDays', `only reserved leases have a term; this is ${request.tier}`);
  }
  if (request.tier === 'batch') {
    const batch = request.batch;
    if (!batch) throw invalid('batch', 'a batch job needs gpuHours, deadlineMs and maxCentsPerGpuHour');
    if (!(batch.gpuHours > 0)) throw invalid('batch.gpuHours', `must be > 0; got ${batch.gpuHours}`);
    const earliestEndMs = nowMs + (batch.gpuHours / request.gpus) * 3_600_000;
    if (!(batch.deadlineMs >= earliestEndMs)) {
      throw invalid(
        'batch.deadlineMs',
        `${new Date(batch.deadlineMs).toISOString()} is too soon: ${batch.gpuHours} GPU-hours on ${request.gpus} GPUs need until ${new Date(earliestEndMs).toISOString()} even running without a break`,
      );
    }
    if (!Number.isInteger(batch.maxCentsPerGpuHour) || batch.maxCentsPerGpuHour < 1) {
      throw invalid(
        'batch.maxCentsPerGpuHour',
        `must be a whole number of cents >= 1; got ${batch.maxCentsPerGpuHour}`,
      );
    }
  } else if (request.batch) {
    throw invalid('batch', `only batch leases have batch terms; this is ${request.tier}`);
  }
}

function invalid(field: string, problem: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_MARKET_TERM_INVALID', `${field}: ${problem}`, { field });
}
