/**
 * The GPU marketplace's JSON (under /api/v1/market): the server's own record types, so the portal
 * and the API cannot drift apart. Money in integer cents, times epoch ms.
 */
import type {
  Lease as LeaseRecord,
  Tenant as TenantRecord,
} from '../../../src/core/marketplace/marketplace-types.ts';
import type { QuoteRequest as PricedRequest } from '../../../src/core/marketplace/price-quote.ts';

export type {
  BatchTerms,
  Invoice,
  InvoiceLine,
  LeaseState,
  PriceComponent,
  Quote,
  Tier,
} from '../../../src/core/marketplace/marketplace-types.ts';
export { TERMINAL_STATES as FINAL_STATES, TIERS } from '../../../src/core/marketplace/marketplace-types.ts';
export type { Offer } from '../../../src/core/marketplace/offers.ts';

/** A lease as the API returns it: the record and its metered use so far. */
export interface Lease extends LeaseRecord {
  readonly usage?: { gpuSeconds: number; amountCents: number };
}

/** A tenant as operators list it: the record and the GPUs it holds now. */
export interface Tenant extends TenantRecord {
  readonly gpusHeld: number;
}

/** `POST /market/quotes`: what to price, and where. */
export type QuoteRequest = PricedRequest & { readonly siteId: string; readonly groupId: string };
