/**
 * Dashboard figures for `npm run bench -- dashboard`: the first load of the operator dashboard on
 * localhost in Debian's chromium (navigation to the load event, and to the first meaningful content:
 * the fleet's headline figures and the map drawn), median of several cold loads, with the example
 * fleet (43 sites) after one allocation step; and the size of the built JavaScript, raw and gzipped.
 * Goals: first meaningful content < 1 s, JavaScript < 300 KB gzipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../src/adapters/clock/replay-clock.ts';
import { loadFleetFile } from '../src/adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../src/adapters/market-data/index.ts';
import { HighsSolver } from '../src/adapters/solver/highs-solver.ts';
import { openStorage } from '../src/adapters/storage/index.ts';
import { buildApp } from '../src/server/app.ts';
import { defaultServerConfig } from '../src/server/server-deps.ts';
import { launchChromium } from '../test/web/browser.ts';
import { buildWebIfStale, WEB_DIST } from '../web/scripts/build-if-stale.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Files of the build (all of a kind, or those named), raw and gzipped (level 9), bytes. */
function sizes(extension: string, only?: readonly string[]): { raw: number; gzip: number; files: number } {
  const assets = join(WEB_DIST, 'assets');
  const files = readdirSync(assets).filter(
    (name) => name.endsWith(extension) && (!only || only.includes(name)),
  );
  let raw = 0;
  let gzip = 0;
  for (const name of files) {
    const bytes = readFileSync(join(assets, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: files.length };
}

async function startServer(): Promise<{
  app: FastifyInstance;
  url: string;
  key: string;
  close(): Promise<void>;
}> {
  const clock = new ManualClock(Date.parse('2023-08-10T19:00:00Z'));
  const storage = await openStorage({ dataDir: 'memory://', now: () => clock.nowMs() });
  const app = await buildApp({
    storage,
    market: await ReplayMarketData.load(dataDirFromEnv()),
    solver: await HighsSolver.load(),
    clock,
    publisher: { publishSetpoint: async () => {} },
    config: defaultServerConfig,
  });
  await app.services.fleet.importFleet(loadFleetFile(join(root, 'examples/fleet.yaml')), 'bench');
  await app.services.loop.step(clock.nowMs());
  const { key } = await app.services.auth.create({ name: 'bench', role: 'admin' }, 'bench');
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url,
    key,
    async close() {
      await app.close();
      await storage.close();
    },
  };
}

export async function runDashboardBench(): Promise<void> {
  await buildWebIfStale({ quiet: true });
  const js = sizes('.js');
  // What the first page needs: the entry script index.html loads (other pages load on first visit).
  const entry = [
    ...readFileSync(join(WEB_DIST, 'index.html'), 'utf8').matchAll(/src="\/assets\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const first = sizes('.js', entry);
  const css = sizes('.css');
  const server = await startServer();
  const browser = await launchChromium();
  const loads: number[] = [];
  const contents: number[] = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      // A fresh context each time: empty cache, signed in through this tab's session storage.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(
        `sessionStorage.setItem('switchyard.apiKey', ${JSON.stringify(server.key)})`,
      );
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      const content = await page.waitForFunction(
        `document.querySelector('[data-testid=headline]') && document.querySelector('[data-testid=fleet-map] svg[data-ready=true]') ? performance.now() : 0`,
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const load = await page.evaluate<number>(`performance.getEntriesByType('navigation')[0].loadEventEnd`);
      if (run > 0) {
        // The first load warms the server's caches (fleet status, site markets); it is not counted.
        loads.push(load);
        contents.push((await content.jsonValue()) as number);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `dashboard first load on localhost (chromium, cold cache, example fleet of 43 sites): load event median ${median(loads).toFixed(0)} ms, first meaningful content (headline figures and map drawn) median ${median(contents).toFixed(0)} ms over ${RUNS} loads (goal < 1 s; machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(
    `dashboard bundle: JavaScript ${kb(js.raw)} raw, ${kb(js.gzip)} gzipped in ${js.files} file(s), of which the first page loads ${kb(first.raw)} raw, ${kb(first.gzip)} gzipped (goal < 300 KB gzipped); CSS ${kb(css.raw)} raw, ${kb(css.gzip)} gzipped; world map (countries-110m.json) fetched after first paint`,
  );
}
