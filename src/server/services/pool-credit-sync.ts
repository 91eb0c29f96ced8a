import { SwitchyardError } from '../../core/errors/index.ts';
import { addUtcDays, type PoolName, utcDateOf } from '../../core/pools/pool-credit.ts';
import type { PoolCreditOutcome } from '../../core/ports/actuals-repository.ts';
import type { PoolEarnings } from '../../core/ports/pool-earnings.ts';
import type { Storage } from '../../core/ports/storage.ts';

/** Alert kinds the sync raises (one open alert per kind and site; resolved by the next good poll). */
export const POOL_ALERT_KINDS = {
  SY_ERR_POOL_UNREACHABLE: 'pool.unreachable',
  SY_ERR_POOL_REJECTED: 'pool.rejected',
  SY_ERR_POOL_REPLY_MALFORMED: 'pool.reply-malformed',
} as const;

export interface PoolSyncResult {
  readonly stored: Record<PoolCreditOutcome, number>;
  /** Accounts whose poll failed, with the error code. */
  readonly failed: readonly { siteId: string; pool: PoolName; account: string; code: string }[];
}

/**
 * The pool-credit tick: for every site's pool accounts (fleet file `pool.accounts`), asks the pool
 * for the closed UTC days of the last `lookbackDays` and stores each credit (a late or revised
 * credit keeps its production date). A failing pool raises an alert naming the pool, the account
 * and the error, and stores nothing of that reply; the days stay a labelled gap.
 */
export class PoolCreditSync {
  readonly #storage: Storage;
  readonly #adapterOf: (pool: PoolName, account: string) => PoolEarnings | undefined;
  readonly #lookbackDays: number;
  readonly #defaultAccounts: (siteId: string) => readonly { pool: PoolName; account: string }[];

  /**
   * `pools`: one adapter per pool, or a function giving the adapter of an account (pools whose
   * credentials are per account, such as Braiins Pool's per-account token).
   */
  constructor(
    storage: Storage,
    pools: readonly PoolEarnings[] | ((pool: PoolName, account: string) => PoolEarnings | undefined),
    lookbackDays = 7,
    /** Accounts of a site whose fleet entry names none (the twin: one account per site). */
    defaultAccounts: (siteId: string) => readonly { pool: PoolName; account: string }[] = () => [],
  ) {
    this.#defaultAccounts = defaultAccounts;
    this.#storage = storage;
    if (typeof pools === 'function') this.#adapterOf = pools;
    else {
      const byPool = new Map(pools.map((p) => [p.pool, p]));
      this.#adapterOf = (pool) => byPool.get(pool);
    }
    this.#lookbackDays = lookbackDays;
  }

  async tick(nowMs: number): Promise<PoolSyncResult> {
    const sites = (await this.#storage.sites.list()).map((r) => r.site);
    const toDate = addUtcDays(utcDateOf(nowMs), -1);
    const fromDate = addUtcDays(toDate, -(this.#lookbackDays - 1));
    const stored: Record<PoolCreditOutcome, number> = { new: 0, same: 0, revised: 0 };
    const failed: { siteId: string; pool: PoolName; account: string; code: string }[] = [];
    for (const site of sites) {
      const failedKinds = new Set<string>();
      for (const { pool, account } of site.pool.accounts ?? this.#defaultAccounts(site.id)) {
        const adapter = this.#adapterOf(pool, account);
        if (!adapter) continue;
        try {
          const report = await adapter.dailyCredits({ account, fromDate, toDate, nowMs });
          for (const credit of report.credits)
            stored[
              await this.#storage.poolCredits.record({
                ...credit,
                siteId: site.id,
                source: pool,
                recordedAtMs: nowMs,
              })
            ]++;
        } catch (error) {
          const code = error instanceof SwitchyardError ? error.code : 'SY_ERR_INTERNAL';
          const kind = POOL_ALERT_KINDS[code as keyof typeof POOL_ALERT_KINDS] ?? 'pool.unreachable';
          failedKinds.add(kind);
          failed.push({ siteId: site.id, pool, account, code });
          await this.#storage.alerts.raise({
            atMs: nowMs,
            siteId: site.id,
            severity: 'warning',
            kind,
            message: `${pool} account ${account}: no credits stored for ${fromDate}..${toDate} (${code}: ${(error as Error).message})`,
          });
        }
      }
      for (const kind of Object.values(POOL_ALERT_KINDS))
        if (!failedKinds.has(kind)) await this.#storage.alerts.resolve(kind, site.id, nowMs);
    }
    return { stored, failed };
  }
}
