export {
  type DrEventResult,
  type DrWindow,
  drPostings,
  fleetDrWindows,
} from './dr-credits.ts';
export {
  btcFloatToSats,
  btcTextToSats,
  floatToUnits,
  floorDiv,
  formatScaled,
  MICRO_USD_PER_USD,
  microUsdToText,
  parseScaledDecimal,
  roundHalfEvenDiv,
  SATS_PER_BTC,
  satsToBtcText,
  usdFloatToMicroUsd,
} from './exact-units.ts';
export {
  BPS,
  DIFFICULTY_DECIMALS,
  DIFFICULTY_SCALE,
  difficultyFromNumber,
  difficultyFromText,
  type ExpectedProductionInput,
  expectedProductionSats,
  hashrateHsFromEhsText,
  hashrateHsFromThs,
  hashrateHsFromThsText,
  poolFeeBpsFromPercent,
  SECONDS_PER_DAY,
} from './expected-production.ts';
export {
  type LeaseMonth,
  type LeaseUsage,
  leaseMonth,
  leasePostings,
  leaseUsageFromInvoices,
  leaseUsageFromMeter,
} from './lease-revenue.ts';
export {
  accountUnit,
  inPeriod,
  Ledger,
  type LedgerLine,
  type LedgerUnit,
  MAX_LINE_AMOUNT,
  type Period,
  type Posting,
  type PostResult,
  postingFingerprint,
  transfer,
  validatePosting,
} from './ledger.ts';
export { LedgerError } from './ledger-error.ts';
export {
  bpsText,
  buildMonthlyReport,
  type Change,
  checkReportAgainstLedger,
  type Derived,
  daysInMonth,
  type Figures,
  type MonthlyReport,
  type MonthlyReportInput,
  type MonthOverMonth,
  monthlyReportToCsv,
  monthlyReportToJson,
  postSiteDays,
  previousMonth,
  type RegionReport,
  type ReportSite,
  type SiteReport,
} from './monthly-report.ts';
export {
  REPORT_FORMATS,
  type ReportDocument,
  type ReportFormat,
  renderMonthlyReport,
} from './monthly-report-document.ts';
export { monthlyReportToHtml } from './monthly-report-html.ts';
export { buildLeaseReport, type LeaseReport } from './monthly-report-leases.ts';
export { expectedDaySats, type NetworkDay, networkDaysFromBtcDays } from './network-day.ts';
export { type PplnsInput, poolShareBpsFromPercent, pplnsProductionSats } from './pplns-production.ts';
export { pplnsSiteDays } from './pplns-site-days.ts';
export { minedKey, minedPosting } from './production-postings.ts';
export {
  type Reconciliation,
  type ReconciliationRow,
  reconcilePayouts,
  type SiteDaySats,
  type SiteReconciliation,
} from './reconcile-payouts.ts';
export {
  DEFAULT_REPORT_STRATEGY,
  type MonthlyReportDeps,
  type MonthlyReportExtras,
  type MonthlyReportRequest,
  type MonthlyReportRun,
  reportFromSimulation,
  reportSites,
  runMonthlyReport,
  type SimulatedMonth,
  type SimulatedMonths,
  simulateMonths,
} from './run-monthly-report.ts';
export {
  ENERGY_CONTRACTS,
  exactSiteDay,
  marketTenant,
  type SiteDay,
  SiteDayCollector,
  type SiteDayFloatSums,
  siteDayPostings,
} from './site-day.ts';
export { type TreasuryMovement, treasuryKey, treasuryPostings } from './treasury-postings.ts';
