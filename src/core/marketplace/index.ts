export { monthOf, monthRange } from '../time/calendar.ts';
export { choosePreemptions } from './choose-preemptions.ts';
export { chooseNodeDrains, type GpuNodeUse, poweredGpus } from './gpu-node-drains.ts';
export { gpuHourOpportunity, type HubConditions, hubConditionsFrom } from './hub-conditions.ts';
export { buildInvoice, chargeCents } from './invoice.ts';
export { isInterruptible, isTerminal, nextStates, statesBefore } from './lease-lifecycle.ts';
export {
  isSecretName,
  type LeaseWorkload,
  redactWorkload,
  WORKLOAD_LIMITS,
  type WorkloadProblem,
  workloadProblems,
} from './lease-workload.ts';
export { type ListPrices, listPricesFromReference } from './list-prices.ts';
export type * from './marketplace-types.ts';
export { TERMINAL_STATES, TIERS } from './marketplace-types.ts';
export { billableStretches, type MeterContext, meterLease } from './meter-lease.ts';
export { buildOffers, type Offer, type OfferFilter, type PoolPricing } from './offers.ts';
export {
  defaultPricingPolicy,
  type PricedQuote,
  type PricingPolicy,
  priceFloor,
  priceQuote,
  type QuoteRequest,
} from './price-quote.ts';
export { reconcileUsage, type SchedulerUsage, type UsageReconciliation } from './reconcile-usage.ts';
export {
  checkSshPublicKey,
  SSH_KEY_LIMITS,
  SSH_KEY_TYPES,
  type SshKeyType,
  type SshPublicKey,
  type TenantSshKey,
} from './ssh-public-key.ts';
