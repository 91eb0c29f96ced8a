import type { MarketPoint, MarketPointDraft, MarketWindow } from '../../core/ports/market-history.ts';

/** Bytes a stored point takes before compression: three little-endian float64s. */
export const BYTES_PER_POINT = 24;

/** Packs points (sorted by interval start) as float64 triples (at, knownAt, value). */
export function encodePoints(points: readonly MarketPointDraft[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(points.length * BYTES_PER_POINT));
  points.forEach((point, i) => {
    view.setFloat64(i * BYTES_PER_POINT, point.atMs, true);
    view.setFloat64(i * BYTES_PER_POINT + 8, point.knownAtMs, true);
    view.setFloat64(i * BYTES_PER_POINT + 16, point.value, true);
  });
  return new Uint8Array(view.buffer);
}

export function decodePoints(bytes: Uint8Array): MarketPointDraft[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: MarketPointDraft[] = [];
  for (let offset = 0; offset + BYTES_PER_POINT <= bytes.byteLength; offset += BYTES_PER_POINT) {
    points.push({
      atMs: view.getFloat64(offset, true),
      knownAtMs: view.getFloat64(offset + 8, true),
      value: view.getFloat64(offset + 16, true),
    });
  }
  return points;
}

/** Points sorted by interval start (stable), refusing non-finite numbers. */
export function sortedPoints(points: readonly MarketPointDraft[]): MarketPointDraft[] {
  for (const point of points) {
    if (![point.atMs, point.knownAtMs, point.value].every(Number.isFinite)) {
      throw new RangeError(`market point at ${point.atMs} has a non-finite time or value`);
    }
  }
  return [...points].sort((a, b) => a.atMs - b.atMs);
}

/** The window's bounds with absent ones open. */
export function windowBounds(window: MarketWindow = {}): { fromMs: number; toMs: number; asOfMs: number } {
  return {
    fromMs: window.fromMs ?? -8.64e15,
    toMs: window.toMs ?? 8.64e15,
    asOfMs: window.asOfMs ?? 8.64e15,
  };
}

/**
 * The as-of view of batches given in storage order: per interval in the window, the version with the
 * latest known-at not after `asOfMs`; on a tie the batch stored last wins.
 */
export function resolveAsOf(
  batches: ReadonlyArray<{ readonly source: string; readonly points: readonly MarketPointDraft[] }>,
  window: MarketWindow = {},
): MarketPoint[] {
  const { fromMs, toMs, asOfMs } = windowBounds(window);
  const best = new Map<number, MarketPoint>();
  for (const batch of batches) {
    for (const point of batch.points) {
      if (point.atMs < fromMs || point.atMs >= toMs || point.knownAtMs > asOfMs) continue;
      const held = best.get(point.atMs);
      if (held === undefined || point.knownAtMs >= held.knownAtMs) {
        best.set(point.atMs, { ...point, source: batch.source });
      }
    }
  }
  return [...best.values()].sort((a, b) => a.atMs - b.atMs);
}

/** Earliest and latest known-at time of some points. */
export function knownRange(points: readonly MarketPointDraft[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const point of points) {
    min = Math.min(min, point.knownAtMs);
    max = Math.max(max, point.knownAtMs);
  }
  return { min, max };
}
