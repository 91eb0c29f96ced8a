/**
 * The GPU marketplace's JSON (under /api/v1/market): the server's own record types, so the portal
 * and the API cannot drift apart. Money in integer cents, times epoch ms.
 */

import type { LeaseWorkload } from '../../../src/core/marketplace/lease-workload.ts';
import type {
  Lease as LeaseRecord,
  Tenant as TenantRecord,
} from '../../../src/core/marketplace/marketplace-types.ts';
import type { QuoteRequest as PricedRequest } from '../../../src/core/marketplace/price-quote.ts';
import type { WorkloadRun } from '../../../src/core/ports/compute-backend.ts';

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
/** What a lease runs (secrets redacted) and its runs on the GPUs (scheduler jobs: state, exit, output). */
export interface LeaseWorkloadView {
  readonly spec: LeaseWorkload | null;
  readonly runs: readonly WorkloadRun[];
}

export interface Lease extends Omit<LeaseRecord, 'workload'> {
  readonly usage?: { gpuSeconds: number; amountCents: number };
  readonly workload?: LeaseWorkloadView;
}

/** A tenant as operators list it: the record and the GPUs it holds now. */
export interface Tenant extends TenantRecord {
  readonly gpusHeld: number;
}

/** `POST /market/quotes`: what to price, and where. */
export type QuoteRequest = PricedRequest & { readonly siteId: string; readonly groupId: string };
