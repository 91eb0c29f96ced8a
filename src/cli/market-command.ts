import type { Command } from 'commander';
import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { importMarketData } from '../adapters/market-history/index.ts';
import { databaseUrlFromEnv, openStorage } from '../adapters/storage/index.ts';
import { registerManualPriceCommands } from './manual-price-command.ts';

interface StateOptions {
  stateDir: string;
}

function storageOptions(options: StateOptions) {
  const databaseUrl = databaseUrlFromEnv();
  return databaseUrl ? { databaseUrl } : { dataDir: `${options.stateDir}/pgdata` };
}

/** `switchyard market import|series`: the stored market history. */
export function registerMarketCommands(program: Command): void {
  const market = program.command('market').description('stored market history (prices, bitcoin, weather)');
  market
    .command('import')
    .description(
      'import a market-data directory (../shared/data layout) into stored history; stored series are skipped',
    )
    .argument('[dir]', 'data directory (default $SWITCHYARD_DATA_DIR or ../shared/data)')
    .option(
      '--state-dir <dir>',
      'where the PGlite database lives (DATABASE_URL wins)',
      process.env.SWITCHYARD_HOME ?? '.switchyard',
    )
    .action(async (dir: string | undefined, options: StateOptions) => {
      const dataDir = dataDirFromEnv(dir);
      const files = await ReplayMarketData.load(dataDir);
      const storage = await openStorage(storageOptions(options));
      try {
        const summary = await importMarketData(files, storage.marketHistory, `file:${dataDir}`);
        for (const [key, points] of Object.entries(summary.imported)) {
          process.stdout.write(`imported ${key}: ${points} points\n`);
        }
        if (summary.skipped.length > 0) {
          process.stdout.write(`skipped ${summary.skipped.length} series already stored\n`);
        }
      } finally {
        await storage.close();
      }
    });
  market
    .command('series')
    .description('list the stored series: points, first and last interval, last known-at time')
    .option(
      '--state-dir <dir>',
      'where the PGlite database lives (DATABASE_URL wins)',
      process.env.SWITCHYARD_HOME ?? '.switchyard',
    )
    .action(async (options: StateOptions) => {
      const storage = await openStorage(storageOptions(options));
      try {
        for (const s of await storage.marketHistory.series()) {
          const span =
            s.firstMs === undefined
              ? 'empty'
              : `${new Date(s.firstMs).toISOString()} .. ${new Date(s.lastMs!).toISOString()}`;
          process.stdout.write(`${s.key}\t${s.unit}\t${s.points} points\t${span}\n`);
        }
      } finally {
        await storage.close();
      }
    });
  registerManualPriceCommands(market);
}
