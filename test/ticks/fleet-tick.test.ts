import { beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { buildHashpriceCalendar } from '../../src/core/economics/hashprice-calendar.ts';
import { type Fleet, parseFleet } from '../../src/core/fleet/index.ts';
import { DEFAULT_LIVE_FORECASTER } from '../../src/core/forecast/forecasters.ts';
import type { LpSolver } from '../../src/core/ports/lp-solver.ts';
import type { ManualPrice } from '../../src/core/ports/manual-price-repository.ts';
import {
  type FleetTickSnapshot,
  planFleetTick,
  type SitePower,
  type SiteTickDecision,
} from '../../src/core/ticks/fleet-tick.ts';
import type { GridEventWindow } from '../../src/core/ticks/grid-events.ts';
import { exampleFleet } from '../server/app-harness.ts';

const MIN = 60_000;
const T0 = Date.parse('2024-06-12T15:00:00Z');
const SITE = 'tx-west-1';

/** One tick of the table: what changed in the world, and what the site's decision must be. */
interface Row {
  readonly atMin: number;
  readonly curtailed?: string;
  readonly event?: Omit<GridEventWindow, 'siteIds'>;
  readonly forecaster?: string;
  readonly expect: {
    readonly mining: 'planned' | 'off' | 'held' | 'full' | 'asleep';
    readonly curtailed: boolean;
    readonly alert: 'raise' | 'resolve';
    readonly explains: RegExp;
  };
}

describe('planFleetTick, tick by tick', () => {
  let market: ReplayMarketData;
  let solver: LpSolver;
  let fleet: Fleet;

  beforeAll(async () => {
    market = await ReplayMarketData.load(dataDirFromEnv());
    solver = await HighsSolver.load();
    fleet = parseFleet(
      { ...exampleFleet, sites: exampleFleet.sites.filter((s: { id: string }) => s.id === SITE) },
      'fleet.yaml',
    );
  }, 60_000);

  it('plans, curtails, honours a grid event, then holds and falls back on the failure policy', () => {
    const calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const rows: Row[] = [
      { atMin: 0, expect: { mining: 'planned', curtailed: false, alert: 'resolve', explains: /./ } },
      {
        atMin: 15,
        curtailed: 'heat wave',
        expect: {
          mining: 'off',
          curtailed: true,
          alert: 'resolve',
          explains: /^operator curtailment: heat wave/,
        },
      },
      {
        atMin: 30,
        event: { id: 'ev-12345678', startMs: T0 + 35 * MIN, endMs: T0 + 60 * MIN },
        expect: {
          mining: 'off',
          curtailed: true,
          alert: 'resolve',
          explains: /^grid event ev-12345678 in force/,
        },
      },
      // Planning fails from here (no such forecaster): hold the last setpoint for the policy's hour...
      {
        atMin: 60,
        forecaster: 'no-such-forecaster',
        expect: {
          mining: 'held',
          curtailed: false,
          alert: 'raise',
          explains: /^plan failed: .*holding the last setpoint \(60 min left\)/,
        },
      },
      {
        atMin: 105,
        forecaster: 'no-such-forecaster',
        expect: {
          mining: 'held',
          curtailed: false,
          alert: 'raise',
          explains: /holding the last setpoint \(15 min left\)/,
        },
      },
      // ... then the breakeven rule on the last known price.
      {
        atMin: 120,
        forecaster: 'no-such-forecaster',
        expect: {
          mining: 'full',
          curtailed: false,
          alert: 'raise',
          explains: /then breakeven: last known price/,
        },
      },
      // Planning works again: the failure ends, the alert is resolved.
      { atMin: 135, expect: { mining: 'planned', curtailed: false, alert: 'resolve', explains: /./ } },
    ];

    let last = new Map<string, SitePower>();
    let failingSince = new Map<string, number>();
    let heldBefore: SitePower | undefined;
    for (const row of rows) {
      const nowMs = T0 + row.atMin * MIN;
      const snapshot: FleetTickSnapshot = {
        nowMs,
        intervalMs: 15 * MIN,
        fleet,
        market,
        calendar,
        forecaster: row.forecaster ?? DEFAULT_LIVE_FORECASTER,
        curtailments: new Map(row.curtailed ? [[SITE, row.curtailed]] : []),
        gridEvents: row.event ? [{ ...row.event, siteIds: [SITE] }] : [],
        staleFeeds: [],
        lastSetpoints: last,
        failingSince,
        runId: `run-${row.atMin}`,
        setpointTtlMs: 45 * MIN,
      };
      const [d] = planFleetTick(snapshot, solver) as [SiteTickDecision];
      const where = `tick at +${row.atMin} min`;
      expect(d.siteId, where).toBe(SITE);
      expect(d.setpoint, where).toMatchObject({
        runId: `run-${row.atMin}`,
        issuedAtMs: nowMs,
        expiresAtMs: nowMs + 45 * MIN,
      });
      expect(d.setpoint.curtailed, where).toBe(row.expect.curtailed);
      expect(d.record.explanation.join('; '), where).toMatch(row.expect.explains);
      expect('raise' in d.alert ? 'raise' : 'resolve', where).toBe(row.expect.alert);
      switch (row.expect.mining) {
        case 'planned':
          expect(d.planned, where).toBeDefined();
          expect(d.setpoint.miningMw, where).toBeCloseTo(d.planned!.plan.decisions[0]!.miningMw, 3);
          expect(d.failure, where).toBeUndefined();
          break;
        case 'off':
          expect(d.setpoint.miningMw, where).toBe(0);
          break;
        case 'held':
          expect(d.failure?.sinceMs, where).toBe(T0 + 60 * MIN);
          expect(
            { miningMw: d.setpoint.miningMw, aiMw: d.setpoint.aiMw, batteryMw: d.setpoint.batteryMw },
            where,
          ).toEqual(heldBefore);
          expect(d.record.expectedCents, where).toBe(0);
          break;
        case 'full':
          expect(d.setpoint.miningMw, where).toBeGreaterThan(0);
          break;
        case 'asleep':
          expect(d.setpoint.miningMw, where).toBe(0);
          break;
      }
      // What the write phase carries to the next tick: the setpoint given, since when plans fail.
      if (!d.failure)
        heldBefore = {
          miningMw: d.setpoint.miningMw,
          aiMw: d.setpoint.aiMw,
          batteryMw: d.setpoint.batteryMw,
        };
      last = new Map([
        [SITE, { miningMw: d.setpoint.miningMw, aiMw: d.setpoint.aiMw, batteryMw: d.setpoint.batteryMw }],
      ]);
      failingSince = d.failure ? new Map([[SITE, d.failure.sinceMs]]) : new Map();
    }
  }, 60_000);

  it('decides only the sites of a re-plan, and nothing for a fleet without them', () => {
    const calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const snapshot: FleetTickSnapshot = {
      nowMs: T0,
      intervalMs: 15 * MIN,
      fleet,
      siteIds: ['another-site'],
      market,
      calendar,
      forecaster: DEFAULT_LIVE_FORECASTER,
      curtailments: new Map(),
      gridEvents: [],
      staleFeeds: [],
      lastSetpoints: new Map(),
      failingSince: new Map(),
      setpointTtlMs: 45 * MIN,
    };
    expect(planFleetTick(snapshot, solver)).toEqual([]);
  });

  it('plans on the desk’s manual price while it is in force, names it, and forgets it once expired', () => {
    const calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
    const snapshot = (nowMs: number, manualPrices: ManualPrice[]): FleetTickSnapshot => ({
      nowMs,
      intervalMs: 15 * MIN,
      fleet,
      market,
      calendar,
      forecaster: DEFAULT_LIVE_FORECASTER,
      curtailments: new Map(),
      manualPrices,
      gridEvents: [],
      staleFeeds: [],
      lastSetpoints: new Map(),
      failingSince: new Map(),
      setpointTtlMs: 45 * MIN,
    });
    const scarcity: ManualPrice = {
      id: 'm-1',
      kind: 'price',
      seriesId: 'ercot_rt_hb_west',
      usdPerMwh: '5000',
      fromMs: T0,
      expiresAtMs: T0 + 24 * 60 * MIN,
      note: 'desk quote',
      enteredBy: 'key-ops',
      enteredAtMs: T0 - MIN,
    };
    const [inForce] = planFleetTick(snapshot(T0, [scarcity]), solver) as [SiteTickDecision];
    expect(inForce.record.explanation[0]).toBe(
      'manual price 5000.00 $/MWh on ercot_rt_hb_west until 2024-06-13 15:00 UTC, entered by key-ops (desk quote)',
    );
    console.log(
      inForce.record.explanation,
      JSON.stringify(inForce.record.decision),
      Object.keys(inForce.planned!.input),
      JSON.stringify(inForce.planned!.input).slice(0, 1500),
    );
    expect(inForce.setpoint.miningMw).toBe(0);
    const [expired] = planFleetTick(snapshot(T0 + 24 * 60 * MIN, [scarcity]), solver) as [SiteTickDecision];
    expect(expired.record.explanation.join('; ')).not.toMatch(/manual price/);

    const cheap: ManualPrice = {
      ...scarcity,
      id: 'm-2',
      kind: 'tariff-override',
      siteId: SITE,
      usdPerMwh: '-20',
    };
    delete (cheap as { seriesId?: string }).seriesId;
    const [overridden] = planFleetTick(snapshot(T0, [cheap]), solver) as [SiteTickDecision];
    expect(overridden.record.explanation[0]).toMatch(
      /^manual tariff -20\.00 \$\/MWh on site tx-west-1 until/,
    );
    expect(overridden.setpoint.miningMw).toBeGreaterThan(0);
  }, 60_000);
});
