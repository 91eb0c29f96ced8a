import { roundHalfEvenDiv } from '../accounting/exact-units.ts';

/** A demand-response event the site actually performed, measured against a stated baseline. */
export interface PerformedDrEvent {
  readonly siteId: string;
  readonly eventId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** The programme's stated baseline load for the event, W (e.g. the average of the prior days). */
  readonly baselineW: number;
  /** Credit per MWh of load reduced below the baseline, micro-USD. */
  readonly creditMicroUsdPerMwh: bigint;
}

/** The measured reduction of one event and its credit, exact. */
export interface PerformedDrCredit {
  readonly siteId: string;
  readonly eventId: string;
  /** Measured energy drawn during the event, Wh (half-even); null when the meter was silent. */
  readonly measuredWh: bigint | null;
  readonly baselineWh: bigint;
  /** max(0, baseline - measured), Wh. */
  readonly reducedWh: bigint;
  /** reduced MWh x price, micro-USD (half-even); 0 when not measured. */
  readonly creditMicroUsd: bigint;
  /** Share of the event the meter saw (0..1); a credit is booked only when it covers the whole event. */
  readonly coverage: number;
}

/**
 * A DR credit from what the meter measured during the event, not from the plan: the meter's
 * power readings (epoch ms, W) inside the event are integrated (each held until the next, at most
 * 15 min), and the reduction against the stated baseline earns the credit. Coverage below 95 %
 * books nothing (the reduction cannot be shown) and says so.
 */
export function performedDrCredit(
  event: PerformedDrEvent,
  readings: readonly { readonly atMs: number; readonly activePowerW: number | null }[],
): PerformedDrCredit {
  const points = readings
    .filter((r) => r.activePowerW !== null && r.atMs >= event.fromMs && r.atMs < event.toMs)
    .sort((a, b) => a.atMs - b.atMs);
  const durationMs = event.toMs - event.fromMs;
  const baselineWh = BigInt(Math.round((event.baselineW * durationMs) / 3_600_000));
  let seenMs = 0;
  let wattMs = 0;
  for (let i = 0; i < points.length; i++) {
    const next = i + 1 < points.length ? points[i + 1]!.atMs : event.toMs;
    const held = Math.min(next - points[i]!.atMs, 900_000);
    seenMs += held;
    wattMs += points[i]!.activePowerW! * held;
  }
  // The head before the first reading counts at the first reading's power when it is short.
  if (points.length > 0) {
    const head = Math.min(points[0]!.atMs - event.fromMs, 900_000);
    seenMs += head;
    wattMs += points[0]!.activePowerW! * head;
  }
  const coverage = durationMs > 0 ? seenMs / durationMs : 0;
  if (coverage < 0.95)
    return {
      siteId: event.siteId,
      eventId: event.eventId,
      measuredWh: null,
      baselineWh,
      reducedWh: 0n,
      creditMicroUsd: 0n,
      coverage,
    };
  const measuredWh = BigInt(Math.round((wattMs * (durationMs / seenMs)) / 3_600_000));
  const reducedWh = baselineWh > measuredWh ? baselineWh - measuredWh : 0n;
  return {
    siteId: event.siteId,
    eventId: event.eventId,
    measuredWh,
    baselineWh,
    reducedWh,
    creditMicroUsd: roundHalfEvenDiv(reducedWh * event.creditMicroUsdPerMwh, 1_000_000n),
    coverage,
  };
}
