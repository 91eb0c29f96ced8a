import { randomUUID } from 'node:crypto';
import { satsToBtcText } from '../../core/accounting/exact-units.ts';
import type { Posting, PostResult } from '../../core/accounting/ledger.ts';
import { LedgerError } from '../../core/accounting/ledger-error.ts';
import { type TreasuryMovement, treasuryPostings } from '../../core/accounting/treasury-postings.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { LedgerRepository } from '../../core/ports/ledger-repository.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { nextDay } from '../../core/time/calendar.ts';
import type { MovementResult, TreasuryBalance, TreasuryHistory } from '../contracts/treasury-contract.ts';

const TREASURY = 'btc-treasury';
const DAY_MS = 86_400_000;
/** Longest history served at once, days. */
export const MAX_HISTORY_DAYS = 3_660;

/** A movement as the API takes it (validated by the route schema for shape, here for meaning). */
export interface MovementInput {
  readonly kind: 'sale' | 'transfer-out' | 'payout';
  readonly id?: string;
  readonly date: string;
  readonly sats: number;
  readonly usdCents?: number;
  readonly destination?: string;
  readonly siteId?: string;
  readonly txId?: string;
  readonly note?: string;
}

/**
 * The BTC treasury over time: movements the operator enters (sales, transfers out, pool payouts)
 * booked to the ledger, and the balance on any day. Bad input is refused before anything is stored,
 * with SY_ERR_REQUEST_INVALID naming the field as request validation does (`body/sats`).
 */
export class TreasuryService {
  /** Movements are booked one at a time in this process, so two sales cannot both spend one balance. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
  ) {}

  record(input: MovementInput, actor: string): Promise<MovementResult> {
    const run = this.#queue.then(() => this.book(input, actor));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  private async book(input: MovementInput, actor: string): Promise<MovementResult> {
    const movement = this.movement(input);
    const postings = treasuryPostings(movement);
    const result = await this.storage.transaction(async (tx) => {
      const earlier = await Promise.all(postings.map((p) => tx.ledger.get(p.key)));
      if (earlier.every((p) => p !== undefined)) {
        sameMemos(postings, earlier as Posting[]);
      } else if (movement.kind !== 'payout') {
        await checkCovered(tx.ledger, movement.date, movement.sats);
      }
      const booked = await tx.ledger.postAll(postings);
      const outcome: PostResult = booked.booked > 0 ? 'booked' : 'duplicate';
      if (outcome === 'booked') {
        await tx.audit.append({
          atMs: this.nowMs(),
          actor,
          action: `treasury.${movement.kind}`,
          target: `treasury:${movement.id}`,
          details: { ...input, id: movement.id, keys: postings.map((p) => p.key) },
        });
      }
      return outcome;
    });
    return {
      id: movement.id,
      kind: movement.kind,
      date: movement.date,
      result,
      keys: postings.map((p) => p.key),
      balanceSats: (await this.storage.ledger.balance(TREASURY, { to: nextDay(movement.date) })).toString(),
    };
  }

  /** The treasury at the end of a UTC day (default today), with what left it in sales and transfers. */
  async balance(at?: string): Promise<TreasuryBalance> {
    const day = at === undefined ? this.today() : this.date(at, 'querystring/at');
    const all = await this.storage.ledger.balances({ to: nextDay(day) });
    const sats = all.get(TREASURY) ?? 0n;
    return {
      at: day,
      balanceSats: sats.toString(),
      balanceBtc: satsToBtcText(sats),
      soldSats: (all.get('btc-sold') ?? 0n).toString(),
      transferredOutSats: (all.get('btc-transferred-out') ?? 0n).toString(),
      saleProceedsMicroUsd: (-(all.get('btc-sale-proceeds') ?? 0n)).toString(),
    };
  }

  /** The treasury at the end of every day from `from` to `to` (inclusive). */
  async history(fromText: string | undefined, toText: string | undefined): Promise<TreasuryHistory> {
    if (fromText === undefined) throw invalid('querystring/from', 'is required (YYYY-MM-DD)');
    if (toText === undefined) throw invalid('querystring/to', 'is required (YYYY-MM-DD)');
    const from = this.date(fromText, 'querystring/from');
    const to = this.date(toText, 'querystring/to');
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (span < 0) throw invalid('querystring/to', `must not be before from (${from})`);
    if (span >= MAX_HISTORY_DAYS)
      throw invalid('querystring/to', `at most ${MAX_HISTORY_DAYS} days after from`);
    let balance = await this.storage.ledger.balance(TREASURY, { to: from });
    const changes = new Map(
      (await this.storage.ledger.dailyChanges(TREASURY, { from, to: nextDay(to) })).map((c) => [
        c.date,
        c.change,
      ]),
    );
    const days: { date: string; balanceSats: string; changeSats: string }[] = [];
    for (let ms = Date.parse(from); ms <= Date.parse(to); ms += DAY_MS) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const change = changes.get(date) ?? 0n;
      balance += change;
      days.push({ date, balanceSats: balance.toString(), changeSats: change.toString() });
    }
    return { from, to, days };
  }

  private movement(input: MovementInput): TreasuryMovement {
    const id = input.id ?? randomUUID();
    const date = this.date(input.date, 'body/date');
    if (Date.parse(date) > Date.parse(this.today())) throw invalid('body/date', `${date} is after today`);
    const sats = BigInt(input.sats);
    if (input.kind === 'sale') {
      if (input.usdCents === undefined)
        throw invalid('body/usdCents', 'a sale needs the USD received, in cents');
      return { kind: 'sale', id, date, sats, usdCents: BigInt(input.usdCents), ...note(input.note) };
    }
    if (input.kind === 'transfer-out') {
      if (!input.destination?.trim()) throw invalid('body/destination', 'a transfer out needs a destination');
      return { kind: 'transfer-out', id, date, sats, destination: input.destination.trim() };
    }
    if (!input.siteId) throw invalid('body/siteId', 'a payout needs the site it pays for');
    return {
      kind: 'payout',
      id,
      date,
      sats,
      siteId: input.siteId,
      ...(input.txId ? { txId: input.txId } : {}),
    };
  }

  /** A real calendar date in YYYY-MM-DD. */
  private date(text: string, field: string): string {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
      Number.isNaN(ms) ||
      new Date(ms).toISOString().slice(0, 10) !== text
    )
      throw invalid(field, `"${text}" is not a date (YYYY-MM-DD)`);
    return text;
  }

  private today(): string {
    return new Date(this.nowMs()).toISOString().slice(0, 10);
  }
}

/** BTC can leave the treasury only if it holds them on that day and on every day after it. */
async function checkCovered(ledger: LedgerRepository, date: string, sats: bigint): Promise<void> {
  let balance = await ledger.balance(TREASURY, { to: nextDay(date) });
  let lowest = balance;
  for (const { change } of await ledger.dailyChanges(TREASURY, { from: nextDay(date) })) {
    balance += change;
    if (balance < lowest) lowest = balance;
  }
  if (sats > lowest) {
    throw new SwitchyardError(
      'SY_ERR_REQUEST_INVALID',
      `body/sats: ${sats} exceeds the treasury's ${lowest} sats available on ${date} and after`,
      { field: 'body/sats', availableSats: lowest.toString() },
    );
  }
}

/** A movement entered again must say the same (its memo holds the destination and note). */
function sameMemos(postings: readonly Posting[], earlier: readonly Posting[]): void {
  postings.forEach((p, i) => {
    if ((p.memo ?? '') !== (earlier[i]!.memo ?? ''))
      throw new LedgerError(`posting "${p.key}": movement already booked with a different description`, {
        key: p.key,
      });
  });
}

function note(text: string | undefined): { note?: string } {
  return text?.trim() ? { note: text.trim() } : {};
}

function invalid(field: string, reason: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_REQUEST_INVALID', `${field}: ${reason}`, { field, reason });
}
