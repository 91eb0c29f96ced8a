import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { dataDirFromEnv, ReplayMarketData } from '../../src/adapters/market-data/index.ts';
import { HighsSolver } from '../../src/adapters/solver/highs-solver.ts';
import { openStorage } from '../../src/adapters/storage/index.ts';
import type { ComputeBackend } from '../../src/core/ports/compute-backend.ts';
import type { SetpointRecord, Storage } from '../../src/core/ports/storage.ts';
import { buildApp } from '../../src/server/app.ts';
import { defaultServerConfig } from '../../src/server/server-deps.ts';

export const exampleFleet = parse(
  readFileSync(fileURLToPath(new URL('../../examples/fleet.yaml', import.meta.url)), 'utf8'),
);

// biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
export type ApiBody = any;

export interface Harness {
  app: FastifyInstance;
  storage: Storage;
  clock: ManualClock;
  published: SetpointRecord[];
  adminKey: string;
  call(
    method: string,
    url: string,
    options?: { key?: string; body?: unknown },
  ): Promise<{ status: number; body: ApiBody }>;
  close(): Promise<void>;
}

let market: ReplayMarketData | undefined;

/** A real app on a real (PGlite, in-memory) database, with a manual clock and a recording publisher. */
export async function startHarness(
  options: {
    databaseUrl?: string;
    atMs?: number;
    compute?: (clock: ManualClock) => ComputeBackend;
    /** Reports then simulate in a worker thread loading this directory (the server's way). */
    marketDataDir?: string;
  } = {},
): Promise<Harness> {
  market ??= await ReplayMarketData.load(dataDirFromEnv());
  const storage = await openStorage(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: 'memory://' },
  );
  const clock = new ManualClock(options.atMs ?? Date.parse('2023-08-10T19:00:00Z'));
  const published: SetpointRecord[] = [];
  const app = await buildApp({
    storage,
    market,
    ...(options.marketDataDir ? { marketDataDir: options.marketDataDir } : {}),
    solver: await HighsSolver.load(),
    clock,
    publisher: { publishSetpoint: async (s) => void published.push(s) },
    config: defaultServerConfig,
    compute: options.compute?.(clock),
  });
  const { key: adminKey } = await app.services.auth.create({ name: 'test admin', role: 'admin' }, 'test');
  const call: Harness['call'] = async (method, url, opts = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: opts.key === '' ? {} : { authorization: `Bearer ${opts.key ?? adminKey}` },
      payload: opts.body as object | undefined,
    });
    return {
      status: response.statusCode,
      body: (response.body ? safeJson(response.body) : undefined) as ApiBody,
    };
  };
  return {
    app,
    storage,
    clock,
    published,
    adminKey,
    call,
    async close() {
      await app.close();
      await storage.close();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
