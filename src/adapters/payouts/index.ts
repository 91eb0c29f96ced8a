export { importPayouts, payoutPostings } from './import-payouts.ts';
export { payoutCredits, storePayoutCredits } from './payout-credits.ts';
export {
  PAYOUT_COLUMNS,
  type PayoutFile,
  type PayoutRow,
  parsePayoutCsv,
  readPayoutFile,
} from './payout-file.ts';
