import type {
  DeviceKind,
  DeviceReading,
  DeviceState,
  SiteMinute,
  TelemetryBatch,
  TelemetryRepository,
} from '../../core/ports/storage.ts';
import { type HourSums, hourAsSiteMinute } from './hour-sums.ts';
import type { SqlDatabase } from './sql-database.ts';
import { num, numOrNull } from './sql-values.ts';
import { HOUR_MS, minuteStart } from './telemetry-time.ts';

interface ReadingRow {
  device_id: string;
  kind: DeviceKind;
  at_ms: number;
  state: DeviceState;
  hashrate_ths: number | null;
  power_w: number | null;
  max_temp_c: number | null;
  utilisation: number | null;
}

interface MinuteRow {
  minute_ms: number;
  hashrate_ths: number;
  mining_power_w: number;
  ai_power_w: number;
  max_temp_c: number | null;
  devices_up: number;
  devices_down: number;
  readings: number;
}

interface HourRow {
  hour_ms: number;
  minutes: number;
  hashrate_ths_sum: number;
  mining_power_w_sum: number;
  ai_power_w_sum: number;
  max_temp_c: number | null;
  devices_up_sum: number;
  devices_down_sum: number;
  readings: number;
}

const READING_COLUMNS = 'device_id, kind, at_ms, state, hashrate_ths, power_w, max_temp_c, utilisation';

/**
 * The batch's readings as rows, from one array parameter per column ($2-$11, passed as arrays
 * and unnested side by side); `i` keeps batch order.
 */
const BATCH_ROWS = `unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::text[],
  $8::float8[], $9::float8[], $10::float8[], $11::float8[])
  AS r(i, minute_ms, device_id, kind, at_ms, state, hashrate_ths, power_w, max_temp_c, utilisation)`;

/** First key of the per-site advisory lock that serialises ingests (the second is a hash of the site id). */
const TELEMETRY_LOCK_SPACE = 7_305_302;

const UP = `('hashing', 'busy', 'idle')`;

/**
 * Telemetry in PostgreSQL: a batch is one transaction of three set-based statements whatever its
 * size (batch id; the touched minutes' aggregates, updated incrementally; newest state per device);
 * the readings travel as one array per column and are expanded with `unnest`. No raw reading is
 * stored: 250,000 miners a minute would be 360 million rows a day.
 * A minute's aggregate takes each device's last reading in the minute: hashrate summed, power
 * summed separately for miners (mining) and GPUs (AI), devices counted up (hashing, busy, idle)
 * or down; `maxTempC` is the hottest reading and `readings` counts all of them.
 */
export class SqlTelemetryRepository implements TelemetryRepository {
  readonly #db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  ingest(batch: TelemetryBatch): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      // Batches of one site are stored one at a time: a minute recomputed by two concurrent
      // batches would otherwise miss the other's (not yet committed) readings.
      await tx.query(`SELECT pg_advisory_xact_lock(${TELEMETRY_LOCK_SPACE}, hashtext($1))`, [batch.siteId]);
      const stored = await tx.query(
        `INSERT INTO telemetry_batches (batch_id, site_id, sent_at_ms, readings) VALUES ($1, $2, $3, $4)
         ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
        [batch.batchId, batch.siteId, batch.sentAtMs, batch.readings.length],
      );
      if (stored.length === 0) return false;
      if (batch.readings.length === 0) return true;

      const n = batch.readings.length;
      const columns = {
        i: new Array<number>(n),
        minuteMs: new Array<number>(n),
        deviceId: new Array<string>(n),
        kind: new Array<string>(n),
        atMs: new Array<number>(n),
        state: new Array<string>(n),
        hashrateThs: new Array<number | null>(n),
        powerW: new Array<number | null>(n),
        maxTempC: new Array<number | null>(n),
        utilisation: new Array<number | null>(n),
      };
      batch.readings.forEach((reading, i) => {
        const minuteMs = minuteStart(reading.atMs);
        columns.i[i] = i;
        columns.minuteMs[i] = minuteMs;
        columns.deviceId[i] = reading.deviceId;
        columns.kind[i] = reading.kind;
        columns.atMs[i] = reading.atMs;
        columns.state[i] = reading.state;
        columns.hashrateThs[i] = reading.hashrateThs;
        columns.powerW[i] = reading.powerW;
        columns.maxTempC[i] = reading.maxTempC;
        columns.utilisation[i] = reading.utilisation;
      });
      const params = [
        batch.siteId,
        columns.i,
        columns.minuteMs,
        columns.deviceId,
        columns.kind,
        columns.atMs,
        columns.state,
        columns.hashrateThs,
        columns.powerW,
        columns.maxTempC,
        columns.utilisation,
      ];
      // The minutes first, against the devices' newest stored readings (see minute-contribution.ts):
      // a device counts once per minute with its last reading in it, and no raw reading is kept.
      // Within the batch, each device's readings are chained in time order (`prev_*`), so a later
      // reading of the same minute replaces an earlier one.
      await tx.query(
        `WITH r AS MATERIALIZED (SELECT * FROM ${BATCH_ROWS}),
         chained AS (
           SELECT r.*,
                  lag(r.at_ms) OVER w AS prev_at_ms, lag(r.kind) OVER w AS prev_kind, lag(r.state) OVER w AS prev_state,
                  lag(r.hashrate_ths) OVER w AS prev_hashrate_ths, lag(r.power_w) OVER w AS prev_power_w
           FROM r WINDOW w AS (PARTITION BY r.device_id ORDER BY r.at_ms, r.i)
         ),
         against AS (
           SELECT c.minute_ms, c.kind, c.state, c.hashrate_ths, c.power_w, c.max_temp_c,
                  COALESCE(c.prev_at_ms, d.at_ms) AS s_at_ms,
                  CASE WHEN c.prev_at_ms IS NOT NULL THEN c.prev_kind ELSE d.kind END AS s_kind,
                  CASE WHEN c.prev_at_ms IS NOT NULL THEN c.prev_state ELSE d.state END AS s_state,
                  CASE WHEN c.prev_at_ms IS NOT NULL THEN c.prev_hashrate_ths ELSE d.hashrate_ths END AS s_hashrate_ths,
                  CASE WHEN c.prev_at_ms IS NOT NULL THEN c.prev_power_w ELSE d.power_w END AS s_power_w,
                  c.at_ms
           FROM chained c
           LEFT JOIN device_latest d ON d.site_id = $1 AND d.device_id = c.device_id
         ),
         moded AS (
           SELECT *,
                  CASE WHEN s_at_ms IS NULL OR s_at_ms - ((s_at_ms % 60000) + 60000) % 60000 <> minute_ms THEN 'add'
                       WHEN at_ms > s_at_ms THEN 'replace' ELSE 'ignore' END AS mode
           FROM against
         ),
         deltas AS (
           SELECT minute_ms,
                  SUM(CASE WHEN mode = 'ignore' THEN 0 ELSE COALESCE(hashrate_ths, 0) END
                      - CASE WHEN mode = 'replace' THEN COALESCE(s_hashrate_ths, 0) ELSE 0 END) AS hashrate_ths,
                  SUM(CASE WHEN mode <> 'ignore' AND kind = 'miner' THEN COALESCE(power_w, 0) ELSE 0 END
                      - CASE WHEN mode = 'replace' AND s_kind = 'miner' THEN COALESCE(s_power_w, 0) ELSE 0 END) AS mining_power_w,
                  SUM(CASE WHEN mode <> 'ignore' AND kind = 'gpu' THEN COALESCE(power_w, 0) ELSE 0 END
                      - CASE WHEN mode = 'replace' AND s_kind = 'gpu' THEN COALESCE(s_power_w, 0) ELSE 0 END) AS ai_power_w,
                  MAX(max_temp_c) AS max_temp_c,
                  SUM(CASE WHEN mode <> 'ignore' AND state IN ${UP} THEN 1 ELSE 0 END
                      - CASE WHEN mode = 'replace' AND s_state IN ${UP} THEN 1 ELSE 0 END) AS devices_up,
                  SUM(CASE WHEN mode <> 'ignore' AND state NOT IN ${UP} THEN 1 ELSE 0 END
                      - CASE WHEN mode = 'replace' AND s_state NOT IN ${UP} THEN 1 ELSE 0 END) AS devices_down,
                  COUNT(*) AS readings
           FROM moded GROUP BY minute_ms
         )
         INSERT INTO site_minutes (site_id, minute_ms, hashrate_ths, mining_power_w, ai_power_w, max_temp_c,
                                   devices_up, devices_down, readings)
         SELECT $1, minute_ms, hashrate_ths, mining_power_w, ai_power_w, max_temp_c, devices_up, devices_down, readings
         FROM deltas
         ON CONFLICT (site_id, minute_ms) DO UPDATE SET
           hashrate_ths = site_minutes.hashrate_ths + EXCLUDED.hashrate_ths,
           mining_power_w = site_minutes.mining_power_w + EXCLUDED.mining_power_w,
           ai_power_w = site_minutes.ai_power_w + EXCLUDED.ai_power_w,
           max_temp_c = GREATEST(site_minutes.max_temp_c, EXCLUDED.max_temp_c),
           devices_up = site_minutes.devices_up + EXCLUDED.devices_up,
           devices_down = site_minutes.devices_down + EXCLUDED.devices_down,
           readings = site_minutes.readings + EXCLUDED.readings`,
        params,
      );
      // Then the newest state per device (replaced only by a newer reading).
      await tx.query(
        `INSERT INTO device_latest (site_id, ${READING_COLUMNS})
         SELECT DISTINCT ON (device_id) $1, ${READING_COLUMNS} FROM ${BATCH_ROWS}
         ORDER BY device_id, at_ms DESC, i
         ON CONFLICT (site_id, device_id) DO UPDATE SET
           kind = EXCLUDED.kind, at_ms = EXCLUDED.at_ms, state = EXCLUDED.state,
           hashrate_ths = EXCLUDED.hashrate_ths, power_w = EXCLUDED.power_w,
           max_temp_c = EXCLUDED.max_temp_c, utilisation = EXCLUDED.utilisation
         WHERE device_latest.at_ms < EXCLUDED.at_ms`,
        params,
      );
      return true;
    });
  }

  async latest(siteId: string): Promise<DeviceReading[]> {
    const rows = await this.#db.query<ReadingRow>(
      `SELECT ${READING_COLUMNS} FROM device_latest WHERE site_id = $1 ORDER BY device_id`,
      [siteId],
    );
    return rows.map(toReading);
  }

  async minutes(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    const rows = await this.#db.query<MinuteRow>(
      `SELECT minute_ms, hashrate_ths, mining_power_w, ai_power_w, max_temp_c, devices_up, devices_down, readings
       FROM site_minutes WHERE site_id = $1 AND minute_ms >= $2 AND minute_ms < $3 ORDER BY minute_ms`,
      [siteId, fromMs, toMs],
    );
    return rows.map((row) => ({
      siteId,
      minuteMs: num(row.minute_ms),
      hashrateThs: num(row.hashrate_ths),
      miningPowerW: num(row.mining_power_w),
      aiPowerW: num(row.ai_power_w),
      maxTempC: numOrNull(row.max_temp_c),
      devicesUp: num(row.devices_up),
      devicesDown: num(row.devices_down),
      readings: num(row.readings),
    }));
  }

  async hours(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]> {
    const rows = await this.#db.query<HourRow>(
      `SELECT hour_ms, minutes, hashrate_ths_sum, mining_power_w_sum, ai_power_w_sum, max_temp_c,
              devices_up_sum, devices_down_sum, readings
       FROM site_hours WHERE site_id = $1 AND hour_ms >= $2 AND hour_ms < $3 ORDER BY hour_ms`,
      [siteId, fromMs, toMs],
    );
    return rows.map((row) => hourAsSiteMinute(siteId, num(row.hour_ms), toHourSums(row)));
  }

  compact(
    nowMs: number,
    minuteRetentionMs: number,
    hourRetentionMs: number,
  ): Promise<{ minutesCompacted: number; hoursDeleted: number }> {
    const minuteCutoff = nowMs - minuteRetentionMs;
    const hourCutoff = nowMs - hourRetentionMs;
    return this.#db.transaction(async (tx) => {
      const [deleted] = await tx.query<{ n: number }>(
        'WITH gone AS (DELETE FROM site_hours WHERE hour_ms < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
        [hourCutoff],
      );
      const [compacted] = await tx.query<{ n: number }>(
        `WITH moved AS (DELETE FROM site_minutes WHERE minute_ms < $1 RETURNING *),
         hours AS (
           INSERT INTO site_hours (site_id, hour_ms, minutes, hashrate_ths_sum, mining_power_w_sum, ai_power_w_sum,
                                   max_temp_c, devices_up_sum, devices_down_sum, readings)
           SELECT site_id, hour_ms, count(*), sum(hashrate_ths), sum(mining_power_w), sum(ai_power_w),
                  max(max_temp_c), sum(devices_up), sum(devices_down), sum(readings)
           FROM (
             SELECT moved.*, minute_ms - ((minute_ms % ${HOUR_MS}) + ${HOUR_MS}) % ${HOUR_MS} AS hour_ms FROM moved
           ) minutes_by_hour
           WHERE hour_ms >= $2
           GROUP BY site_id, hour_ms
           ON CONFLICT (site_id, hour_ms) DO UPDATE SET
             minutes = site_hours.minutes + EXCLUDED.minutes,
             hashrate_ths_sum = site_hours.hashrate_ths_sum + EXCLUDED.hashrate_ths_sum,
             mining_power_w_sum = site_hours.mining_power_w_sum + EXCLUDED.mining_power_w_sum,
             ai_power_w_sum = site_hours.ai_power_w_sum + EXCLUDED.ai_power_w_sum,
             max_temp_c = GREATEST(site_hours.max_temp_c, EXCLUDED.max_temp_c),
             devices_up_sum = site_hours.devices_up_sum + EXCLUDED.devices_up_sum,
             devices_down_sum = site_hours.devices_down_sum + EXCLUDED.devices_down_sum,
             readings = site_hours.readings + EXCLUDED.readings
           RETURNING 1
         )
         SELECT count(*) AS n FROM moved`,
        [minuteCutoff, hourCutoff],
      );
      await tx.query('DELETE FROM telemetry_batches WHERE sent_at_ms < $1', [
        Math.min(minuteCutoff, hourCutoff),
      ]);
      return { minutesCompacted: num(compacted!.n), hoursDeleted: num(deleted!.n) };
    });
  }
}

function toReading(row: ReadingRow): DeviceReading {
  return {
    deviceId: row.device_id,
    kind: row.kind,
    atMs: num(row.at_ms),
    state: row.state,
    hashrateThs: numOrNull(row.hashrate_ths),
    powerW: numOrNull(row.power_w),
    maxTempC: numOrNull(row.max_temp_c),
    utilisation: numOrNull(row.utilisation),
  };
}

function toHourSums(row: HourRow): HourSums {
  return {
    minutes: num(row.minutes),
    hashrateThsSum: num(row.hashrate_ths_sum),
    miningPowerWSum: num(row.mining_power_w_sum),
    aiPowerWSum: num(row.ai_power_w_sum),
    maxTempC: numOrNull(row.max_temp_c),
    devicesUpSum: num(row.devices_up_sum),
    devicesDownSum: num(row.devices_down_sum),
    readings: num(row.readings),
  };
}
