/**
 * Stored market history figures for `npm run bench -- market-history`: bytes per series-year of
 * 15-min prices on PGlite and PostgreSQL, imported (a month per batch) and as a feed writes them
 * (one poll, one batch). Goal: a year of 15-min prices for 50 series and the daily bitcoin data
 * stays small (tens of MB, not GB).
 */
import { dataDirFromEnv, ReplayMarketData } from '../src/adapters/market-data/index.ts';
import { importedKnownAtMs, powerSpec } from '../src/adapters/market-history/index.ts';
import { migrate, PGLITE_MEMORY, PgliteDatabase, PostgresDatabase } from '../src/adapters/storage/index.ts';
import type { SqlDatabase } from '../src/adapters/storage/sql-database.ts';
import { SqlMarketHistoryRepository } from '../src/adapters/storage/sql-market-history-repository.ts';
import type { MarketPointDraft } from '../src/core/ports/market-history.ts';
import { createTestDatabase } from '../test/storage/postgres-test-database.ts';

const SERIES = 'ercot_rt_hb_west';
/** Feed-style writes measured over this many polls, then scaled to a year. */
const FEED_POLLS = 2000;

async function tableBytes(db: SqlDatabase): Promise<number> {
  await db.exec('VACUUM ANALYZE market_batches');
  const [row] = await db.query<{ bytes: string | number }>(
    "SELECT pg_total_relation_size('market_batches') + pg_total_relation_size('market_series') AS bytes",
  );
  return Number(row!.bytes);
}

async function measure(label: string, db: SqlDatabase, points: MarketPointDraft[]): Promise<void> {
  await migrate(db);
  const repo = new SqlMarketHistoryRepository(db);
  const empty = await tableBytes(db);
  const spec = powerSpec(SERIES, 'USD', 900_000);
  const started = performance.now();
  for (let i = 0; i < points.length; i += 2976) {
    await repo.append({ series: spec, source: 'file:bench', points: points.slice(i, i + 2976) });
  }
  const importMs = performance.now() - started;
  const imported = (await tableBytes(db)) - empty;
  const feedSpec = powerSpec(`${SERIES}_feed`, 'USD', 900_000);
  const before = await tableBytes(db);
  for (const point of points.slice(0, FEED_POLLS)) {
    await repo.append({ series: feedSpec, source: 'feed:ercot-rt', points: [point] });
  }
  const perFeedPoint = ((await tableBytes(db)) - before) / FEED_POLLS;
  const year = 35_040;
  console.log(
    `market history, ${label}: a year of 15-min prices (${points.length} points) imported in ${(importMs / 1000).toFixed(1)} s = ${(imported / 1024).toFixed(0)} KiB per series-year (${(imported / points.length).toFixed(1)} B/point); ` +
      `50 series: ${((imported * 50) / 1024 / 1024).toFixed(1)} MiB. Polled one point per batch: ${perFeedPoint.toFixed(0)} B/point = ${((perFeedPoint * year) / 1024 / 1024).toFixed(1)} MiB per series-year`,
  );
}

export async function runMarketHistoryBench(): Promise<void> {
  const files = await ReplayMarketData.load(dataDirFromEnv());
  const series = files.priceSeries(SERIES);
  const from = Date.parse('2023-01-01T06:00:00Z');
  const points = [...series.points()]
    .filter((p) => p.startMs >= from && p.startMs < from + 365 * 86_400_000)
    .map((p) => ({
      atMs: p.startMs,
      knownAtMs: importedKnownAtMs(SERIES, p.startMs, 900_000),
      value: p.value,
    }));
  const pglite = await PgliteDatabase.open(PGLITE_MEMORY);
  try {
    await measure('PGlite', pglite, points);
  } finally {
    await pglite.close();
  }
  const database = await createTestDatabase();
  const postgres = new PostgresDatabase(database.url);
  try {
    await measure('PostgreSQL', postgres, points);
  } finally {
    await postgres.close();
    await database.drop();
  }
}
