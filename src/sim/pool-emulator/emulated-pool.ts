import { satsToBtcText } from '../../core/accounting/exact-units.ts';
import { expectedProductionSats } from '../../core/accounting/expected-production.ts';
import type { NetworkDay } from '../../core/accounting/network-day.ts';
import { utcDateOf } from '../../core/pools/pool-credit.ts';

const DAY_MS = 86_400_000;

/** One account's hashing as the pool sees it: the hashrate its miners measure now, TH/s. */
export interface EmulatedPoolAccount {
  readonly account: string;
  /** Pool-Auth-Token the account's API calls carry. */
  readonly token: string;
  readonly hashrateThs: () => number;
}

/** A closed day's credit of an account. */
export interface EmulatedPoolCredit {
  readonly account: string;
  readonly date: string;
  /** Hashes credited that day (TH), the integral of the sampled hashrate. */
  readonly hashesTh: number;
  readonly creditedSats: bigint;
}

/**
 * The twin's FPPS pool: it integrates each account's measured hashrate (sampled on the twin's
 * clock, each sample held until the next) into hashes per UTC day and, when a day closes, credits
 * FPPS for that day's average hashrate on that day's network data (the ADR 0004 formula the books
 * use), less the pool fee. Served in Braiins Pool's API format by `EmulatedPoolServer`.
 */
export class EmulatedPool {
  readonly #accounts = new Map<string, EmulatedPoolAccount>();
  readonly #network: (date: string) => NetworkDay | undefined;
  readonly #feeBps: bigint;
  readonly #now: () => number;
  /** account -> date -> TH hashed (open and closed days). */
  readonly #hashes = new Map<string, Map<string, number>>();
  readonly #credits = new Map<string, EmulatedPoolCredit[]>();
  readonly #last = new Map<string, { atMs: number; ths: number }>();

  constructor(options: {
    readonly network: (date: string) => NetworkDay | undefined;
    readonly feeBps: bigint;
    readonly now: () => number;
  }) {
    this.#network = options.network;
    this.#feeBps = options.feeBps;
    this.#now = options.now;
  }

  addAccount(account: EmulatedPoolAccount): void {
    this.#accounts.set(account.account, account);
    this.#last.set(account.account, { atMs: this.#now(), ths: Math.max(0, account.hashrateThs()) });
  }

  accountOfToken(token: string): string | undefined {
    return [...this.#accounts.values()].find((a) => a.token === token)?.account;
  }

  /** Integrates every account up to now (split at UTC midnights) and closes finished days. */
  sample(): void {
    const now = this.#now();
    for (const account of this.#accounts.values()) {
      const last = this.#last.get(account.account)!;
      let from = last.atMs;
      while (from < now) {
        const dayEnd = Math.floor(from / DAY_MS) * DAY_MS + DAY_MS;
        const to = Math.min(now, dayEnd);
        const days = this.#hashesOf(account.account);
        const date = utcDateOf(from);
        days.set(date, (days.get(date) ?? 0) + (last.ths * (to - from)) / 1000);
        from = to;
      }
      this.#last.set(account.account, { atMs: now, ths: Math.max(0, account.hashrateThs()) });
      this.#close(account.account, now);
    }
  }

  /** Closed days' credits of an account, oldest first. */
  credits(account: string): readonly EmulatedPoolCredit[] {
    return this.#credits.get(account) ?? [];
  }

  /** A Braiins `accounts/rewards/json/btc` reply for an account's closed days in [from, to]. */
  rewardsReply(account: string, fromDate: string, toDate: string): string {
    const rows = this.credits(account)
      .filter((c) => c.date >= fromDate && c.date <= toDate)
      .reverse()
      .map((c) => {
        const seconds = Date.parse(`${c.date}T00:00:00Z`) / 1000;
        const btc = satsToBtcText(c.creditedSats);
        return {
          date: seconds,
          total_reward: btc,
          mining_reward: btc,
          bos_plus_reward: '0.00000000',
          referral_bonus: '0.00000000',
          referral_reward: '0.00000000',
          calculation_date: seconds + 93_600,
        };
      });
    return JSON.stringify({ btc: { daily_rewards: rows } });
  }

  /**
   * A Braiins `accounts/profile/json/btc` reply: `hash_rate_yesterday` (Gh/s) is the account's
   * average over the UTC day before now, as the pool integrated it (0 for a day it saw nothing).
   */
  profileReply(account: string): string {
    const yesterday = utcDateOf(this.#now() - DAY_MS);
    const hashesTh = this.#hashesOf(account).get(yesterday) ?? 0;
    return JSON.stringify({
      username: account,
      btc: { hash_rate_unit: 'Gh/s', hash_rate_yesterday: (hashesTh * 1e3) / 86_400 },
    });
  }

  #hashesOf(account: string): Map<string, number> {
    let days = this.#hashes.get(account);
    if (!days) {
      days = new Map();
      this.#hashes.set(account, days);
    }
    return days;
  }

  #close(account: string, now: number): void {
    const today = utcDateOf(now);
    const closed = this.#credits.get(account) ?? [];
    const done = new Set(closed.map((c) => c.date));
    for (const [date, hashesTh] of [...this.#hashesOf(account)].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (date >= today || done.has(date)) continue;
      const network = this.#network(date);
      if (!network) continue; // credited once the day's network data is known
      const hashrateHs = BigInt(Math.floor((hashesTh * 1e12) / 86_400));
      const creditedSats = expectedProductionSats({
        hashrateHs,
        difficultyScaled: network.difficultyScaled,
        subsidySatsPerBlock: network.subsidySatsPerBlock,
        feesSats: network.feesSats,
        feeBlocks: network.feeBlocks,
        poolFeeBps: this.#feeBps,
      });
      closed.push({ account, date, hashesTh, creditedSats });
    }
    this.#credits.set(account, closed);
  }
}
