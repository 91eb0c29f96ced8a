import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from './server-process.ts';

/**
 * `switchyard start --live` as a new user runs it: the real CLI on the wall clock, fake feeds in
 * each provider's format serving the shipped history shifted onto today, no simulated fleet. The
 * feeds fill in the forecasters' weeks of history on their first answer, so the first interval
 * plans every site. Four sites cover every feed: ERCOT real-time and day-ahead, AESO, a fixed
 * contract, and behind-the-meter solar and wind on Open-Meteo.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const SITES = ['tx-west-1', 'ab-medicine-hat', 'ga-hub', 'py-villarrica'];
const dir = mkdtempSync(join(tmpdir(), 'switchyard-live-'));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('switchyard start --live (wall clock, fake feeds)', () => {
  it('fills in the feeds’ history and completes a plan for every site in the first interval', async () => {
    const fleet = parse(readFileSync(join(root, 'examples/fleet.yaml'), 'utf8'));
    fleet.sites = fleet.sites.filter((s: { id: string }) => SITES.includes(s.id));
    const fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(fleetFile, stringify(fleet));
    const port = await freePort();
    const startedMs = Date.now();
    child = spawn(
      process.execPath,
      [
        join(root, 'bin/switchyard.js'),
        'start',
        '--live',
        '--scale',
        '0',
        '--no-market-import',
        '--fleet',
        fleetFile,
        '--port',
        String(port),
        '--data-dir',
        join(dir, 'state'),
      ],
      {
        cwd: root,
        env: { ...process.env, MQTT_PORT: String(await freePort()), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const url = `http://127.0.0.1:${port}`;
    const get = async (path: string) => {
      const key = readFileSync(join(dir, 'state', 'admin-key.txt'), 'utf8').trim();
      const response = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
      // biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
      return response.json() as Promise<any>;
    };
    let run:
      | { status: string; sites: { siteId: string; error?: string; explanation: string[] }[] }
      | undefined;
    const deadline = Date.now() + 90_000;
    while (!run) {
      if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`no completed run within 90 s: ${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
      try {
        const { runs } = await get('/allocation/runs');
        const done = runs.find((r: { status: string }) => r.status === 'completed');
        if (done) run = await get(`/allocation/runs/${done.id}`);
      } catch {
        // not serving yet
      }
    }
    expect(run.status).toBe('completed');
    expect(run.sites.map((s) => s.siteId).sort()).toEqual([...SITES].sort());
    for (const site of run.sites) expect(site.error, `${site.siteId}: ${site.explanation}`).toBeUndefined();
    expect(output).toMatch(/market feed history filled in/);
    expect(output).toMatch(/shifted \d+ weeks forward/);
    const { feeds } = await get('/market/feeds');
    const ids = feeds.map((f: { feedId: string }) => f.feedId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ercot-rt-hb-west',
        'ercot-da-hb-west',
        'aeso',
        'btc-price',
        'esplora',
        'open-meteo-ga-hub',
      ]),
    );
    for (const feed of feeds) expect(feed.lastValue, feed.feedId).toBeDefined();
    // Within the first interval of the wall clock (15 min), and in practice seconds.
    expect(Date.now() - startedMs).toBeLessThan(15 * 60_000);
  });
});
