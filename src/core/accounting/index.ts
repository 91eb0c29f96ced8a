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
  accountUnit,
  Ledger,
  type LedgerLine,
  type LedgerUnit,
  type Period,
  type Posting,
  type PostResult,
  transfer,
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
export { monthlyReportToHtml } from './monthly-report-html.ts';
export { expectedDaySats, type NetworkDay, networkDaysFromBtcDays } from './network-day.ts';
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
  type MonthlyReportRequest,
  type MonthlyReportRun,
  reportSites,
  runMonthlyReport,
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
