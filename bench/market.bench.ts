/**
 * Marketplace figures for `npm run bench -- market`: quote and lease latency (p50, p99) over real
 * HTTP with 1, 4 and 8 concurrent clients, on PGlite and on PostgreSQL. Goals on this machine: quotes p99 < 20 ms,
 * leases p99 < 50 ms. The load comes from the same process (one event loop shared with the server),
 * so the figures include the client's own cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ManualClock } from '../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, ReplayMarketData } from '../src/adapters/market-data/index.ts';
import { HighsSolver } from '../src/adapters/solver/highs-solver.ts';
import { openStorage } from '../src/adapters/storage/index.ts';
import { buildApp } from '../src/server/app.ts';
import { defaultServerConfig } from '../src/server/server-deps.ts';
import { createTestDatabase } from '../test/storage/postgres-test-database.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const fleetDocument = parse(readFileSync(join(root, 'examples/fleet.yaml'), 'utf8'));
const CONCURRENCY_LEVELS = [1, 4, 8];
const QUOTES = 1000;
/** Per level: three levels stay within the 1,024 H100s of the example fleet's ga-hub. */
const LEASES = 300;

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

/** Runs `count` requests `concurrency` at a time; returns each one's latency. */
async function load(
  count: number,
  request: (i: number) => Promise<Response>,
  concurrency: number,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        const response = await request(i);
        const text = await response.text();
        latencies.push(performance.now() - t0);
        if (!response.ok) throw new Error(`request ${i}: HTTP ${response.status} ${text}`);
      }
    }),
  );
  return latencies;
}

async function benchOn(
  label: string,
  databaseUrl: string | undefined,
  market: ReplayMarketData,
): Promise<void> {
  const storage = await openStorage(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' });
  const app = await buildApp({
    storage,
    market,
    solver: await HighsSolver.load(),
    clock: new ManualClock(Date.parse('2023-08-10T04:00:00Z')),
    publisher: { publishSetpoint: async () => undefined },
    config: defaultServerConfig,
  });
  try {
    const { key: admin } = await app.services.auth.create({ name: 'bench', role: 'admin' }, 'bench');
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const call = (
      key: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await call(admin, 'POST', '/api/v1/fleet/import', fleetDocument);
    const tenant = (await (
      await call(admin, 'POST', '/api/v1/market/tenants', {
        name: 'bench',
        spendingLimitCents: 1e12,
        maxGpus: 100_000,
      })
    ).json()) as { apiKey: string };
    const key = tenant.apiKey;
    const quoteBody = { siteId: 'ga-hub', groupId: 'h100-sxm', tier: 'on-demand', gpus: 1 };
    await load(50, () => call(key, 'POST', '/api/v1/market/quotes', quoteBody), 4); // warm-up
    let leaseCount = 0;
    for (const concurrency of CONCURRENCY_LEVELS) {
      const quoteIds: string[] = [];
      const quoteLatency = await load(
        QUOTES,
        () =>
          call(key, 'POST', '/api/v1/market/quotes', quoteBody).then(async (r) => {
            quoteIds.push(((await r.clone().json()) as { id: string }).id);
            return r;
          }),
        concurrency,
      );
      const leaseLatency = await load(
        LEASES,
        (i) =>
          call(
            key,
            'POST',
            '/api/v1/market/leases',
            { quoteId: quoteIds[i] },
            { 'idempotency-key': `bench-${leaseCount++}` },
          ),
        concurrency,
      );
      console.log(
        `market, ${label}, ${concurrency} concurrent client(s): quote ${percentiles(quoteLatency)} over ${QUOTES} (goal p99 < 20 ms); lease ${percentiles(leaseLatency)} over ${LEASES} (goal p99 < 50 ms)`,
      );
    }
  } finally {
    await app.close();
    await storage.close();
  }
}

export async function runMarketBench(): Promise<void> {
  const market = await ReplayMarketData.load(dataDirFromEnv());
  await benchOn('PGlite', undefined, market);
  const database = await createTestDatabase();
  try {
    await benchOn('PostgreSQL', database.url, market);
  } finally {
    await database.drop();
  }
}
