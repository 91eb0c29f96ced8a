import type { ActualSiteDay } from '../../core/actuals/actuals-month.ts';
import {
  EARNINGS_WATCH_KINDS,
  type EarningsFinding,
  earningsFindings,
} from '../../core/actuals/earnings-findings.ts';
import { addUtcDays, utcDateOf } from '../../core/pools/pool-credit.ts';
import type { Storage } from '../../core/ports/storage.ts';
import type { ActualsService } from './actuals-service.ts';

export interface EarningsWatchResult {
  readonly raised: readonly { siteId: string; kind: string; message: string }[];
  readonly resolved: number;
}

/**
 * The expected-vs-actual tick over the last `lookbackDays` closed UTC days: snapshot (each site's
 * actuals: pool credits against FPPS on its measured hashrate, telemetry and energy sources),
 * decide (`earningsFindings`, core/actuals: one alert per likely cause, gap alerts), write (raise
 * what was found, resolve the kinds no longer seen) in one phase.
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
    const bySite = new Map<string, ActualSiteDay[]>();
    const metered = new Set<string>();
    for (const month of new Set([fromDate.slice(0, 7), toDate.slice(0, 7)])) {
      const report = await this.actuals.month(month, nowMs);
      for (const site of report.sites) {
        const days = site.days.filter((d) => d.hashrate.date >= fromDate && d.hashrate.date <= toDate);
        bySite.set(site.siteId, [...(bySite.get(site.siteId) ?? []), ...days]);
        if (site.days.some((d) => d.energy.source === 'meter')) metered.add(site.siteId);
      }
    }
    // The books of a site start with its first day of telemetry: the days before it are not gaps.
    const findings: EarningsFinding[] = [...bySite].flatMap(([siteId, days]) => {
      const first = days.findIndex((d) => d.hashrate.averageThs !== null);
      return first < 0 ? [] : earningsFindings(siteId, days.slice(first), metered.has(siteId));
    });
    for (const f of findings)
      await this.storage.alerts.raise({
        atMs: nowMs,
        siteId: f.siteId,
        severity: f.severity,
        kind: f.kind,
        message: f.message,
      });
    let resolved = 0;
    for (const siteId of bySite.keys())
      for (const kind of EARNINGS_WATCH_KINDS)
        if (!findings.some((f) => f.siteId === siteId && f.kind === kind))
          resolved += await this.storage.alerts.resolve(kind, siteId, nowMs);
    return { raised: findings.map(({ siteId, kind, message }) => ({ siteId, kind, message })), resolved };
  }
}
