import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatSummaryTable, summaryRows } from '../adapters/backtest-output/summary-table.ts';
import { backtestFromOptions } from './backtest-command.ts';

const EXAMPLE_FLEET = fileURLToPath(new URL('../../examples/fleet.yaml', import.meta.url));

/**
 * The main job. Until the control-plane server exists it runs the worked example: the example
 * fleet's main Texas site through the August 2023 ERCOT scarcity week, every strategy side by side.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the main job (for now: the example backtest on real ERCOT prices)')
    .option('--data-dir <dir>', 'market data directory')
    .action(async (options: { dataDir?: string }) => {
      process.stdout.write(
        'Switchyard example: site tx-west-1 (ERCOT HB_WEST, battery), 2023-08-20 .. 2023-08-26, every strategy\n\n',
      );
      const result = await backtestFromOptions({
        fleet: EXAMPLE_FLEET,
        from: '2023-08-20',
        to: '2023-08-26',
        site: ['tx-west-1'],
        dataDir: options.dataDir,
        resolveEvery: '1',
        horizonHours: '24',
        intervalMinutes: '15',
        gpuCommittedShare: '0.5',
      });
      process.stdout.write(`${formatSummaryTable(summaryRows(result))}\n`);
      for (const note of result.sites.flatMap((s) => s.notes)) process.stdout.write(`  note: ${note}\n`);
    });
}
