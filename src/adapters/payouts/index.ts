export { importPayouts, payoutPostings } from './import-payouts.ts';
export {
  PAYOUT_COLUMNS,
  type PayoutFile,
  type PayoutRow,
  parsePayoutCsv,
  readPayoutFile,
} from './payout-file.ts';
