import { planFleetAt } from '../../core/backtest/plan-fleet-at.ts';
import { buildSiteMarket, type SiteMarket } from '../../core/backtest/site-market.ts';
import type { HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Fleet } from '../../core/fleet/index.ts';
import { dayAhead } from '../../core/forecast/forecasters.ts';
import type { LpSolver } from '../../core/ports/lp-solver.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { applyGridEvents } from '../../core/ticks/grid-events.ts';
import type { HistoryInterval, SiteHistory, SitePlanView } from '../contracts/site-insight-contract.ts';
import type { FleetService } from './fleet-service.ts';
import type { RunDigests } from './run-digests.ts';

const DAY_MS = 86_400_000;
const CELL_MINUTES = 15;
const CELL_MS = CELL_MINUTES * 60_000;

/**
 * What the site page and the allocator page show beyond the raw records: the prices and hashprice
 * a site saw with the allocator's decisions over them, and the allocator's plan for the hours ahead
 * (re-planned now on the loop's inputs: the fleet, grid events, the day-ahead forecaster).
 */
export class SiteInsightService {
  private readonly markets = new Map<string, SiteMarket>();
  private readonly plans = new Map<string, SitePlanView>();

  constructor(
    private readonly deps: {
      storage: Storage;
      market: MarketData;
      solver: LpSolver;
      fleet: FleetService;
      nowMs: () => number;
      runs: RunDigests;
      calendar: () => HashpriceCalendar;
    },
  ) {}

  async history(siteId: string, hours: number): Promise<SiteHistory> {
    const fleet = await this.fleetWith(siteId);
    const nowMs = this.deps.nowMs();
    const toCell = Math.floor(nowMs / CELL_MS) + 1;
    const fromCell = toCell - Math.ceil((hours * 60) / CELL_MINUTES);
    const market = this.marketFor(fleet, siteId, fromCell * CELL_MS, toCell * CELL_MS);
    const runs = await this.deps.runs.latest(Math.ceil((hours * 60) / CELL_MINUTES) + 8);
    const decided = new Map<number, HistoryInterval['planned']>();
    for (const run of [...runs].reverse()) {
      const site = run.sites.find((s) => s.siteId === siteId);
      if (!site || site.error) continue;
      const { miningMw, gpuMw, chargeMw, dischargeMw, exportMw, socMwh, hashrateThs } = site;
      decided.set(Math.floor(run.intervalStartMs / CELL_MS) * CELL_MS, {
        miningMw,
        gpuMw,
        chargeMw,
        dischargeMw,
        exportMw,
        socMwh,
        hashrateThs,
      });
    }
    const intervals: HistoryInterval[] = [];
    for (let cell = fromCell; cell < toCell; cell++) {
      const startMs = cell * CELL_MS;
      const i = Math.round((startMs - market.startMs) / CELL_MS);
      intervals.push({
        startMs,
        priceUsdPerMwh: finite(market.importPrice.values[i]),
        hashpriceUsdPerPhDay: scaled(market.hashpriceUsdPerThDay.values[i], 1000),
        planned: decided.get(startMs) ?? null,
      });
    }
    return { nowMs, intervals };
  }

  async plan(siteId: string): Promise<SitePlanView> {
    const { storage, market, solver, calendar } = this.deps;
    const fleet = await this.fleetWith(siteId);
    const nowMs = this.deps.nowMs();
    const atMs = Math.floor(nowMs / CELL_MS) * CELL_MS;
    const [latest, curtailments, events] = await Promise.all([
      storage.setpoints.latest(siteId),
      storage.curtailments.active(),
      storage.gridEvents.overlapping(atMs, atMs + DAY_MS),
    ]);
    const key = `${siteId}:${atMs}:${latest?.seq ?? 0}:${curtailments.length}:${events.length}`;
    const known = this.plans.get(key);
    if (known) return known;
    const site = fleet.sites.find((s) => s.id === siteId)!;
    const [plan] = planFleetAt(
      {
        fleet: { ...fleet, sites: [applyGridEvents(site, events)] } as Fleet,
        atMs,
        forecaster: dayAhead,
      },
      { market, solver, calendar: calendar() },
    );
    const curtailment = curtailments.find((c) => c.siteIds.includes(siteId));
    const view: SitePlanView = {
      siteId,
      atMs,
      plannedValueUsd: plan!.plannedValueUsd,
      explanation: curtailment
        ? [`operator curtailment: ${curtailment.reason} (miners asleep until released)`, ...plan!.explanation]
        : plan!.explanation,
      ...(curtailment ? { curtailedBy: curtailment.reason } : {}),
      intervals: plan!.decisions.map((d) => ({
        startMs: d.startMs,
        miningMw: curtailment ? 0 : d.miningMw,
        gpuMw: d.gpuMw,
        chargeMw: d.chargeMw,
        dischargeMw: d.dischargeMw,
        exportMw: d.exportMw,
        importMw: d.importMw,
        socMwh: d.socMwh,
        hashrateThs: curtailment ? 0 : Object.values(d.minerHashrateThs).reduce((a, b) => a + b, 0),
      })),
    };
    if (this.plans.size > 100) this.plans.clear();
    this.plans.set(key, view);
    return view;
  }

  private async fleetWith(siteId: string): Promise<Fleet> {
    const fleet = await this.deps.fleet.fleet();
    if (!fleet?.sites.some((s) => s.id === siteId))
      throw new SwitchyardError('SY_ERR_NOT_FOUND', `no site ${siteId}`, { siteId });
    return fleet;
  }

  /** The site's market on whole UTC days covering [fromMs, toMs), kept while the days stay the same. */
  private marketFor(fleet: Fleet, siteId: string, fromMs: number, toMs: number): SiteMarket {
    const startMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
    const cells = Math.ceil((toMs - startMs) / DAY_MS) * (DAY_MS / CELL_MS);
    const site = fleet.sites.find((s) => s.id === siteId)!;
    const key = `${siteId}:${startMs}:${cells}`;
    const known = this.markets.get(key);
    if (known) return known;
    const built = buildSiteMarket(fleet, site, this.deps.market, this.deps.calendar(), {
      startMs,
      cells,
      cellMinutes: CELL_MINUTES,
    });
    if (this.markets.size > 50) this.markets.clear();
    this.markets.set(key, built);
    return built;
  }
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function scaled(value: number | undefined, factor: number): number | null {
  const v = finite(value);
  return v === null ? null : v * factor;
}
