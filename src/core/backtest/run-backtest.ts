import { buildHashpriceCalendar } from '../economics/hashprice-calendar.ts';
import { SwitchyardError } from '../errors/index.ts';
import type { Fleet } from '../fleet/fleet-schema.ts';
import type { ForecastAccuracy } from '../forecast/forecast-accuracy.ts';
import { forecasterByName, forecasters } from '../forecast/forecasters.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { MarketData } from '../ports/market-data.ts';
import { localParts } from '../time/zoned-time.ts';
import { addOutcome, addTotals, type BacktestTotals, emptyTotals } from './backtest-summary.ts';
import { FORECAST_HISTORY_DAYS } from './forecast-site-input.ts';
import { breakevenFourCp, lpWithProgrammes } from './programme-strategies.ts';
import {
  emptyTrace,
  type RegretRow,
  recordTrace,
  type StrategyTrace,
  siteRegret,
  spikeIntervals,
} from './regret.ts';
import { assertAwardsCovered, type MonthRevenueStack, RevenueStackCollector } from './revenue-stack.ts';
import {
  type IntervalOutcome,
  initialSiteState,
  type Setpoint,
  type SiteState,
  settleInterval,
} from './settle-interval.ts';
import { settleWithProgrammes } from './settle-programmes.ts';
import { siteForecastAccuracy } from './site-forecast-accuracy.ts';
import { buildSiteGridMarket, type SiteGridMarket } from './site-grid-market.ts';
import { buildSiteMarket, dayAheadPublication, type SiteMarket } from './site-market.ts';
import { buildSiteModel, type SiteModel } from './site-model.ts';
import { applySleepRule, newestImportPrice } from './sleep-rule.ts';
import { alwaysOn, breakevenThreshold, lpStrategy, type Strategy } from './strategies.ts';

const DAY_MS = 86_400_000;
/** History loaded before `from` so forecasters have something to look back on (and learn from). */
const WARM_UP_DAYS = FORECAST_HISTORY_DAYS;

export const strategyNames = [
  'always-on',
  'breakeven',
  'breakeven+4cp',
  ...forecasters.filter((f) => !f.usesFuture).map((f) => `lp-${f.name}`),
  // Any `lp-<forecaster>+programmes` runs; the list names the one compared by default.
  'lp-day-ahead+programmes',
  'perfect-foresight',
] as const;

export interface BacktestRequest {
  readonly fleet: Fleet;
  /** Sites to run; all when omitted. */
  readonly siteIds?: readonly string[];
  /** Inclusive start, epoch ms at a UTC midnight. */
  readonly fromMs: number;
  /** Exclusive end, epoch ms at a UTC midnight. */
  readonly toMs: number;
  readonly strategies: readonly string[];
  readonly cellMinutes?: number;
  readonly horizonCells?: number;
  readonly resolveEvery?: number;
  /** Share of each GPU group under committed leases (history has no leases). */
  readonly gpuCommittedShare?: number;
  readonly timeLimitSeconds?: number;
  /** Also score every live forecaster on each site's prices (MAE, pinball loss, spike hit rate). */
  readonly accuracy?: boolean;
}

export interface BacktestSink {
  interval(
    strategy: string,
    siteId: string,
    outcome: IntervalOutcome,
    explanation: readonly string[] | undefined,
  ): void;
}

export interface BacktestDeps {
  readonly market: MarketData;
  readonly solver: LpSolver;
  readonly sink?: BacktestSink;
  /** Called after every interval with cells done and cells in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SiteResult {
  readonly siteId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly byStrategy: Readonly<Record<string, BacktestTotals>>;
  /** Share of the breakeven-to-perfect gap per month and where the rest was lost (needs both strategies run). */
  readonly regret: readonly RegretRow[];
  /** Forecast accuracy of every live forecaster on this site's prices, when asked for. */
  readonly accuracy?: readonly ForecastAccuracy[];
  readonly notes: readonly string[];
  /** Revenue lines per local month by strategy (mining, GPU, sell-back, ancillary, 4CP, DR), for sites with grid programmes. */
  readonly revenueStack?: Readonly<Record<string, readonly MonthRevenueStack[]>>;
}

export interface BacktestResult {
  readonly strategies: readonly string[];
  readonly sites: readonly SiteResult[];
  readonly fleet: Readonly<Record<string, BacktestTotals>>;
  readonly notes: readonly string[];
}

/**
 * Runs strategies side by side over real history, site by site, streaming every settled interval
 * to the sink and keeping only totals in memory. Deterministic: same inputs, same outputs.
 */
export function runBacktest(request: BacktestRequest, deps: BacktestDeps): BacktestResult {
  const cellMinutes = request.cellMinutes ?? 15;
  const cellMs = cellMinutes * 60_000;
  const horizonCells = request.horizonCells ?? (24 * 60) / cellMinutes;
  validate(request, cellMs);
  const strategies = request.strategies.map((name) => makeStrategy(name, deps.solver, request, horizonCells));
  const sites = request.fleet.sites.filter((s) => !request.siteIds || request.siteIds.includes(s.id));
  if (request.siteIds) {
    const unknown = request.siteIds.filter((id) => !request.fleet.sites.some((s) => s.id === id));
    if (unknown.length > 0) {
      throw new SwitchyardError('SY_ERR_BACKTEST_INVALID', `unknown site(s): ${unknown.join(', ')}`, {
        unknown,
      });
    }
  }
  const calendar = buildHashpriceCalendar(deps.market.btcDays(), deps.market.difficultyEpochs());
  const notes: string[] = [];
  const estimated = calendar.feesEstimatedDates.filter((d) => inRange(d, request.fromMs, request.toMs));
  if (estimated.length > 0) {
    notes.push(
      `fees missing on ${estimated.length} day(s) (${estimated[0]} .. ${estimated[estimated.length - 1]}): trailing 30-day mean of earlier fees used`,
    );
  }
  const totalCells = ((request.toMs - request.fromMs) / cellMs) * sites.length * strategies.length;
  let done = 0;
  const results: SiteResult[] = [];
  const fleet: Record<string, BacktestTotals> = Object.fromEntries(
    strategies.map((s) => [s.name, emptyTotals()]),
  );
  for (const site of sites) {
    const model = buildSiteModel(
      site,
      deps.market.minerModels(),
      deps.market.gpuRentalPrices(),
      request.fleet.currencies,
      request.gpuCommittedShare ?? 0.5,
    );
    const startMs = request.fromMs - WARM_UP_DAYS * DAY_MS;
    const cells = (request.toMs - startMs) / cellMs + horizonCells;
    const market = buildSiteMarket(request.fleet, site, deps.market, calendar, {
      startMs,
      cells,
      cellMinutes,
    });
    const fromCell = firstPlannableCell(market, (request.fromMs - startMs) / cellMs);
    const toCell = (request.toMs - startMs) / cellMs;
    checkCoverage(market, fromCell, toCell);
    const gridMarket = buildSiteGridMarket(
      site,
      deps.market,
      {
        startMs,
        cells,
        cellMinutes,
        publishedFromIndex:
          market.dayAhead?.publishedFromIndex ??
          dayAheadPublication(site.timeZone, startMs, cellMinutes, cells, { startMs, cells, cellMinutes }),
      },
      (code) => {
        const currency = code ?? site.currency ?? 'USD';
        return currency === 'USD' ? 1 : (request.fleet.currencies[currency] ?? Number.NaN);
      },
    );
    const siteNotes = [...market.notes, ...(gridMarket?.notes ?? [])];
    if (fromCell * cellMs + startMs > request.fromMs) {
      siteNotes.push(
        `starts ${new Date(startMs + fromCell * cellMs).toISOString()}: the first day of price data is forecaster warm-up`,
      );
    }
    const months = monthKeys(market, site.timeZone);
    const byStrategy: Record<string, BacktestTotals> = {};
    const traces = new Map<string, StrategyTrace>();
    const revenueStack: Record<string, MonthRevenueStack[]> = {};
    for (const strategy of strategies) {
      const trace = emptyTrace(toCell - fromCell);
      const stack = gridMarket ? new RevenueStackCollector() : undefined;
      const totals = runSite(
        model,
        market,
        strategy,
        fromCell,
        toCell,
        months,
        deps,
        trace,
        () => {
          done++;
          deps.onProgress?.(done, totalCells);
        },
        gridMarket,
        stack,
      );
      if (stack) revenueStack[strategy.name] = stack.months();
      byStrategy[strategy.name] = totals;
      traces.set(strategy.name, trace);
      addTotals(fleet[strategy.name]!, totals);
    }
    const regret = siteRegret(
      site.id,
      months.slice(fromCell, toCell),
      spikeIntervals(model, market, fromCell, toCell),
      traces,
    );
    done += (fromCell - (request.fromMs - startMs) / cellMs) * strategies.length;
    results.push({
      siteId: site.id,
      fromMs: startMs + fromCell * cellMs,
      toMs: request.toMs,
      byStrategy,
      regret,
      accuracy: request.accuracy
        ? siteForecastAccuracy(model, market, fromCell, toCell, horizonCells)
        : undefined,
      notes: siteNotes,
      ...(gridMarket ? { revenueStack } : {}),
    });
  }
  return { strategies: strategies.map((s) => s.name), sites: results, fleet, notes };
}

function runSite(
  model: SiteModel,
  market: SiteMarket,
  strategy: Strategy,
  fromCell: number,
  toCell: number,
  months: readonly string[],
  deps: BacktestDeps,
  trace: StrategyTrace,
  tick: () => void,
  grid?: SiteGridMarket,
  stack?: RevenueStackCollector,
): BacktestTotals {
  const day = (24 * 60) / market.cellMinutes;
  const meterImport = new Float64Array(toCell - fromCell);
  const totals = emptyTotals();
  const hours = market.cellMinutes / 60;
  deps.solver.reset?.();
  let state: SiteState = initialSiteState(model, months[fromCell]!);
  let pending: readonly Setpoint[] = [];
  let explanation: readonly string[] | undefined;
  for (let cell = fromCell; cell < toCell; cell++) {
    let explain: readonly string[] | undefined;
    const planned = pending.length === 0;
    if (planned) {
      const decision = strategy.decide({ model, market, cell, state, ...(grid ? { grid } : {}) });
      pending = decision.setpoints;
      explanation = decision.explanation;
      explain = explanation;
    }
    const [next, ...rest] = pending;
    pending = rest;
    // Between plans the site applies the plan's sleep rule to the newest real-time price, unless it
    // holds ancillary capacity: an award is load that must be there to curtail when deployed.
    const holdsAward = next!.ancillaryMw?.some((mw) => mw > 0) ?? false;
    const setpoint = planned || holdsAward ? next! : applySleepRule(next!, newestImportPrice(market, cell));
    const baseline = cell - day >= fromCell ? meterImport[cell - day - fromCell] : undefined;
    const settled = grid
      ? settleWithProgrammes(model, market, grid, cell, setpoint, state, months[cell]!, baseline)
      : settleInterval(model, market, cell, setpoint, state, months[cell]!);
    if (grid) {
      assertAwardsCovered(model.site.id, settled.outcome);
      meterImport[cell - fromCell] = settled.outcome.importMw;
      stack?.add(months[cell]!, settled.outcome, hours);
    }
    recordTrace(trace, cell - fromCell, model, market, setpoint, state, settled.outcome, planned);
    state = settled.state;
    addOutcome(totals, settled.outcome, hours, model.battery?.capacityMwh ?? 0);
    deps.sink?.interval(strategy.name, model.site.id, settled.outcome, explain);
    tick();
  }
  return totals;
}

function makeStrategy(
  name: string,
  solver: LpSolver,
  request: BacktestRequest,
  horizonCells: number,
): Strategy {
  if (name === 'always-on') return alwaysOn;
  if (name === 'breakeven') return breakevenThreshold;
  if (name === 'breakeven+4cp') return breakevenFourCp;
  const options = {
    horizonCells,
    resolveEvery: request.resolveEvery ?? 1,
    timeLimitSeconds: request.timeLimitSeconds ?? 5,
  };
  if (name === 'perfect-foresight') return lpWithProgrammes(forecasterByName('perfect')!, solver, options);
  const programmes = /^lp-(.+)\+programmes$/.exec(name);
  const withProgrammes = programmes ? forecasterByName(programmes[1]!) : undefined;
  if (withProgrammes && !withProgrammes.usesFuture) return lpWithProgrammes(withProgrammes, solver, options);
  const forecaster =
    name === 'perfect-foresight' ? forecasterByName('perfect') : forecasterByName(name.replace(/^lp-/, ''));
  if (!forecaster || (!name.startsWith('lp-') && name !== 'perfect-foresight')) {
    throw new SwitchyardError(
      'SY_ERR_BACKTEST_INVALID',
      `unknown strategy "${name}" (known: ${strategyNames.join(', ')})`,
      { strategy: name },
    );
  }
  return lpStrategy(forecaster, solver, {
    horizonCells,
    resolveEvery: request.resolveEvery ?? 1,
    timeLimitSeconds: request.timeLimitSeconds ?? 5,
  });
}

function validate(request: BacktestRequest, cellMs: number): void {
  const fail = (message: string) => {
    throw new SwitchyardError('SY_ERR_BACKTEST_INVALID', message);
  };
  if (!Number.isFinite(request.fromMs) || !Number.isFinite(request.toMs))
    fail('from and to must be dates (YYYY-MM-DD)');
  if (request.fromMs % DAY_MS !== 0 || request.toMs % DAY_MS !== 0) fail('from and to must be UTC dates');
  if (request.toMs <= request.fromMs) fail('to must be after from');
  if (request.strategies.length === 0) fail('at least one strategy is needed');
  if (DAY_MS % cellMs !== 0) fail('the interval must divide a day');
  if ((request.resolveEvery ?? 1) < 1) fail('resolve-every must be >= 1');
}

/** First cell at or after `from` with a full day of known prices behind it (forecasters look a day back). */
function firstPlannableCell(market: SiteMarket, fromCell: number): number {
  if (market.priceKnownAhead) return fromCell;
  const values = market.exportPrice.values;
  let first = 0;
  while (first < values.length && Number.isNaN(values[first]!)) first++;
  const day = (24 * 60) / market.cellMinutes;
  return Math.max(fromCell, first + day);
}

function checkCoverage(market: SiteMarket, fromCell: number, toCell: number): void {
  const at = (cell: number) => new Date(market.startMs + cell * market.cellMinutes * 60_000).toISOString();
  for (let cell = fromCell; cell < toCell; cell++) {
    if (Number.isNaN(market.importPrice.values[cell]!)) {
      throw new SwitchyardError(
        'SY_ERR_DATA_NOT_COVERED',
        `site ${market.siteId}: no power price at ${at(cell)}; choose dates inside the price data`,
        { siteId: market.siteId, at: at(cell) },
      );
    }
    if (Number.isNaN(market.hashpriceUsdPerThDay.values[cell]!)) {
      throw new SwitchyardError(
        'SY_ERR_DATA_NOT_COVERED',
        `site ${market.siteId}: no hashprice on ${at(cell).slice(0, 10)} (BTC price or difficulty missing)`,
        { siteId: market.siteId, at: at(cell) },
      );
    }
  }
}

/** Local billing month (`YYYY-MM`) of each cell, computed once per UTC day. */
function monthKeys(market: SiteMarket, timeZone: string): string[] {
  const keys: string[] = new Array(market.cells);
  const day = (24 * 60) / market.cellMinutes;
  for (let cell = 0; cell < market.cells; cell += day) {
    const local = localParts(market.startMs + (cell + day / 2) * market.cellMinutes * 60_000, timeZone);
    keys.fill(`${local.year}-${String(local.month).padStart(2, '0')}`, cell, cell + day);
  }
  return keys;
}

function inRange(date: string, fromMs: number, toMs: number): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return ms >= fromMs && ms < toMs;
}
