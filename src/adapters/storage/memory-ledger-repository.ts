import { inPeriod, type Period, type Posting, type PostResult } from '../../core/accounting/ledger.ts';
import type { DailyChange, LedgerRepository, PostingFilter } from '../../core/ports/ledger-repository.ts';
import { type CheckedPosting, checkPostings, keyConflict } from './ledger-batch.ts';
import { byText, copy, type MemoryState } from './memory-state.ts';

/** The ledger as MemoryState keeps it: postings in booking order and their fingerprints by key. */
export interface MemoryLedger {
  postings: CheckedPosting[];
  /** key -> index into `postings` */
  keys: Map<string, number>;
}

export function emptyLedger(): MemoryLedger {
  return { postings: [], keys: new Map() };
}

/** In-memory LedgerRepository: the same rules and results as SqlLedgerRepository (contract suite). */
export class MemoryLedgerRepository implements LedgerRepository {
  readonly #state: MemoryState;

  constructor(state: MemoryState) {
    this.#state = state;
  }

  async post(posting: Posting): Promise<PostResult> {
    return (await this.postAll([posting])).booked === 1 ? 'booked' : 'duplicate';
  }

  async postAll(postings: readonly Posting[]): Promise<{ booked: number; duplicates: number }> {
    const checked = checkPostings(postings);
    const ledger = this.#state.ledger;
    const fresh = checked.filter((c) => {
      const index = ledger.keys.get(c.posting.key);
      if (index === undefined) return true;
      if (ledger.postings[index]!.fingerprint !== c.fingerprint) throw keyConflict(c.posting.key);
      return false;
    });
    for (const c of fresh) {
      ledger.keys.set(c.posting.key, ledger.postings.length);
      ledger.postings.push(copy(c));
    }
    return { booked: fresh.length, duplicates: postings.length - fresh.length };
  }

  async get(key: string): Promise<Posting | undefined> {
    const index = this.#state.ledger.keys.get(key);
    return index === undefined ? undefined : copy(this.#state.ledger.postings[index]!.posting);
  }

  async balance(account: string, period?: Period): Promise<bigint> {
    return (await this.balances(period)).get(account) ?? 0n;
  }

  async balances(period?: Period, accountPrefix?: string): Promise<ReadonlyMap<string, bigint>> {
    const totals = new Map<string, bigint>();
    for (const { posting } of this.#inPeriod(period)) {
      for (const line of posting.lines) {
        if (accountPrefix !== undefined && !line.account.startsWith(accountPrefix)) continue;
        totals.set(line.account, (totals.get(line.account) ?? 0n) + signed(line.side, line.amount));
      }
    }
    return new Map([...totals].sort(([a], [b]) => byText(a, b)));
  }

  async list(filter: PostingFilter = {}): Promise<Posting[]> {
    const prefix = filter.accountPrefix;
    const chosen = this.#inPeriod(filter.period)
      .filter(
        ({ posting }) => prefix === undefined || posting.lines.some((l) => l.account.startsWith(prefix)),
      )
      .slice(0, filter.limit);
    return chosen.map((c) => copy(c.posting));
  }

  async dailyChanges(account: string, period?: Period): Promise<DailyChange[]> {
    const byDate = new Map<string, bigint>();
    for (const { posting } of this.#inPeriod(period)) {
      for (const line of posting.lines) {
        if (line.account === account)
          byDate.set(posting.date, (byDate.get(posting.date) ?? 0n) + signed(line.side, line.amount));
      }
    }
    return [...byDate].map(([date, change]) => ({ date, change }));
  }

  /** Postings in the period by date, then booking order. */
  #inPeriod(period: Period | undefined): CheckedPosting[] {
    return this.#state.ledger.postings
      .map((c, seq) => ({ c, seq }))
      .filter(({ c }) => inPeriod(c.posting.date, period))
      .sort((a, b) => byText(a.c.posting.date, b.c.posting.date) || a.seq - b.seq)
      .map(({ c }) => c);
  }
}

function signed(side: 'debit' | 'credit', amount: bigint): bigint {
  return side === 'debit' ? amount : -amount;
}
