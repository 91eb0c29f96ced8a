import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale } from '../../web/scripts/build-if-stale.ts';
import { usdFromCents, utc } from '../../web/src/format.ts';
import { capture, collectConsoleErrors, DESKTOP, launchChromium } from './browser.ts';
import { type Json, type LiveSystem, startLiveSystem, waitFor } from './live-system.ts';

/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against a real
 * server with real site agents and emulated miners on a replayed clock (30x). An operator signs in,
 * sees what a new user sees after a start (every site online, the twin's scale, the planned earnings
 * of the last completed run), reads the fleet, curtails a site and sees its agent ack, releases it;
 * a tenant leases GPUs.
 * Screenshots of every page at 1280x800 and 390x844 go to test-artifacts/screenshots/.
 */
const CURTAILED = 'tx-north-2';
const GPU_SITE = 'ga-hub';
let system: LiveSystem;
let browser: Browser;

beforeAll(async () => {
  await buildWebIfStale({ quiet: true });
  [system, browser] = await Promise.all([
    startLiveSystem({
      sites: [CURTAILED, GPU_SITE],
      // 2 a.m. in Texas on an October night: cheap power, so the allocator mines when allowed.
      replayFrom: '2023-10-15T07:00:00Z',
      speed: 30,
    }),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

async function openPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  return { context, page, errors };
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(system.server.url);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the operator dashboard', () => {
  it('after start: every site online, the twin named, the planned earnings of the last completed run', async () => {
    const { context, page, errors } = await openPage();
    try {
      await signIn(page, system.adminKey);
      await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
      await page.locator('[data-testid=fleet-map] svg[data-ready=true]').waitFor();
      expect(await page.getByTestId('twin-badge').textContent()).toBe('twin at 1/1000 scale');

      // On a loaded machine a wake ramp can outlast an ack's deadline: the alert it raises clears at
      // the next ack, so the page is given until then.
      const dots = page.locator('[data-testid=fleet-map] .site-dot');
      await expect
        .poll(async () => (await dots.evaluateAll((els) => els.map((e) => e.getAttribute('class')))).sort(), {
          timeout: 150_000,
        })
        .toEqual([CURTAILED, GPU_SITE].map(() => 'site-dot site-online'));
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
  }, 240_000);

  it('shows the fleet, curtails a site until its agent acks, and releases it', async () => {
    const { context, page, errors } = await openPage();
    const overflow: Record<string, { desktop: number; phone: number }> = {};
    try {
      await page.goto(system.server.url);
      await expect.poll(() => page.getByRole('heading', { name: 'Switchyard' }).isVisible()).toBe(true);
      overflow.login = await capture(page, 'login');
      await signIn(page, system.adminKey);

      // Fleet overview: the map of sites coloured by state and the headline figures.
      await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
      await page.locator('[data-testid=fleet-map] svg[data-ready=true]').waitFor();
      expect(await page.locator('[data-testid=fleet-map] a[data-site-id]').count()).toBe(2);
      expect(await page.locator('[data-testid=fleet-map] .site-dot').first().getAttribute('class')).toMatch(
        /site-(online|alert|curtailed|offline)/,
      );
      await expect
        .poll(() => page.getByTestId('stat-hashrate').textContent())
        .toMatch(/(TH|PH|EH)\/s \/ [\d.]+ (PH|EH)\/s/);
      expect(await page.getByTestId('stat-power').textContent()).toMatch(/Mining[\s\S]*AI[\s\S]*Export/);
      expect(await page.getByTestId('stat-btc').textContent()).toMatch(/BTC/);
      expect(await page.getByTestId('stat-gpu').textContent()).toMatch(/GPU/);
      expect(await page.getByTestId('stat-earnings').textContent()).toMatch(/\$[\d,]+/);
      expect(await page.getByTestId('stat-sites').textContent()).toMatch(/\d \/ 2/);
      overflow.overview = await capture(page, 'overview');

      // A site page, opened from the map.
      await page.locator(`[data-testid=fleet-map] a[data-site-id=${CURTAILED}]`).click();
      await page.getByRole('heading', { name: /Corsicana/ }).waitFor();
      await page.getByTestId('chart-power').waitFor();
      await page.getByTestId('chart-hashrate').waitFor();
      await page.getByTestId('explanation').waitFor();
      expect(await page.getByTestId('explanation').locator('li').count()).toBeGreaterThan(0);
      expect(page.url()).toBe(`${system.server.url}/sites/${CURTAILED}`);
      overflow.site = await capture(page, 'site');

      // Curtail it: confirm, then the progress follows the setpoint until the site's agent acks it.
      await page.getByRole('button', { name: `Curtail ${CURTAILED} now` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Curtail now' }).click();
      const progress = page.getByTestId('ack-progress');
      await progress.locator(`li[data-site-id=${CURTAILED}][data-phase=acked]`).waitFor({ timeout: 60_000 });
      expect(await progress.getByTestId('ack-summary').getAttribute('data-done')).toBe('true');
      const curtailed = (await system.api('GET', `/api/v1/sites/${CURTAILED}/setpoints`)).body.setpoints.at(
        -1,
      );
      expect(curtailed.curtailed).toBe(true);
      expect(curtailed.ackedAtMs).toBeDefined();
      // ... and it reached the machines: every emulated miner of the site sleeps.
      await waitFor(() => system.minersOf(CURTAILED).every((m) => m?.snapshot().phase === 'sleeping'), 60);
      await page
        .getByRole('heading', { name: /Corsicana/ })
        .getByText('curtailed')
        .waitFor({ timeout: 15_000 });
      overflow.curtailed = await capture(page, 'site-curtailed');

      // Release it: confirm, then the progress follows the uncurtailed setpoint to its ack.
      await page.getByRole('button', { name: /Release curtailment/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Release' }).click();
      await page
        .getByTestId('ack-progress')
        .filter({ hasText: `Releasing ${CURTAILED}` })
        .locator(`li[data-site-id=${CURTAILED}][data-phase=acked]`)
        .waitFor({ timeout: 60_000 });
      const released = (await system.api('GET', `/api/v1/sites/${CURTAILED}/setpoints`)).body.setpoints.at(
        -1,
      );
      expect(released.curtailed).toBe(false);
      expect((await system.api('GET', '/api/v1/curtailments')).body.curtailments).toHaveLength(0);

      // The allocator page: the plan ahead, the strategy comparison, the decisions.
      await page.getByRole('link', { name: 'Allocator' }).click();
      await page.getByTestId('chart-plan').waitFor({ timeout: 30_000 });
      await page.getByTestId('strategy-table').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('strategy-table').locator('tbody tr').count()).toBe(4);
      await page.getByTestId('current-decisions').waitFor();
      expect(await page.getByTestId('decision-log').locator('li').count()).toBeGreaterThan(0);
      overflow.allocator = await capture(page, 'allocator');

      // Actions: enter a grid event (shed 1 MW at the site for an hour) and see the site ack it.
      await page.getByRole('link', { name: 'Actions' }).click();
      await page.getByRole('heading', { name: 'Demand-response (grid) event' }).waitFor();
      await page.locator('#grid-value').selectOption(CURTAILED);
      await page.getByLabel('MW to shed per site').fill('1');
      await page.getByRole('button', { name: 'Enter the event…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Enter event' }).click();
      await page
        .getByTestId('ack-progress')
        .locator(`li[data-site-id=${CURTAILED}][data-phase=acked]`)
        .waitFor({ timeout: 60_000 });
      const events = (await system.api('GET', '/api/v1/grid-events')).body.events;
      expect(events).toHaveLength(1);
      expect(events[0].shedMw).toBe(1);
      overflow.actions = await capture(page, 'actions');

      for (const [link, heading, name] of [
        ['Alerts', 'Alerts', 'alerts'],
        ['Leases', 'Leases', 'leases'],
        ['Report', 'Monthly report', 'report'],
      ] as const) {
        await page.getByRole('navigation').getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.waitForTimeout(500);
        overflow[name] = await capture(page, name);
      }

      for (const [name, sizes] of Object.entries(overflow)) {
        expect({ name, ...sizes }).toEqual({ name, desktop: 0, phone: 0 });
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('keeps the key in this tab only, and signs out', async () => {
    const { context, page, errors } = await openPage();
    try {
      await signIn(page, system.adminKey);
      await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
      expect(await page.evaluate("sessionStorage.getItem('switchyard.apiKey')")).toBe(system.adminKey);
      expect(await page.evaluate('localStorage.length')).toBe(0);
      await page.reload();
      await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      expect(await page.evaluate("sessionStorage.getItem('switchyard.apiKey')")).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('the tenant portal', () => {
  it('lists offers, quotes with components, leases GPUs, stops the lease and shows the invoice', async () => {
    // Needs the marketplace routes (/api/v1/market/...).
    const created = await system.api('POST', '/api/v1/market/tenants', {
      name: 'Acme AI',
      spendingLimitCents: 5_000_000,
      maxGpus: 64,
    });
    expect(created.status).toBe(201);
    const tenantKey: string =
      typeof created.body.apiKey === 'string' ? created.body.apiKey : (created.body.apiKey as Json).key;

    const { context, page, errors } = await openPage();
    try {
      await signIn(page, tenantKey);
      await page.getByRole('heading', { name: 'GPU offers' }).waitFor();
      const offer = page.locator(`[data-testid=offers] li[data-offer^="${GPU_SITE}/"]`).first();
      await offer.waitFor({ timeout: 30_000 });
      expect(await offer.textContent()).toMatch(/on-demand[\s\S]*\$[\d.]+\/GPU-h/);
      await capture(page, 'tenant-offers');

      // A quote, with the components of its rate.
      await offer.getByRole('button', { name: 'Choose' }).click();
      await page.getByLabel(/^GPUs/).fill('1');
      await page.getByRole('button', { name: 'Get a quote' }).click();
      await page.getByTestId('quote').waitFor({ timeout: 30_000 });
      const components = page.getByTestId('quote-components').locator('tbody tr');
      expect(await components.count()).toBeGreaterThan(0);
      expect(await page.getByTestId('quote-rate').textContent()).toMatch(/\$[\d.]+\/GPU-h/);
      await capture(page, 'tenant-quote');

      // Lease it; the lease page follows it to running.
      await page.getByRole('button', { name: /^Lease 1 GPU/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Create lease' }).click();
      await page.waitForURL(/\/portal\/leases\/[^/]+$/, { timeout: 30_000 });
      const leaseId = page.url().split('/').at(-1)!;
      await page.locator('[data-testid=lease-state][data-state=running]').waitFor({ timeout: 90_000 });
      await capture(page, 'tenant-lease');

      // Stop it.
      await page.getByRole('button', { name: 'Stop this lease' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Stop lease' }).click();
      await page
        .locator('[data-testid=lease-state]:is([data-state=completed],[data-state=cancelled])')
        .waitFor({ timeout: 60_000 });

      // My leases, and the month's invoice with the lease's line.
      await page.getByRole('navigation').getByRole('link', { name: 'My leases' }).click();
      await page.locator(`[data-testid=lease-table] tr[data-lease-id="${leaseId}"]`).waitFor();
      await capture(page, 'tenant-leases');
      await page.getByRole('navigation').getByRole('link', { name: 'Invoices' }).click();
      await page
        .locator(`[data-testid=invoice-lines] tr[data-lease-id="${leaseId}"]`)
        .waitFor({ timeout: 30_000 });
      await capture(page, 'tenant-invoices');
      // SSH keys for interactive leases: a key is added and listed with its fingerprint.
      await page.getByRole('navigation').getByRole('link', { name: 'SSH keys' }).click();
      await page
        .getByLabel(/Add a public key/)
        .fill(
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhm7FGkSoE4AK6uAjE/TGMQlFD5vnXLBjHSfaZKIn/M tenant@laptop',
        );
      await page.getByRole('button', { name: 'Add key' }).click();
      await page
        .locator('[data-testid=ssh-keys]')
        .getByText('SHA256:AuL2KWxVDHCEn6CNebRFyaZiRjzHp/IIaP+WxPsT8Rw')
        .waitFor();
      await capture(page, 'tenant-ssh-keys');

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
