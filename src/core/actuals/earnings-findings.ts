import type { ActualSiteDay } from './actuals-month.ts';
import type { EarningsCause } from './earnings-check.ts';

/** Causes an earnings alert is raised for (a day without telemetry is a gap alert instead). */
export const EARNINGS_ALERT_CAUSES: readonly EarningsCause[] = [
  'credit-missing',
  'pool-hashrate-below-agent',
  'rejected-shares',
  'pool-side-loss',
  'no-network-data',
];
/** Gap alerts: a day with no stored telemetry; days whose energy fell back to the device sum although the site has a meter. */
export const GAP_ALERT_KINDS = ['actuals.no-telemetry', 'actuals.meter-gap'] as const;

/** Every alert kind the earnings tick owns (raised when found, resolved when not). */
export const EARNINGS_WATCH_KINDS: readonly string[] = [
  ...EARNINGS_ALERT_CAUSES.map((c) => `earnings.${c}`),
  ...GAP_ALERT_KINDS,
];

export interface EarningsFinding {
  readonly siteId: string;
  readonly kind: string;
  readonly severity: 'warning' | 'critical';
  readonly message: string;
}

/**
 * What a site's recent days say, as alerts: one per likely cause of earnings outside tolerance
 * (`earnings.<cause>`, naming the days), `actuals.no-telemetry` for days without stored telemetry,
 * `actuals.meter-gap` for a metered site's days on the device-sum fallback. Pure.
 */
export function earningsFindings(
  siteId: string,
  days: readonly ActualSiteDay[],
  metered: boolean,
): EarningsFinding[] {
  const findings: EarningsFinding[] = [];
  for (const cause of EARNINGS_ALERT_CAUSES) {
    const off = days.filter((d) => !d.check.withinTolerance && d.check.cause === cause);
    if (off.length === 0) continue;
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
  if (metered && fallback.length > 0)
    findings.push({
      siteId,
      kind: 'actuals.meter-gap',
      severity: 'warning',
      message: `${siteId}: the site meter did not cover ${fallback.join(', ')}: energy there is the labelled device-power fallback`,
    });
  return findings;
}
