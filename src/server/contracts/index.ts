/**
 * The HTTP API's response contracts: one TypeBox schema per read model and record the routes return,
 * with its static type. Routes declare these as their response schemas, services return these types,
 * and the dashboard imports its types from here, so a change on one side fails the other's type check.
 */
import type { Static } from 'typebox';
import type {
  InvoiceContract,
  OfferContract,
  QuoteContract,
  TenantContract,
} from './marketplace-contract.ts';
import type {
  AlertContract,
  AuditEntryContract,
  CurtailmentContract,
  GridEventContract,
} from './operations-contract.ts';
import type { DeviceReadingContract, SetpointContract, SiteMinuteContract } from './telemetry-contract.ts';

export type { ActualsReport, WhatIf } from './actuals-contract.ts';
export type {
  PlannedPower,
  RunDigest,
  RunDigestView,
  SiteDecisionDigest,
  StrategyComparison,
  StrategyTotals,
} from './allocation-contract.ts';
export type { FleetStatus, SiteState, SiteStatus } from './fleet-status-contract.ts';
export type { Me } from './identity-contract.ts';
export type { ManualPriceList, ManualPriceView } from './manual-price-contract.ts';
export type { LeaseView, TenantSshKeyView, TenantView, WorkloadView } from './marketplace-contract.ts';
export type { GridEventReport } from './operations-contract.ts';
export type { HistoryInterval, PlannedInterval, SiteHistory, SitePlanView } from './site-insight-contract.ts';
export type { MovementResult, TreasuryBalance, TreasuryHistory } from './treasury-contract.ts';

export type Alert = Static<typeof AlertContract>;
export type AuditEntry = Static<typeof AuditEntryContract>;
export type Curtailment = Static<typeof CurtailmentContract>;
export type GridEvent = Static<typeof GridEventContract>;
export type DeviceReading = Static<typeof DeviceReadingContract>;
export type SiteMinute = Static<typeof SiteMinuteContract>;
export type Setpoint = Static<typeof SetpointContract>;
export type Tenant = Static<typeof TenantContract>;
export type Offer = Static<typeof OfferContract>;
export type Quote = Static<typeof QuoteContract>;
export type Invoice = Static<typeof InvoiceContract>;
