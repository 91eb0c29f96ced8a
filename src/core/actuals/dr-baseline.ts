import { performedDrCredit } from './performed-dr-credit.ts';

const DAY_MS = 86_400_000;

/** A power reading, epoch ms and W (null: not reported). */
export interface PowerReading {
  readonly atMs: number;
  readonly activePowerW: number | null;
}

/** The baseline an event's reduction is measured against, and how it was found. */
export interface DrBaseline {
  readonly baselineW: number;
  /** Prior days whose same window the baseline averages. */
  readonly days: readonly string[];
  readonly statement: string;
}

/**
 * The stated baseline of a demand-response event: the mean load over the same clock window on up
 * to `priorDays` days before it (the usual "N prior like days" rule), each day counted only when the
 * readings cover it (95 %), it ends before the event starts and it overlaps no other event (a
 * two-day event looks back from two days before). Undefined when no prior day qualifies:
 * the reduction cannot be shown and no credit is booked.
 */
export function drBaseline(
  window: { readonly fromMs: number; readonly toMs: number },
  readings: readonly PowerReading[],
  otherEvents: readonly { readonly fromMs: number; readonly toMs: number }[],
  priorDays = 5,
  source = 'meter',
): DrBaseline | undefined {
  const averages: number[] = [];
  const days: string[] = [];
  const durationMs = window.toMs - window.fromMs;
  for (let k = 1; k <= priorDays; k++) {
    const fromMs = window.fromMs - k * DAY_MS;
    const toMs = window.toMs - k * DAY_MS;
    // A prior window must end before the event starts and overlap no other event.
    if (toMs > window.fromMs || otherEvents.some((e) => e.fromMs < toMs && e.toMs > fromMs)) continue;
    const measured = performedDrCredit(
      { siteId: '', eventId: '', fromMs, toMs, baselineW: 0, creditMicroUsdPerMwh: 0n },
      readings,
    );
    if (measured.measuredWh === null) continue;
    averages.push((Number(measured.measuredWh) * 3_600_000) / durationMs);
    days.push(new Date(fromMs).toISOString().slice(0, 10));
  }
  if (averages.length === 0) return undefined;
  const baselineW = averages.reduce((a, b) => a + b, 0) / averages.length;
  return {
    baselineW,
    days,
    statement: `mean ${source} load over the same window on ${days.length} prior day(s) (${days.join(', ')}): ${Math.round(baselineW)} W`,
  };
}
