import { describe, expect, it } from 'vitest';
import { BraiinsPoolEarnings } from '../../src/adapters/pools/braiins-pool.ts';
import { PoolCreditSync } from '../../src/server/services/pool-credit-sync.ts';
import {
  actuals,
  DAY_MS,
  METER_SILENT,
  MONTH_START,
  PRICE_PER_MWH,
  pool,
  registerSimulatedMonth,
  storage,
  storedMinutes,
  storedThsMinutes,
  watch,
} from './actuals-month-setup.ts';

registerSimulatedMonth();

describe('the books from actuals: a simulated month with one site curtailed for two days', () => {
  it('operating EH/s equals the average of the stored telemetry (within 0.5 %)', async () => {
    const report = await actuals.month('2025-09', Date.UTC(2025, 9, 2, 6));
    const storedEhs = storedThsMinutes / storedMinutes / 1e6;
    // Per site the stored minutes' mean is the site's operating hashrate; the total is the sum of sites.
    const perSite = report.sites.map((s) => s.operatingEhs!);
    expect(Math.abs(perSite.reduce((a, b) => a + b, 0) - storedEhs * 2) / (storedEhs * 2)).toBeLessThan(
      0.005,
    );
    expect(report.totals.operatingEhs).not.toBeNull();
  });

  it('BTC mined equals the emulated pool’s credits to the satoshi, and the curtailed days show', async () => {
    const report = await actuals.month('2025-09', Date.UTC(2025, 9, 2, 6));
    for (const site of report.sites) {
      const credited = pool
        .credits(site.siteId)
        .filter((c) => c.date.startsWith('2025-09'))
        .reduce((s, c) => s + c.creditedSats, 0n);
      expect(site.minedSats).toBe(credited);
      expect(site.minedSats > 0n).toBe(true);
    }
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    expect(a.curtailedDays).toEqual(['2025-09-10', '2025-09-11']);
    expect(a.days.find((d) => d.hashrate.date === '2025-09-10')!.creditedSats).toBe(0n);
    // Every measured day is within the FPPS tolerance of its credit (same hashrate, same formula).
    const off = report.sites
      .flatMap((s) => s.days)
      .filter((d) => d.hashrate.averageThs! > 0 && !d.check.withinTolerance);
    expect(off).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('prices the metered energy at the contract, credits the performed DR event from the meter, and books both as actual events', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const report = await actuals.month('2025-09', nowMs);
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    // The meter measured every day but the 20th, which falls back to the device sum, labelled.
    expect(a.days.filter((d) => d.energy.source !== 'meter').map((d) => d.energy.date)).toEqual([
      METER_SILENT,
    ]);
    expect(a.gaps).toContainEqual({ siteId: 'tx-a', date: METER_SILENT, what: 'energy-from-device-sum' });
    // Cost = metered Wh x 40 USD/MWh (exact per interval; whole-Wh rounding only).
    for (const site of report.sites) {
      const exact = site.energyWh * PRICE_PER_MWH;
      expect(Math.abs(Number(site.energyCostMicroUsd) - exact) / exact).toBeLessThan(1e-4);
      expect(site.unpricedWh).toBe(0n);
    }
    // DR: the baseline is the same 48 h on the prior days that end before the event (4 x 3.5 kW x PUE);
    // measured during the event, the sleeping miners' 4 x 10 W x PUE.
    expect(a.drEvents).toHaveLength(1);
    const event = a.drEvents[0]!;
    expect(event.baseline).toMatch(/2025-09-08, 2025-09-07, 2025-09-06, 2025-09-05/);
    expect(event.baselineWh).toBe(705_600n);
    expect(event.measuredWh).toBe(2_016n);
    expect(event.reducedWh).toBe(703_584n);
    expect(event.creditMicroUsd).toBe(70_358_400n);
    expect(report.sites.find((s) => s.siteId === 'tx-b')!.drEvents).toEqual([]);
    // The plan column is empty without stored runs: labelled, not zero-filled.
    expect(report.planned.every((p) => p.operatingEhs === null && p.coverage === 0)).toBe(true);

    const booked = await actuals.booking.postMonth('2025-09', nowMs, '2025-10-02');
    expect(booked.poolCredits).toBeGreaterThan(50);
    expect(booked.energyDays).toBe(60);
    expect(booked.drCredits).toBe(1);
    expect(await actuals.booking.postMonth('2025-09', nowMs, '2025-10-02')).toEqual({
      poolCredits: 0,
      energyDays: 0,
      drCredits: 0,
    });
    const balances = await storage.ledger.balances('2025-09');
    expect([...balances.values()].reduce((t, v) => t + v, 0n)).toBe(0n);
    expect(balances.get('energy-payable')).toBe(-report.totals.energyCostMicroUsd);
    expect(balances.get('dr-credits')).toBe(-70_358_400n);
    expect(balances.get('pool-receivable')).toBe(report.totals.minedSats);
  });

  it('books the credits in a balanced ledger, closes the month, and posts a late credit into the open period', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const report = await actuals.month('2025-09', nowMs);
    // Booked by the month's posting above: asking again books nothing.
    expect(await actuals.postCredits('2025-09-01', '2025-09-30', '2025-10-02')).toBe(0);
    const balances = await storage.ledger.balances('2025-09');
    expect([...balances.values()].reduce((s, v) => s + v, 0n)).toBe(0n);
    expect(balances.get('pool-receivable')).toBe(report.totals.minedSats);
    expect(await actuals.closeMonth('2025-09', nowMs)).toBe(true);
    // The pool revises the 5th upward after the close: the difference books on the open day.
    const fifth = (
      await storage.poolCredits.list({ siteId: 'tx-b', fromDate: '2025-09-05', toDate: '2025-09-05' })
    )[0]!;
    await storage.poolCredits.record({
      ...fifth,
      creditedSats: fifth.creditedSats + 1_000n,
      recordedAtMs: nowMs,
    });
    expect(await actuals.postCredits('2025-09-01', '2025-09-30', '2025-10-02')).toBe(1);
    expect(await storage.ledger.balance('pool-receivable', '2025-09')).toBe(report.totals.minedSats);
    expect(await storage.ledger.balance('pool-receivable', '2025-10')).toBe(1_000n);
  });

  it('a day with no telemetry and no credit is a labelled gap, never a zero', async () => {
    const report = await actuals.month('2025-10', Date.UTC(2025, 9, 3, 6));
    const a = report.sites.find((s) => s.siteId === 'tx-a')!;
    expect(a.operatingEhs).toBeNull();
    expect(a.gaps.map((g) => g.what)).toEqual(
      expect.arrayContaining(['no-telemetry', 'no-pool-credit', 'no-energy']),
    );
    expect(a.days[0]!.check.cause).toBe('no-telemetry');
    expect(report.complete).toBe(false);
    expect(await actuals.closeMonth('2025-10', Date.UTC(2025, 9, 3, 6))).toBe(false);
  });

  it('the earnings tick names a silent meter and days without telemetry, and resolves them once past', async () => {
    const mid = await watch.tick(Date.UTC(2025, 8, 22, 6));
    expect(mid.raised).toEqual([
      expect.objectContaining({
        siteId: 'tx-a',
        kind: 'actuals.meter-gap',
        message: expect.stringContaining(METER_SILENT),
      }),
    ]);
    const open = await storage.alerts.list({ open: true, siteId: 'tx-a' });
    expect(open.map((a) => a.kind)).toContain('actuals.meter-gap');
    const later = await watch.tick(Date.UTC(2025, 9, 3, 6));
    expect(later.raised.map((r) => `${r.siteId} ${r.kind}`).sort()).toEqual([
      'tx-a actuals.no-telemetry',
      'tx-b actuals.no-telemetry',
    ]);
    expect(later.raised[0]!.message).toMatch(/2025-10-01, 2025-10-02/);
    expect((await storage.alerts.list({ open: true, siteId: 'tx-a' })).map((a) => a.kind)).not.toContain(
      'actuals.meter-gap',
    );
  });

  it('an account short of its credit raises an earnings alert naming the likely cause', async () => {
    // The pool credits 10 % less for tx-b on the 15th than FPPS on its measured hashrate.
    const [day] = await storage.poolCredits.list({
      siteId: 'tx-b',
      fromDate: '2025-09-15',
      toDate: '2025-09-15',
    });
    await storage.poolCredits.record({
      ...day!,
      creditedSats: (day!.creditedSats * 9n) / 10n,
      recordedAtMs: 0,
    });
    const result = await watch.tick(Date.UTC(2025, 8, 17, 6));
    expect(result.raised).toContainEqual(
      expect.objectContaining({
        siteId: 'tx-b',
        kind: 'earnings.pool-side-loss',
        message: expect.stringContaining('2025-09-15'),
      }),
    );
    // The pool says it saw 10 % less hashrate than the agents measured that day: that is the cause named.
    const measuredThs = (await actuals.month('2025-09', Date.UTC(2025, 8, 17, 6))).sites
      .find((x) => x.siteId === 'tx-b')!
      .days.find((d) => d.hashrate.date === '2025-09-15')!.hashrate.averageThs!;
    await storage.poolCredits.record({
      ...day!,
      creditedSats: (day!.creditedSats * 9n) / 10n,
      poolHashrateHs: BigInt(Math.round(measuredThs * 0.9 * 1e6)) * 1_000_000n,
      recordedAtMs: 0,
    });
    const byPool = await watch.tick(Date.UTC(2025, 8, 17, 6, 30));
    expect(byPool.raised).toContainEqual(
      expect.objectContaining({ siteId: 'tx-b', kind: 'earnings.pool-hashrate-below-agent' }),
    );
    expect((await storage.alerts.list({ open: true, siteId: 'tx-b' })).map((a) => a.kind)).not.toContain(
      'earnings.pool-side-loss',
    );
    await storage.poolCredits.record({ ...day!, recordedAtMs: 1 });
    expect((await watch.tick(Date.UTC(2025, 8, 17, 7))).raised).toEqual([]);
    const openKinds = (await storage.alerts.list({ open: true, siteId: 'tx-b' })).map((a) => a.kind);
    expect(openKinds).not.toContain('earnings.pool-side-loss');
    expect(openKinds).not.toContain('earnings.pool-hashrate-below-agent');
  });

  it('a malformed pool reply raises a clear alert and stores nothing: the days stay a labelled gap', async () => {
    const malformed = new BraiinsPoolEarnings({
      token: 'tok-tx-b',
      baseUrl: 'http://pool.invalid',
      http: async () => ({
        status: 200,
        body: '{"btc": {"daily_rewards": [{"date": "yesterday", "total_reward": "x"}]}}',
      }),
    });
    const before = await storage.poolCredits.list({
      siteId: 'tx-b',
      fromDate: '2025-10-01',
      toDate: '2025-10-05',
    });
    const sync = new PoolCreditSync(storage, (_pool, name) => (name === 'tx-b' ? malformed : undefined), 3);
    const result = await sync.tick(Date.UTC(2025, 9, 6, 6));
    expect(result.failed).toEqual([
      { siteId: 'tx-b', pool: 'braiins', account: 'tx-b', code: 'SY_ERR_POOL_REPLY_MALFORMED' },
    ]);
    const alert = (await storage.alerts.list({ open: true, siteId: 'tx-b' })).find(
      (a) => a.kind === 'pool.reply-malformed',
    );
    expect(alert?.message).toMatch(/braiins account tx-b: no credits stored for 2025-10-03\.\.2025-10-05/);
    expect(
      await storage.poolCredits.list({ siteId: 'tx-b', fromDate: '2025-10-01', toDate: '2025-10-05' }),
    ).toEqual(before);
    const report = await actuals.month('2025-10', Date.UTC(2025, 9, 6, 6));
    const b = report.sites.find((s) => s.siteId === 'tx-b')!;
    expect(b.gaps).toContainEqual({ siteId: 'tx-b', date: '2025-10-04', what: 'no-pool-credit' });
    expect(b.days.find((d) => d.hashrate.date === '2025-10-04')!.creditedSats).toBeNull();
  });

  it('after the minutes are compacted into hours, the month reads the same hashrate from the hours', async () => {
    const nowMs = Date.UTC(2025, 9, 2, 6);
    const before = await actuals.month('2025-09', nowMs);
    await storage.telemetry.compact(nowMs, 2 * DAY_MS, 400 * DAY_MS);
    expect(await storage.telemetry.minutes('tx-a', MONTH_START, MONTH_START + DAY_MS)).toEqual([]);
    const after = await actuals.month('2025-09', nowMs);
    for (const site of after.sites) {
      const was = before.sites.find((s) => s.siteId === site.siteId)!;
      expect(Math.abs(site.operatingEhs! - was.operatingEhs!) / was.operatingEhs!).toBeLessThan(1e-9);
      expect(site.gaps.filter((g) => g.what === 'no-telemetry')).toEqual([]);
    }
  });
});
