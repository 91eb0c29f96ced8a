/**
 * `npm run bench`: performance figures of the allocator and the backtester on the example fleet and
 * the real data. Prints figures; asserts nothing (targets live here, not in timed tests).
 *
 *   1. LP solve time, one site x 96 intervals (median, p99), warm and cold
 *   2. the whole example fleet's plan at one moment
 *   3. one site-year backtest, re-solving every 15 minutes (day-ahead and learned-hedged forecasters)
 *   3b. the learned forecaster's daily fit and prediction time (bench/forecast.bench.ts)
 *   4. the same programs written as MPS and solved by a native solver (coinor-clp, installed if
 *      missing): ratio of our build + solve time to native
 *   5. peak memory (RSS) of a fleet-year backtest streaming to --out
 *   7. the marketplace: quote and lease latency under concurrent load (bench/market.bench.ts)
 *   6. the control plane: telemetry ingest capacity on PGlite and PostgreSQL, the allocation
 *      loop's step time for the example fleet, the server's memory with the fleet's telemetry
 *   9. stored market history: bytes per series-year of 15-min prices (bench/market-history.bench.ts)
 *  10. feed polling cost per round of every feed (bench/feed-polling.bench.ts)
 *   8. the dashboard: first load in chromium (load event, first meaningful content) and the size
 *      of its JavaScript, raw and gzipped (bench/dashboard.bench.ts)
 *
 * Sections can be picked: `npm run bench -- lp fleet native forecast` (default: all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFleetFile } from '../src/adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../src/adapters/market-data/index.ts';
import { HighsSolver } from '../src/adapters/solver/highs-solver.ts';
import { buildSiteLp } from '../src/core/allocator/build-site-lp.ts';
import type { LinearProgram } from '../src/core/allocator/linear-program.ts';
import { toMps } from '../src/core/allocator/mps-format.ts';
import { planSite } from '../src/core/allocator/plan-site.ts';
import { forecastSiteInput } from '../src/core/backtest/forecast-site-input.ts';
import { planFleetAt } from '../src/core/backtest/plan-fleet-at.ts';
import { runBacktest } from '../src/core/backtest/run-backtest.ts';
import { initialSiteState } from '../src/core/backtest/settle-interval.ts';
import { buildSiteMarket } from '../src/core/backtest/site-market.ts';
import { buildSiteModel } from '../src/core/backtest/site-model.ts';
import { buildHashpriceCalendar } from '../src/core/economics/hashprice-calendar.ts';
import { dayAhead } from '../src/core/forecast/forecasters.ts';
import { benchForecasters } from './forecast.bench.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const FLEET = join(root, 'examples/fleet.yaml');
const SITE = 'tx-west-1';
const sections = new Set(process.argv.slice(2));
const wants = (name: string) => sections.size === 0 || sections.has(name);

const fleet = loadFleetFile(FLEET);
const market = await ReplayMarketData.load(dataDirFromEnv());
const calendar = buildHashpriceCalendar(market.btcDays(), market.difficultyEpochs());
const site = fleet.sites.find((s) => s.id === SITE)!;
const programs: LinearProgram[] = [];
const ourMs: number[] = [];

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

if (wants('lp') || wants('native')) {
  const decisions = 500;
  const startMs = Date.parse('2023-08-01T00:00:00Z');
  const cells = 8 * 96 + decisions + 96;
  const model = buildSiteModel(site, market.minerModels(), market.gpuRentalPrices(), fleet.currencies, 0.5);
  const siteMarket = buildSiteMarket(fleet, site, market, calendar, { startMs, cells, cellMinutes: 15 });
  const state = initialSiteState(model, '2023-08');
  for (const warm of [true, false]) {
    const solver = await HighsSolver.load();
    const times: number[] = [];
    for (let k = 0; k < decisions; k++) {
      const cell = 8 * 96 + k;
      const input = forecastSiteInput(model, siteMarket, cell, state, dayAhead, 96);
      if (!warm) solver.dispose();
      const t0 = performance.now();
      const lp = buildSiteLp(input).lp;
      planSite(input, solver);
      times.push(performance.now() - t0);
      if (warm && k < 50) programs.push(lp);
    }
    if (warm) ourMs.push(...times.slice(0, 50));
    const s = stats(times);
    const size = `${programs[0]?.variables.length} columns x ${programs[0]?.constraints.length} rows`;
    console.log(
      `LP solve, ${SITE} x 96 intervals (${size}), ${warm ? 'warm-started (receding horizon)' : 'cold (fresh model)'}: median ${ms(s.median)}, p99 ${ms(s.p99)}, max ${ms(s.max)} over ${decisions} decisions (model building included; goal < 5 ms median)`,
    );
  }
}

if (wants('fleet')) {
  const solver = await HighsSolver.load();
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    planFleetAt(
      { fleet, atMs: Date.parse('2023-08-10T20:00:00Z') + run * 900_000, forecaster: dayAhead },
      { market, solver, calendar },
    );
    times.push(performance.now() - t0);
  }
  const s = stats(times);
  console.log(
    `fleet plan, ${fleet.sites.length} sites x 96 intervals (market data prep included): median ${ms(s.median)}, max ${ms(s.max)} over 5 runs (goal < 1 s)`,
  );
}

if (wants('forecast')) benchForecasters(fleet, market, calendar);

if (wants('site-year')) {
  const solver = await HighsSolver.load();
  for (const strategy of ['lp-day-ahead', 'lp-learned-hedged']) {
    const t0 = performance.now();
    const result = runBacktest(
      {
        fleet,
        siteIds: [SITE],
        fromMs: Date.parse('2023-01-01T00:00:00Z'),
        toMs: Date.parse('2024-01-01T00:00:00Z'),
        strategies: [strategy],
      },
      { market, solver },
    );
    const seconds = (performance.now() - t0) / 1000;
    const intervals = result.fleet[strategy]!.intervals;
    console.log(
      `site-year backtest, ${SITE} 2023, ${strategy} re-solved every 15 min: ${seconds.toFixed(1)} s for ${intervals} solves (${((seconds * 1000) / intervals).toFixed(2)} ms each; goal < 120 s)`,
    );
  }
}

if (wants('native')) {
  if (!hasClp()) installClp();
  if (!hasClp()) {
    console.log('native comparison skipped: coinor-clp could not be installed (apt-get install coinor-clp)');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-mps-'));
    const empty = join(dir, 'empty.mps');
    writeFileSync(empty, 'NAME empty\nROWS\n N obj\nCOLUMNS\n x0 obj 0\nRHS\nBOUNDS\n UP BND x0 1\nENDATA\n');
    const baseline = stats(Array.from({ length: 10 }, () => wall(() => clp(empty)))).median;
    const native: number[] = [];
    let mismatches = 0;
    programs.forEach((lp, i) => {
      const file = join(dir, `p${i}.mps`);
      writeFileSync(file, toMps(lp));
      let output = '';
      native.push(Math.max(0, wall(() => (output = clp(file))) - baseline));
      const objective = Number(
        /Objective value:\s*(-?[\d.e+-]+)/.exec(output)?.[1] ?? /objective (-?[\d.e+-]+)/i.exec(output)?.[1],
      );
      if (!Number.isFinite(objective)) mismatches++;
    });
    rmSync(dir, { recursive: true, force: true });
    const ours = stats(ourMs).median;
    const theirs = stats(native).median;
    console.log(
      `native CLP on the same ${programs.length} MPS files (process start-up of ${ms(baseline)} subtracted): median ${ms(theirs)}; ours (build + solve, warm) ${ms(ours)}; ratio ${(ours / Math.max(theirs, 1e-3)).toFixed(2)}x (goal <= 2x)${mismatches ? `; ${mismatches} runs without a parsable objective` : ''}`,
    );
  }
}

if (wants('memory')) {
  const out = mkdtempSync(join(tmpdir(), 'switchyard-fleet-year-'));
  const args = [
    '--import',
    'tsx',
    join(root, 'src/cli/main.ts'),
    'backtest',
    '--fleet',
    FLEET,
    '--from',
    '2023-01-01',
    '--to',
    '2023-12-31',
    '--strategy',
    'lp-day-ahead',
    '--resolve-every',
    '96',
    '--out',
    out,
  ];
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const t0 = performance.now();
  const run = timeBin
    ? spawnSync(timeBin, ['-f', 'PEAK_RSS_KB %M', process.execPath, ...args], { cwd: root, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(run.stderr ?? '')?.[1]);
  const rows = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n').length;
  rmSync(out, { recursive: true, force: true });
  console.log(
    `fleet-year backtest, ${fleet.sites.length} sites, 2023, lp-day-ahead re-planned daily, streamed to --out: ${seconds.toFixed(1)} s, peak RSS ${Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'unknown (/usr/bin/time missing)'} (goal < 1 GB; exit ${run.status}, ${rows} summary lines)`,
  );
}

if (wants('server')) {
  const { runServerBench } = await import('./server.bench.ts');
  await runServerBench();
}

if (wants('market')) {
  const { runMarketBench } = await import('./market.bench.ts');
  await runMarketBench();
}

if (wants('market-history')) {
  const { runMarketHistoryBench } = await import('./market-history.bench.ts');
  await runMarketHistoryBench();
}

if (wants('feeds')) {
  const { runFeedPollingBench } = await import('./feed-polling.bench.ts');
  await runFeedPollingBench();
}

if (wants('agent')) {
  const { runAgentBench } = await import('./agent.bench.ts');
  await runAgentBench();
}

if (wants('dashboard')) {
  const { runDashboardBench } = await import('./dashboard.bench.ts');
  await runDashboardBench();
}

function hasClp(): boolean {
  return spawnSync('sh', ['-c', 'command -v clp'], { encoding: 'utf8' }).status === 0;
}

function installClp(): void {
  console.log('installing coinor-clp (Debian) for the native comparison ...');
  spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq coinor-clp'], { stdio: 'ignore' });
}

function clp(file: string): string {
  return execFileSync('clp', [file, '-solve', '-quit'], { encoding: 'utf8' });
}

function wall(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
