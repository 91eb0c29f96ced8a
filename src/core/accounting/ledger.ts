import { LedgerError } from './ledger-error.ts';

/** Units a posting may be in: BTC as satoshis, USD as micro-dollars (ADR 0001, ADR 0004). */
export type LedgerUnit = 'sats' | 'micro-usd';

export interface LedgerLine {
  /** Account name, e.g. `mining-revenue:tx-west` (see `accountUnit`). */
  readonly account: string;
  readonly side: 'debit' | 'credit';
  /** Positive amount in the posting's unit. */
  readonly amount: bigint;
}

export interface Posting {
  /** Idempotency key: a posting with a key already booked is not booked again. */
  readonly key: string;
  /** UTC day the posting belongs to, `YYYY-MM-DD` (periods are prefixes: `YYYY-MM`, `YYYY`). */
  readonly date: string;
  readonly unit: LedgerUnit;
  readonly memo?: string;
  readonly lines: readonly LedgerLine[];
}

export type PostResult = 'booked' | 'duplicate';

/** A period filter: inclusive `from` / exclusive `to` dates, or a `YYYY-MM` / `YYYY` prefix. */
export type Period = string | { readonly from?: string; readonly to?: string };

const SEGMENT = '[A-Za-z0-9_.-]+';
const ACCOUNT_KINDS: readonly { readonly pattern: RegExp; readonly unit: LedgerUnit }[] = [
  { pattern: /^btc-treasury$/, unit: 'sats' },
  { pattern: /^pool-receivable$/, unit: 'sats' },
  { pattern: new RegExp(`^mining-revenue:${SEGMENT}$`), unit: 'sats' },
  { pattern: new RegExp(`^energy-cost:${SEGMENT}:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: /^energy-payable$/, unit: 'micro-usd' },
  { pattern: new RegExp(`^lease-revenue:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: new RegExp(`^lease-receivable:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: /^dr-credits$/, unit: 'micro-usd' },
  { pattern: /^export-revenue$/, unit: 'micro-usd' },
  { pattern: /^cash-usd$/, unit: 'micro-usd' },
  { pattern: /^btc-sold$/, unit: 'sats' },
  { pattern: /^btc-sale-proceeds$/, unit: 'micro-usd' },
  { pattern: /^btc-transferred-out$/, unit: 'sats' },
  // Grid programmes (grid-programme-postings.ts).
  { pattern: new RegExp(`^power-credits:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: new RegExp(`^ancillary-revenue:${SEGMENT}:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: new RegExp(`^transmission-4cp:${SEGMENT}$`), unit: 'micro-usd' },
  { pattern: new RegExp(`^dr-programme-credits:${SEGMENT}$`), unit: 'micro-usd' },
];

/** Largest amount a line may carry: a PostgreSQL BIGINT (the persistent ledger's column). */
export const MAX_LINE_AMOUNT = 2n ** 63n - 1n;

/**
 * The unit an account is kept in, or undefined for a name that is not an account. Accounts:
 * `btc-treasury`, `pool-receivable`, `mining-revenue:<site>` (sats); `energy-cost:<site>:<contract>`,
 * `energy-payable`, `lease-revenue:<tenant>`, `lease-receivable:<tenant>`, `dr-credits`,
 * `export-revenue`, `cash-usd` (micro-USD). Treasury movements: `btc-sold` and `btc-transferred-out`
 * (sats leaving the treasury in a sale or a transfer out), `btc-sale-proceeds` (micro-USD received
 * for sold BTC): a sale is two linked postings, one per unit (see treasury-postings.ts).
 */
export function accountUnit(account: string): LedgerUnit | undefined {
  return ACCOUNT_KINDS.find((k) => k.pattern.test(account))?.unit;
}

/**
 * A double-entry ledger in exact units, in memory and pure. Every posting is in one unit and must
 * balance (debits = credits) or it is rejected whole with a `LedgerError` naming it. Posting the same
 * key again books nothing; posting a different posting under a booked key is an error.
 */
export class Ledger {
  readonly #postings: Posting[] = [];
  readonly #fingerprints = new Map<string, string>();

  /** Books a posting; returns `duplicate` (and books nothing) when its key was booked before. */
  post(posting: Posting): PostResult {
    validatePosting(posting);
    const fingerprint = postingFingerprint(posting);
    const booked = this.#fingerprints.get(posting.key);
    if (booked !== undefined) {
      if (booked === fingerprint) return 'duplicate';
      throw new LedgerError(
        `posting "${posting.key}": key already booked with different lines; refusing to book it twice`,
        { key: posting.key },
      );
    }
    this.#fingerprints.set(posting.key, fingerprint);
    this.#postings.push(posting);
    return 'booked';
  }

  /**
   * Books several postings all or nothing: every posting is checked (balance, accounts, key
   * conflicts, also among themselves) before any is booked. Already booked keys are skipped.
   */
  postAll(postings: readonly Posting[]): { booked: number; duplicates: number } {
    const pending = new Map<string, string>();
    for (const p of postings) {
      validatePosting(p);
      const fingerprint = postingFingerprint(p);
      const earlier = this.#fingerprints.get(p.key) ?? pending.get(p.key);
      if (earlier !== undefined && earlier !== fingerprint) {
        throw new LedgerError(
          `posting "${p.key}": key already booked with different lines; refusing to book it twice`,
          { key: p.key },
        );
      }
      pending.set(p.key, fingerprint);
    }
    let booked = 0;
    let duplicates = 0;
    for (const p of postings) {
      if (this.post(p) === 'booked') booked++;
      else duplicates++;
    }
    return { booked, duplicates };
  }

  has(key: string): boolean {
    return this.#fingerprints.has(key);
  }

  postings(): readonly Posting[] {
    return [...this.#postings];
  }

  /** Debits minus credits of one account over a period (all time when omitted). */
  balance(account: string, period?: Period): bigint {
    let total = 0n;
    for (const posting of this.#postings) {
      if (!inPeriod(posting.date, period)) continue;
      for (const line of posting.lines) {
        if (line.account === account) total += line.side === 'debit' ? line.amount : -line.amount;
      }
    }
    return total;
  }

  /** Credits minus debits: the natural sign of revenue and payable accounts. */
  creditBalance(account: string, period?: Period): bigint {
    return -this.balance(account, period);
  }

  /** Debits minus credits of every account touched in the period, by account name. */
  balances(period?: Period): ReadonlyMap<string, bigint> {
    const out = new Map<string, bigint>();
    for (const posting of this.#postings) {
      if (!inPeriod(posting.date, period)) continue;
      for (const line of posting.lines) {
        const signed = line.side === 'debit' ? line.amount : -line.amount;
        out.set(line.account, (out.get(line.account) ?? 0n) + signed);
      }
    }
    return out;
  }

  /** Sum of the debit-minus-credit balances of the accounts whose name starts with `prefix`. */
  balanceOfPrefix(prefix: string, period?: Period): bigint {
    let total = 0n;
    for (const [account, value] of this.balances(period)) if (account.startsWith(prefix)) total += value;
    return total;
  }

  /** Sum of all balances in a unit; always 0n for a ledger of balanced postings. */
  trialBalance(unit: LedgerUnit, period?: Period): bigint {
    let total = 0n;
    for (const [account, value] of this.balances(period)) if (accountUnit(account) === unit) total += value;
    return total;
  }
}

/**
 * Throws a `LedgerError` naming the posting unless it can be booked: a key, a `YYYY-MM-DD` date, one
 * unit, at least two lines on known accounts of that unit, positive whole amounts (at most
 * `MAX_LINE_AMOUNT`), debits equal to credits. Shared by the in-memory ledger and the repositories.
 */
export function validatePosting(posting: Posting): void {
  const name = `posting "${posting.key}"`;
  const fail = (message: string, details: Record<string, unknown> = {}) => {
    throw new LedgerError(`${name}: ${message}`, { key: posting.key, ...details });
  };
  if (posting.key.trim() === '') throw new LedgerError('posting with an empty idempotency key');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(posting.date) || Number.isNaN(Date.parse(`${posting.date}T00:00:00Z`)))
    fail(`date "${posting.date}" is not YYYY-MM-DD`);
  if (posting.unit !== 'sats' && posting.unit !== 'micro-usd') fail(`unknown unit "${posting.unit}"`);
  if (posting.lines.length < 2) fail('needs at least two lines');
  let debits = 0n;
  let credits = 0n;
  posting.lines.forEach((line, i) => {
    const unit = accountUnit(line.account);
    if (unit === undefined) fail(`line ${i + 1}: unknown account "${line.account}"`, { line: i + 1 });
    if (unit !== posting.unit)
      fail(`line ${i + 1}: account "${line.account}" is kept in ${unit}, the posting is in ${posting.unit}`, {
        line: i + 1,
      });
    if (typeof line.amount !== 'bigint' || line.amount <= 0n)
      fail(`line ${i + 1}: amount must be a positive whole number of ${posting.unit}`, { line: i + 1 });
    if (line.amount > MAX_LINE_AMOUNT)
      fail(`line ${i + 1}: amount ${line.amount} is larger than the books hold (${MAX_LINE_AMOUNT})`, {
        line: i + 1,
      });
    if (line.side === 'debit') debits += line.amount;
    else if (line.side === 'credit') credits += line.amount;
    else fail(`line ${i + 1}: side must be debit or credit`, { line: i + 1 });
  });
  if (debits !== credits) {
    fail(`does not balance: debits ${debits} ${posting.unit} != credits ${credits} ${posting.unit}`, {
      debits: debits.toString(),
      credits: credits.toString(),
    });
  }
}

/** What makes two postings under one key the same posting (date, unit, lines; not the memo). */
export function postingFingerprint(posting: Posting): string {
  return JSON.stringify([
    posting.date,
    posting.unit,
    posting.lines.map((l) => [l.account, l.side, l.amount.toString()]),
  ]);
}

/** Whether a posting date lies in a period (all time when omitted). */
export function inPeriod(date: string, period: Period | undefined): boolean {
  if (period === undefined) return true;
  if (typeof period === 'string') return date.startsWith(period);
  return (period.from === undefined || date >= period.from) && (period.to === undefined || date < period.to);
}

/** A two-line posting: debit one account, credit another, the same amount. Zero amounts give none. */
export function transfer(
  key: string,
  date: string,
  unit: LedgerUnit,
  debitAccount: string,
  creditAccount: string,
  amount: bigint,
  memo?: string,
): Posting | undefined {
  if (amount === 0n) return undefined;
  const [debit, credit] = amount > 0n ? [debitAccount, creditAccount] : [creditAccount, debitAccount];
  const abs = amount > 0n ? amount : -amount;
  return {
    key,
    date,
    unit,
    ...(memo === undefined ? {} : { memo }),
    lines: [
      { account: debit, side: 'debit', amount: abs },
      { account: credit, side: 'credit', amount: abs },
    ],
  };
}
