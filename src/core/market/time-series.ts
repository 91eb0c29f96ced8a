/**
 * A regular time series of numbers keyed by interval start (UTC epoch milliseconds).
 * Values are stored per present interval; a missing interval is a gap and reads as `undefined`,
 * never as zero. Pure data: building one does no I/O.
 */
export interface SeriesGap {
  /** First missing interval start, epoch ms UTC. */
  readonly fromMs: number;
  /** Number of consecutive missing intervals. */
  readonly intervals: number;
}

export class TimeSeries {
  readonly id: string;
  /** Unit of every value, e.g. `USD/MWh`, `CAD/MWh`, `W/m2`, `m/s`. */
  readonly unit: string;
  readonly resolutionMs: number;
  /** Start of the first interval covered (present or gap), epoch ms UTC. */
  readonly startMs: number;
  /** End (exclusive) of the last interval covered. */
  readonly endMs: number;
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  readonly gaps: readonly SeriesGap[];

  private constructor(
    id: string,
    unit: string,
    resolutionMs: number,
    startMs: number,
    values: Float64Array,
    present: Uint8Array,
  ) {
    this.id = id;
    this.unit = unit;
    this.resolutionMs = resolutionMs;
    this.startMs = startMs;
    this.values = values;
    this.present = present;
    this.endMs = startMs + values.length * resolutionMs;
    this.gaps = findGaps(startMs, resolutionMs, present);
  }

  /**
   * Builds a series from points sorted by time. Points must sit on the resolution grid; missing
   * grid points become gaps. Throws a plain Error on unsorted or off-grid points (callers at the
   * edge turn that into a DataFileError with file and line).
   */
  static fromPoints(
    id: string,
    unit: string,
    resolutionMs: number,
    points: ReadonlyArray<{ startMs: number; value: number }>,
  ): TimeSeries {
    if (points.length === 0) {
      return new TimeSeries(id, unit, resolutionMs, 0, new Float64Array(0), new Uint8Array(0));
    }
    const startMs = points[0]!.startMs;
    const last = points[points.length - 1]!.startMs;
    const length = Math.round((last - startMs) / resolutionMs) + 1;
    const values = new Float64Array(length);
    const present = new Uint8Array(length);
    let previous = Number.NEGATIVE_INFINITY;
    for (const point of points) {
      if (point.startMs <= previous)
        throw new Error(`points not strictly increasing at ${iso(point.startMs)}`);
      const offset = point.startMs - startMs;
      if (offset % resolutionMs !== 0)
        throw new Error(`point ${iso(point.startMs)} is off the resolution grid`);
      const index = offset / resolutionMs;
      values[index] = point.value;
      present[index] = 1;
      previous = point.startMs;
    }
    return new TimeSeries(id, unit, resolutionMs, startMs, values, present);
  }

  /** Joins series of the same id and resolution (e.g. one file per year) end to end. */
  static concat(parts: readonly TimeSeries[]): TimeSeries {
    const sorted = [...parts].sort((a, b) => a.startMs - b.startMs);
    const first = sorted[0];
    if (!first) throw new Error('nothing to concatenate');
    const points: { startMs: number; value: number }[] = [];
    for (const part of sorted) {
      if (part.resolutionMs !== first.resolutionMs) throw new Error(`${part.id}: mixed resolutions`);
      for (let i = 0; i < part.values.length; i++) {
        if (part.present[i])
          points.push({ startMs: part.startMs + i * part.resolutionMs, value: part.values[i]! });
      }
    }
    return TimeSeries.fromPoints(first.id, first.unit, first.resolutionMs, points);
  }

  get length(): number {
    return this.values.length;
  }

  /** Value of the interval that contains `ms`, or undefined outside the series or in a gap. */
  at(ms: number): number | undefined {
    const index = Math.floor((ms - this.startMs) / this.resolutionMs);
    if (index < 0 || index >= this.values.length || !this.present[index]) return undefined;
    return this.values[index];
  }

  /** True when `ms` falls inside the covered span (a gap still counts as covered). */
  covers(ms: number): boolean {
    return ms >= this.startMs && ms < this.endMs;
  }

  /** A copy with every value mapped (e.g. a currency conversion). Gaps stay gaps. */
  map(id: string, unit: string, fn: (value: number) => number): TimeSeries {
    const values = this.values.map(fn);
    return new TimeSeries(id, unit, this.resolutionMs, this.startMs, values, this.present.slice());
  }

  /** Present points in time order. */
  *points(): Generator<{ startMs: number; value: number }> {
    for (let i = 0; i < this.values.length; i++) {
      if (this.present[i]) yield { startMs: this.startMs + i * this.resolutionMs, value: this.values[i]! };
    }
  }
}

function findGaps(startMs: number, resolutionMs: number, present: Uint8Array): SeriesGap[] {
  const gaps: SeriesGap[] = [];
  let i = 0;
  while (i < present.length) {
    if (present[i]) {
      i++;
      continue;
    }
    const from = i;
    while (i < present.length && !present[i]) i++;
    gaps.push({ fromMs: startMs + from * resolutionMs, intervals: i - from });
  }
  return gaps;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
