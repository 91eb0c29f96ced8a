import type { ActualSiteDay } from '../../core/actuals/actuals-month.ts';
import type { EarningsCause } from '../../core/actuals/earnings-check.ts';
import { addUtcDays, utcDateOf } from '../../core/pools/pool-credit.ts';
import type { Storage } from '../../core/ports/storage.ts';
import type { ActualsService } from './actuals-service.ts';

const CAUSES: readonly EarningsCause[] = [
  'credit-missing',
  'pool-hashrate-below-agent',
  'rejected-shares',
  'pool-side-loss',
  'no-telemetry',
  'no-network-data',
];
/** Gap alerts: a day with no stored telemetry; days whose energy fell back to the device sum although the site has a meter. */
export const GAP_ALERT_KINDS = ['actuals.no-telemetry', 'actuals.meter-gap'] as const;

export interface EarningsWatchResult {
  readonly raised: readonly { siteId: string; kind: string; message: string }[];
  readonly resolved: number;
}

/**
 * The expected-vs-actual tick: over the last `lookbackDays` closed UTC days, each site's pool
 * credits against FPPS on its measured hashrate; a site outside tolerance gets one open alert per
 * likely cause (`earnings.<cause>`: credit missing, pool-side hashrate below the agent's, rejected
 * shares, a pool-side loss), naming the days; a day without telemetry, or a metered site's day whose
 * energy came from the device sum, gets a gap alert. Kinds no longer seen are resolved. Snapshot
 * (the actuals), decide (core/actuals), write (alerts) in one phase.
 */
export class EarningsWatch {
  constructor(
    private readonly storage: Storage,
    private readonly actuals: ActualsService,
    private readonly lookbackDays = 7,
  ) {}

  async tick(nowMs: number): Promise<EarningsWatchResult> {
    const toDate = addUtcDays(utcDateOf(nowMs), -1);
    const fromDate = addUtcDays(toDate, -(this.lookbackDays - 1));
    const months = [...new Set([fromDate.slice(0, 7), toDate.slice(0, 7)])];
    const bySite = new Map<string, ActualSiteDay[]>();
    const metered = new Set<string>();
    for (const month of months) {
      const report = await this.actuals.month(month, nowMs);
      for (const site of report.sites) {
        const days = site.days.filter((d) => d.hashrate.date >= fromDate && d.hashrate.date <= toDate);
        bySite.set(site.siteId, [...(bySite.get(site.siteId) ?? []), ...days]);
        if (site.days.some((d) => d.energy.source === 'meter')) metered.add(site.siteId);
      }
    }
    const findings: { siteId: string; kind: string; severity: 'warning' | 'critical'; message: string }[] =
      [];
    for (const [siteId, days] of bySite) {
      for (const cause of CAUSES) {
        const off = days.filter((d) => !d.check.withinTolerance && d.check.cause === cause);
        if (off.length === 0 || cause === 'no-telemetry') continue;
        findings.push({
          siteId,
          kind: `earnings.${cause}`,
          severity: cause === 'credit-missing' || cause === 'no-network-data' ? 'warning' : 'critical',
          message: `${siteId}: earnings off on ${off.length} day(s), likely ${cause}: ${off
            .map((d) => `${d.check.date} ${d.check.explanation}`)
            .join('; ')}`,
        });
      }
      const silent = days.filter((d) => d.hashrate.averageThs === null).map((d) => d.hashrate.date);
      if (silent.length > 0)
        findings.push({
          siteId,
          kind: 'actuals.no-telemetry',
          severity: 'warning',
          message: `${siteId}: no stored telemetry on ${silent.join(', ')}: operating hashrate and expected earnings are a gap there`,
        });
      const fallback = days.filter((d) => d.energy.source === 'device-sum').map((d) => d.energy.date);
      if (metered.has(siteId) && fallback.length > 0)
        findings.push({
          siteId,
          kind: 'actuals.meter-gap',
          severity: 'warning',
          message: `${siteId}: the site meter did not cover ${fallback.join(', ')}: energy there is the labelled device-power fallback`,
        });
    }
    for (const f of findings)
      await this.storage.alerts.raise({
        atMs: nowMs,
        siteId: f.siteId,
        severity: f.severity,
        kind: f.kind,
        message: f.message,
      });
    let resolved = 0;
    const kinds = [...CAUSES.map((c) => `earnings.${c}`), ...GAP_ALERT_KINDS];
    for (const siteId of bySite.keys())
      for (const kind of kinds)
        if (!findings.some((f) => f.siteId === siteId && f.kind === kind))
          resolved += await this.storage.alerts.resolve(kind, siteId, nowMs);
    return { raised: findings.map(({ siteId, kind, message }) => ({ siteId, kind, message })), resolved };
  }
}
