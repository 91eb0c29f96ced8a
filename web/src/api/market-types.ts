/**
 * The GPU marketplace's JSON (under /api/v1/market): the server's own contracts and record types, so the portal
 * and the API cannot drift apart. Money in integer cents, times epoch ms.
 */
import type { QuoteRequest as PricedRequest } from '../../../src/core/marketplace/price-quote.ts';

export type {
  BatchTerms,
  InvoiceLine,
  LeaseState,
  PriceComponent,
  Tier,
} from '../../../src/core/marketplace/marketplace-types.ts';
export { TERMINAL_STATES as FINAL_STATES, TIERS } from '../../../src/core/marketplace/marketplace-types.ts';
export type {
  Invoice,
  LeaseView as Lease,
  Offer,
  Quote,
  TenantSshKeyView as SshKey,
  TenantView as Tenant,
  WorkloadView as LeaseWorkloadView,
} from '../../../src/server/contracts/index.ts';

/** `POST /market/quotes`: what to price, and where. */
export type QuoteRequest = PricedRequest & { readonly siteId: string; readonly groupId: string };
