import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale } from '../../web/scripts/build-if-stale.ts';
import { usdFromCents, utc } from '../../web/src/format.ts';
import { collectConsoleErrors, DESKTOP, launchChromium } from './browser.ts';
import { type Json, type LiveSystem, startLiveSystem } from './live-system.ts';

/**
 * What a new user sees after a start: the fleet page of a real server driving the digital twin (two
 * small sites at 1/1000 scale, real agents, a replayed clock) shows every site online, no alert the
 * twin did not cause, the twin's scale, and the planned earnings of the last completed allocation
 * run, the same figure the API gives.
 */
const SITES = ['tx-north-2', 'ny-massena'];
let system: LiveSystem;
let browser: Browser;

beforeAll(async () => {
  await buildWebIfStale({ quiet: true });
  [system, browser] = await Promise.all([
    // A cool October night: power is cheap, both sites mine.
    startLiveSystem({ sites: SITES, replayFrom: '2023-10-15T07:00:00Z', speed: 30 }),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

describe('the fleet page after start', () => {
  it('shows every site online and the planned earnings of the last completed run', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    try {
      await page.goto(system.server.url);
      await page.getByLabel('API key').fill(system.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: /^Fleet/ }).waitFor();
      await page.locator('[data-testid=fleet-map] svg[data-ready=true]').waitFor();
      expect(await page.getByTestId('twin-badge').textContent()).toBe('twin at 1/1000 scale');

      const dots = page.locator('[data-testid=fleet-map] .site-dot');
      await expect
        .poll(async () => (await dots.evaluateAll((els) => els.map((e) => e.getAttribute('class')))).sort(), {
          timeout: 60_000,
        })
        .toEqual(SITES.map(() => 'site-dot site-online'));
      await expect
        .poll(() => page.getByTestId('stat-sites').textContent())
        .toMatch(/^Sites online2 \/ 20 curtailed · 0 with alerts/);

      const { body: status } = (await system.api('GET', '/api/v1/fleet/status')) as { body: Json };
      expect(status.twin).toEqual({ scale: 0.001, label: 'twin at 1/1000 scale' });
      expect(status.latestRun.status).toBe('completed');
      expect(status.totals.earningsCentsPerHour).toBeGreaterThan(0);
      const planned = status.sites.reduce((t: number, s: Json) => t + s.expectedCents, 0) / 24;
      expect(status.totals.earningsCentsPerHour).toBe(Math.round(planned));
      // The measured hashrate is the twin's, at full scale: close to what the setpoints run.
      expect(status.totals.measuredThs).toBeGreaterThan(0.5 * status.totals.operatingThs);
      expect(status.totals.measuredThs).toBeLessThan(1.5 * status.totals.operatingThs);

      // The page shows the run the API names (a newer run may complete meanwhile: poll until equal).
      await expect
        .poll(async () => {
          const { body } = (await system.api('GET', '/api/v1/fleet/status')) as { body: Json };
          const text = await page.getByTestId('stat-earnings').textContent();
          return (
            text?.includes(usdFromCents(body.totals.earningsCentsPerHour, true)) &&
            text.includes(`last completed run (of ${utc(body.latestRun.intervalStartMs)})`)
          );
        })
        .toBe(true);
      expect(await page.getByTestId('stat-earnings').textContent()).not.toContain('$0');
      const { body: alerts } = (await system.api('GET', '/api/v1/alerts?open=true')) as { body: Json };
      expect(alerts.alerts).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
