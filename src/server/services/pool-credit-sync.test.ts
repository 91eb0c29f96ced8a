import { describe, expect, it } from 'vitest';
import { FakePoolEarnings } from '../../adapters/pools/fake-pool-earnings.ts';
import { MemoryStorage } from '../../adapters/storage/memory-storage.ts';
import { siteFixture } from '../../adapters/storage/storage-fixtures.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import { PoolCreditSync } from './pool-credit-sync.ts';

const NOW = Date.UTC(2025, 9, 3, 6); // 2025-10-03 06:00 UTC: the closed days end on 2025-10-02.

async function setup() {
  const storage = new MemoryStorage();
  await storage.sites.put(
    siteFixture('tx-west', {
      pool: { name: 'Braiins Pool', feePercent: 2, accounts: [{ pool: 'braiins', account: 'west' }] },
    }),
  );
  await storage.sites.put(siteFixture('no-accounts'));
  const pool = new FakePoolEarnings('braiins')
    .withCredit('west', '2025-09-30', 6_000_000n)
    .withCredit('west', '2025-10-02', 6_100_000n)
    .withCredit('west', '2025-10-03', 1n); // today, not closed: not asked for
  return { storage, pool, sync: new PoolCreditSync(storage, [pool], 7) };
}

describe('PoolCreditSync', () => {
  it('stores the closed days of each site account under that site, and nothing twice', async () => {
    const { storage, pool, sync } = await setup();
    expect((await sync.tick(NOW)).stored).toEqual({ new: 2, same: 0, revised: 0 });
    expect(pool.queries[0]).toMatchObject({ account: 'west', fromDate: '2025-09-26', toDate: '2025-10-02' });
    expect((await sync.tick(NOW)).stored).toEqual({ new: 0, same: 2, revised: 0 });
    const stored = await storage.poolCredits.list({
      siteId: 'tx-west',
      fromDate: '2025-09-01',
      toDate: '2025-10-31',
    });
    expect(stored.map((c) => [c.date, c.creditedSats, c.source, c.account])).toEqual([
      ['2025-09-30', 6_000_000n, 'braiins', 'west'],
      ['2025-10-02', 6_100_000n, 'braiins', 'west'],
    ]);
  });

  it('a malformed reply raises an alert naming pool and account, stores nothing, and the next good poll resolves it', async () => {
    const { storage, pool, sync } = await setup();
    pool.failingWith(
      new SwitchyardError('SY_ERR_POOL_REPLY_MALFORMED', 'braiins: btc.daily_rewards: is missing'),
    );
    const result = await sync.tick(NOW);
    expect(result.failed).toEqual([
      { siteId: 'tx-west', pool: 'braiins', account: 'west', code: 'SY_ERR_POOL_REPLY_MALFORMED' },
    ]);
    const [alert] = await storage.alerts.list({ open: true, siteId: 'tx-west' });
    expect(alert).toMatchObject({ kind: 'pool.reply-malformed', severity: 'warning' });
    expect(alert!.message).toContain('braiins account west');
    expect(await storage.poolCredits.list({ fromDate: '2025-09-01', toDate: '2025-10-31' })).toEqual([]);
    pool.failingWith(null);
    await sync.tick(NOW);
    expect(await storage.alerts.list({ open: true, siteId: 'tx-west' })).toEqual([]);
  });
});
