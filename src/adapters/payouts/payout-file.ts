import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { btcTextToSats } from '../../core/accounting/exact-units.ts';
import { DataFileError } from '../../core/errors/index.ts';
import {
  cellError,
  dateCell,
  fileReadError,
  parseCsv,
  requireColumns,
  requiredTextCell,
  textCell,
} from '../market-data/index.ts';

/** Columns of a pool payout file (see README.md). */
export const PAYOUT_COLUMNS = ['date', 'site', 'amount_btc', 'tx_id'] as const;

/** One payout line: BTC a pool paid for a site's production of one UTC day. */
export interface PayoutRow {
  /** 1-based line in the file. */
  readonly line: number;
  /** UTC day the payout pays for, `YYYY-MM-DD`. */
  readonly date: string;
  readonly siteId: string;
  readonly amountSats: bigint;
  /** Bitcoin transaction id, or '' when the pool does not give one. */
  readonly txId: string;
  /**
   * Idempotency key of the line: `payout:<tx id>:<site>:<date>`, or without a tx id
   * `payout:no-tx:<site>:<date>:<sats>#<n>` (n-th such line in the file), so the same file or a
   * re-export holding the same lines books nothing twice (see README.md).
   */
  readonly key: string;
}

export interface PayoutFile {
  readonly file: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  readonly rows: readonly PayoutRow[];
}

const SITE_ID = /^[A-Za-z0-9_.-]+$/;
const TX_ID = /^[0-9a-fA-F]{64}$/;

/**
 * Parses a payout file. A malformed file is rejected WHOLE (nothing of it is returned) with a
 * `DataFileError` (SY_ERR_DATA_FILE_MALFORMED) naming the file, line and field.
 */
export function parsePayoutCsv(text: string, file: string): PayoutFile {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const table = parseCsv(text, file);
  const columns = requireColumns(table, PAYOUT_COLUMNS);
  const seen = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const rows = table.rows.map((row): PayoutRow => {
    const date = dateCell(row, columns.date);
    const siteId = requiredTextCell(row, columns.site).trim();
    if (!SITE_ID.test(siteId))
      throw cellError(row, columns.site, `"${siteId}" is not a site id (letters, digits, - _ .)`);
    const amountText = requiredTextCell(row, columns.amount_btc).trim();
    const amountSats = btcTextToSats(amountText);
    if (amountSats === undefined)
      throw cellError(
        row,
        columns.amount_btc,
        `"${amountText}" is not an amount of BTC (a non-negative decimal with at most 8 decimals)`,
      );
    if (amountSats === 0n) throw cellError(row, columns.amount_btc, 'amount is zero');
    const txId = textCell(row, columns.tx_id).trim();
    if (txId !== '' && !TX_ID.test(txId))
      throw cellError(row, columns.tx_id, `"${txId}" is not a transaction id (64 hex digits) or empty`);
    let key: string;
    if (txId !== '') {
      key = `payout:${txId.toLowerCase()}:${siteId}:${date}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        throw cellError(row, columns.tx_id, `repeats line ${earlier} (same tx id, site and date)`);
      seen.set(key, row.line);
    } else {
      const base = `payout:no-tx:${siteId}:${date}:${amountSats}`;
      const n = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, n);
      key = `${base}#${n}`;
    }
    return { line: row.line, date, siteId, amountSats, txId, key };
  });
  if (rows.length === 0)
    throw new DataFileError(
      'SY_ERR_DATA_FILE_MALFORMED',
      { file, line: 2 },
      'no payout lines after the header',
    );
  return { file, sha256, rows };
}

/** Reads and parses a payout file; throws DataFileError on a missing or malformed file. */
export function readPayoutFile(path: string): PayoutFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileReadError(path, error);
  }
  return parsePayoutCsv(text, path);
}
