import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { powerIdOf } from '../adapters/market-history/index.ts';
import { databaseUrlFromEnv, openStorage } from '../adapters/storage/index.ts';
import type { ManualPrice, ManualPriceKind } from '../core/ports/manual-price-repository.ts';
import type { Storage } from '../core/ports/storage.ts';
import { ManualPriceService } from '../server/services/manual-price-service.ts';

interface StateOptions {
  stateDir: string;
}

interface AddOptions extends StateOptions {
  kind: ManualPriceKind;
  series?: string;
  site?: string;
  price: string;
  from?: string;
  until: string;
  note: string;
}

const KINDS: readonly ManualPriceKind[] = ['price', 'fixed-window', 'tariff-override'];

/** `switchyard market manual-price add|list|remove`: the energy desk's manual prices, on the server's storage, audited. */
export function registerManualPriceCommands(market: Command): void {
  const manual = market
    .command('manual-price')
    .description('manual prices: a price or fixed-price window on a series, or a tariff override on a site');
  const stateDir = (command: Command) =>
    command.option(
      '--state-dir <dir>',
      'where the PGlite database lives (DATABASE_URL wins)',
      process.env.SWITCHYARD_HOME ?? '.switchyard',
    );
  stateDir(
    manual
      .command('add')
      .description('enter a manual price, in force from --from (default now) until --until')
      .requiredOption('--kind <kind>', `one of ${KINDS.join(', ')}`)
      .option('--series <id>', 'power-price series (price, fixed-window), e.g. ercot_rt_hb_west')
      .option('--site <id>', 'site (tariff-override)')
      .requiredOption('--price <usdPerMwh>', 'exact decimal USD/MWh, e.g. 45.00')
      .option('--from <iso>', 'start, ISO 8601 (default now)')
      .requiredOption('--until <iso>', 'expiry, ISO 8601, e.g. 2024-06-12T14:00Z')
      .option('--note <text>', 'why', ''),
  ).action((options: AddOptions) =>
    withService(options, async (service) => {
      if (!KINDS.includes(options.kind)) throw new Error(`--kind: must be one of ${KINDS.join(', ')}`);
      const entry = await service.add(
        {
          kind: options.kind,
          ...(options.series === undefined ? {} : { seriesId: options.series }),
          ...(options.site === undefined ? {} : { siteId: options.site }),
          usdPerMwh: options.price,
          fromMs: options.from === undefined ? Date.now() : isoMs('--from', options.from),
          expiresAtMs: isoMs('--until', options.until),
          note: options.note,
        },
        cliActor(),
      );
      process.stdout.write(`${line(entry)}\n`);
    }),
  );
  stateDir(manual.command('list').description('the manual prices neither expired nor withdrawn')).action(
    (options: StateOptions) =>
      withService(options, async (service) => {
        const { entries } = await service.current();
        for (const entry of entries) process.stdout.write(`${line(entry)}\n`);
        if (entries.length === 0) process.stdout.write('no manual prices in force or pending\n');
      }),
  );
  stateDir(manual.command('remove').description('withdraw a manual price').argument('<id>')).action(
    (id: string, options: StateOptions) =>
      withService(options, async (service) => {
        await service.remove(id, cliActor());
        process.stdout.write(`withdrew ${id}\n`);
      }),
  );
}

async function withService(
  options: StateOptions,
  work: (service: ManualPriceService) => Promise<void>,
): Promise<void> {
  const databaseUrl = databaseUrlFromEnv();
  const storage = await openStorage(
    databaseUrl ? { databaseUrl } : { dataDir: `${options.stateDir}/pgdata` },
  );
  try {
    const seriesIds = await knownSeries(storage);
    await work(new ManualPriceService(storage, Date.now, { priceSeriesIds: () => seriesIds }));
  } finally {
    await storage.close();
  }
}

/** The stored power-price series; the data directory's when none is stored (a server replaying files). */
async function knownSeries(storage: Storage): Promise<string[]> {
  const stored = (await storage.marketHistory.series()).flatMap((s) => powerIdOf(s.key) ?? []);
  if (stored.length > 0) return stored;
  return [...(await ReplayMarketData.load(dataDirFromEnv())).priceSeriesIds()];
}

function cliActor(): string {
  return `cli:${userInfo().username}`;
}

function isoMs(flag: string, text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${flag}: not an ISO 8601 time: ${text}`);
  return ms;
}

function line(e: ManualPrice): string {
  const on = e.kind === 'tariff-override' ? `site ${e.siteId}` : e.seriesId;
  const span = `${new Date(e.fromMs).toISOString()} .. ${new Date(e.expiresAtMs).toISOString()}`;
  return `${e.id}\t${e.kind}\t${on}\t${e.usdPerMwh} USD/MWh\t${span}\t${e.enteredBy}\t${e.note}`;
}
