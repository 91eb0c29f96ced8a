import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  accuracyRows,
  formatAccuracyCsv,
  formatAccuracyTable,
} from '../adapters/backtest-output/accuracy-table.ts';
import { FileBacktestSink } from '../adapters/backtest-output/file-sink.ts';
import { formatRegretCsv, formatRegretTable, regretRows } from '../adapters/backtest-output/regret-table.ts';
import {
  formatRevenueStackCsv,
  formatRevenueStackTable,
} from '../adapters/backtest-output/revenue-stack-table.ts';
import {
  formatSummaryCsv,
  formatSummaryTable,
  summaryRows,
} from '../adapters/backtest-output/summary-table.ts';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { type BacktestResult, runBacktest, strategyNames } from '../core/backtest/run-backtest.ts';
import { loadMarketData, loadSolver, parseDateOption, parseNumberOption } from './context.ts';
import { progressBar } from './progress-bar.ts';

export interface BacktestOptions {
  fleet: string;
  from: string;
  to: string;
  strategy?: string[];
  site?: string[];
  out?: string;
  dataDir?: string;
  resolveEvery: string;
  horizonHours: string;
  intervalMinutes: string;
  gpuCommittedShare: string;
  json?: boolean;
  accuracy?: boolean;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('run strategies side by side on real historical prices')
    .requiredOption('--fleet <file>', 'fleet file')
    .requiredOption('--from <date>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last UTC day (inclusive), YYYY-MM-DD')
    .option('--strategy <names...>', `strategies (default: all of ${strategyNames.join(', ')})`)
    .option('--site <ids...>', 'sites to run (default: all)')
    .option('--out <dir>', 'write per-interval CSV and JSON lines plus summary files here')
    .option('--data-dir <dir>', 'market data directory (default $SWITCHYARD_DATA_DIR or ../shared/data)')
    .option('--resolve-every <intervals>', 're-plan every N intervals', '1')
    .option('--horizon-hours <hours>', 'planning horizon', '24')
    .option('--interval-minutes <minutes>', 'interval length', '15')
    .option('--gpu-committed-share <share>', 'share of GPUs under committed leases', '0.5')
    .option('--json', 'print the summary as JSON instead of a table')
    .option(
      '--accuracy',
      "also score every forecaster on each site's prices (MAE, pinball loss, spike hit rate)",
    )
    .action(async (options: BacktestOptions) => {
      const result = await backtestFromOptions(options);
      printResult(result, options);
    });
}

export async function backtestFromOptions(options: BacktestOptions): Promise<BacktestResult> {
  const fleet = loadFleetFile(options.fleet);
  const fromMs = parseDateOption('from', options.from);
  const toMs = parseDateOption('to', options.to) + 86_400_000;
  const intervalMinutes = parseNumberOption('interval-minutes', options.intervalMinutes, 1);
  const [market, solver] = await Promise.all([loadMarketData(options.dataDir), loadSolver()]);
  const sink = options.out ? new FileBacktestSink(options.out) : undefined;
  const bar = progressBar('backtest');
  try {
    const result = runBacktest(
      {
        fleet,
        siteIds: options.site,
        fromMs,
        toMs,
        strategies: options.strategy ?? [...strategyNames],
        cellMinutes: intervalMinutes,
        horizonCells: Math.round(
          (parseNumberOption('horizon-hours', options.horizonHours, 0.25) * 60) / intervalMinutes,
        ),
        resolveEvery: parseNumberOption('resolve-every', options.resolveEvery, 1),
        gpuCommittedShare: parseNumberOption('gpu-committed-share', options.gpuCommittedShare, 0),
        accuracy: options.accuracy === true,
      },
      { market, solver, sink, onProgress: bar.update },
    );
    if (options.out) writeSummaries(options.out, result);
    return result;
  } finally {
    bar.done();
    sink?.close();
  }
}

function writeSummaries(dir: string, result: BacktestResult): void {
  mkdirSync(dir, { recursive: true });
  const rows = summaryRows(result);
  writeFileSync(join(dir, 'summary.csv'), formatSummaryCsv(rows));
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, 'regret.csv'), formatRegretCsv(regretRows(result)));
  const accuracy = accuracyRows(result);
  if (accuracy.length > 0) writeFileSync(join(dir, 'accuracy.csv'), formatAccuracyCsv(accuracy));
  if (result.sites.some((s) => s.revenueStack))
    writeFileSync(join(dir, 'revenue-stack.csv'), formatRevenueStackCsv(result));
}

function printResult(result: BacktestResult, options: BacktestOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [formatSummaryTable(summaryRows(result))];
  const regret = formatRegretTable(regretRows(result));
  if (regret) lines.push('', regret);
  const accuracy = formatAccuracyTable(accuracyRows(result));
  if (accuracy) lines.push('', accuracy);
  const stack = formatRevenueStackTable(result);
  if (stack !== '') lines.push('', 'revenue stack by site, strategy and month (USD):', stack);
  const notes = [...result.notes, ...result.sites.flatMap((s) => s.notes.map((n) => `${s.siteId}: ${n}`))];
  if (notes.length > 0) lines.push('', 'notes:', ...notes.map((n) => `  - ${n}`));
  if (options.out) lines.push('', `per-interval CSV and JSON lines written to ${options.out}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
