import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { databaseUrlFromEnv, openStorage } from '../adapters/storage/index.ts';
import { importUtilityIntervals } from '../server/services/utility-import.ts';

interface ImportOptions {
  site: string;
  stateDir: string;
}

/** `switchyard energy import`: the operator's utility interval exports into the books' energy. */
export function registerEnergyCommands(program: Command): void {
  const energy = program.command('energy').description('metered energy: utility interval data');
  energy
    .command('import')
    .description(
      'import a utility 15-min interval export (CSV: interval_start with its UTC offset, kwh) for one site; checked whole first, a re-import changes nothing, audited',
    )
    .argument('<file>', 'the CSV export')
    .requiredOption('--site <id>', 'the site the meter belongs to')
    .option(
      '--state-dir <dir>',
      'where the PGlite database lives (DATABASE_URL wins)',
      process.env.SWITCHYARD_HOME ?? '.switchyard',
    )
    .action(async (file: string, options: ImportOptions) => {
      const csv = readFileSync(file, 'utf8');
      const databaseUrl = databaseUrlFromEnv();
      const storage = await openStorage(
        databaseUrl ? { databaseUrl } : { dataDir: `${options.stateDir}/pgdata` },
      );
      try {
        const result = await importUtilityIntervals(storage, {
          siteId: options.site,
          csv,
          file: basename(file),
          actor: `cli:${process.env.USER ?? 'operator'}`,
          nowMs: Date.now(),
        });
        process.stdout.write(
          `${result.siteId}: ${result.intervals} intervals (${result.added} new, ${result.changed} changed, ${result.unchanged} unchanged)\n`,
        );
      } finally {
        await storage.close();
      }
    });
}
