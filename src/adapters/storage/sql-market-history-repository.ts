import type {
  MarketBatch,
  MarketHistoryRepository,
  MarketPoint,
  MarketSeriesInfo,
  MarketWindow,
} from '../../core/ports/market-history.ts';
import {
  decodePoints,
  encodePoints,
  knownRange,
  resolveAsOf,
  sortedPoints,
  windowBounds,
} from './market-point-codec.ts';
import { checkSeriesSpec } from './market-series-conflict.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num, present } from './sql-values.ts';

interface SeriesRow {
  id: number;
  key: string;
  kind: string;
  unit: string;
  resolution_ms: number | string;
}

interface InfoRow extends SeriesRow {
  points: number | string;
  first_ms: number | string | null;
  last_ms: number | string | null;
  last_known_at_ms: number | string | null;
}

/** Market history in `market_series` / `market_batches` (migration 0020): batches are only inserted. */
export class SqlMarketHistoryRepository implements MarketHistoryRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async append(batch: MarketBatch): Promise<number> {
    const points = sortedPoints(batch.points);
    if (points.length === 0) return 0;
    const { series } = batch;
    return this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO market_series (key, kind, unit, resolution_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING`,
        [series.key, series.kind, series.unit, series.resolutionMs],
      );
      const [row] = await tx.query<SeriesRow>(
        'SELECT id, key, kind, unit, resolution_ms FROM market_series WHERE key = $1',
        [series.key],
      );
      checkSeriesSpec(toSpec(row!), series);
      const known = knownRange(points);
      await tx.query(
        `INSERT INTO market_batches
           (series_id, source, from_ms, to_ms, min_known_at_ms, max_known_at_ms, point_count, points)
         VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'base64'))`,
        [
          row!.id,
          batch.source,
          points[0]!.atMs,
          points[points.length - 1]!.atMs,
          known.min,
          known.max,
          points.length,
          Buffer.from(encodePoints(points)).toString('base64'),
        ],
      );
      return points.length;
    });
  }

  async series(): Promise<MarketSeriesInfo[]> {
    const rows = await this.#db.query<InfoRow>(
      `SELECT s.id, s.key, s.kind, s.unit, s.resolution_ms,
              COALESCE(SUM(b.point_count), 0) AS points, MIN(b.from_ms) AS first_ms,
              MAX(b.to_ms) AS last_ms, MAX(b.max_known_at_ms) AS last_known_at_ms
         FROM market_series s LEFT JOIN market_batches b ON b.series_id = s.id
        GROUP BY s.id, s.key, s.kind, s.unit, s.resolution_ms
        ORDER BY s.key`,
    );
    return rows.map((row) => ({
      ...toSpec(row),
      points: num(row.points),
      ...present('firstMs', row.first_ms === null ? null : num(row.first_ms)),
      ...present('lastMs', row.last_ms === null ? null : num(row.last_ms)),
      ...present('lastKnownAtMs', row.last_known_at_ms === null ? null : num(row.last_known_at_ms)),
    }));
  }

  async points(key: string, window: MarketWindow = {}): Promise<MarketPoint[]> {
    const { fromMs, toMs, asOfMs } = windowBounds(window);
    const rows = await this.#db.query<{ source: string; points: string }>(
      `SELECT b.source, encode(b.points, 'base64') AS points
         FROM market_batches b JOIN market_series s ON s.id = b.series_id
        WHERE s.key = $1 AND b.to_ms >= $2 AND b.from_ms < $3 AND b.min_known_at_ms <= $4
        ORDER BY b.id`,
      [key, fromMs, toMs, asOfMs],
    );
    const batches = rows.map((row) => ({
      source: row.source,
      points: decodePoints(new Uint8Array(Buffer.from(row.points.replace(/\s/g, ''), 'base64'))),
    }));
    return resolveAsOf(batches, window);
  }
}

function toSpec(row: SeriesRow) {
  return { key: row.key, kind: row.kind, unit: row.unit, resolutionMs: num(row.resolution_ms) };
}
