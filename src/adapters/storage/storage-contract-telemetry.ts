import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceReading, Storage, TelemetryBatch } from '../../core/ports/storage.ts';
import { BASE_MS, type ContractContext, DAY_MS, HOUR_MS, MINUTE_MS } from './storage-contract-context.ts';
import { gpuReading, minerReading } from './storage-fixtures.ts';

/** The telemetry repository's contract. Called inside the Storage contract's describe (storage.contract.ts). */
export function telemetryContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
  });

  describe('telemetry', () => {
    const batch = (siteId: string, readings: DeviceReading[], batchId = uid('batch')): TelemetryBatch => ({
      siteId,
      batchId,
      sentAtMs: BASE_MS + DAY_MS,
      readings,
    });

    it('stores a batch once: a batch id seen before changes nothing', async () => {
      const siteId = uid('site');
      const t = BASE_MS + 10 * MINUTE_MS;
      const first = batch(siteId, [minerReading('m1', t)]);
      expect(await storage.telemetry.ingest(first)).toBe(true);
      const replay = {
        ...first,
        readings: [minerReading('m1', t + 1_000, { hashrateThs: 1 }), minerReading('m2', t)],
      };
      expect(await storage.telemetry.ingest(replay)).toBe(false);
      expect(await storage.telemetry.latest(siteId)).toEqual([minerReading('m1', t)]);
      expect((await storage.telemetry.minutes(siteId, t, t + MINUTE_MS))[0]?.readings).toBe(1);
    });

    it('stores a batch delivered several times at once exactly once', async () => {
      const siteId = uid('site');
      const t = BASE_MS + 15 * MINUTE_MS;
      const delivery = batch(siteId, [minerReading('m1', t), minerReading('m2', t)]);
      const results = await Promise.all(Array.from({ length: 5 }, () => storage.telemetry.ingest(delivery)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await storage.telemetry.minutes(siteId, t, t + MINUTE_MS))[0]?.readings).toBe(2);
    });

    it('counts every reading when batches for the same minute arrive at once', async () => {
      const siteId = uid('site');
      const t = BASE_MS + 16 * MINUTE_MS;
      await Promise.all(
        Array.from({ length: 10 }, (_, b) =>
          storage.telemetry.ingest(
            batch(
              siteId,
              Array.from({ length: 100 }, (_, d) =>
                minerReading(`m${b}-${d}`, t + b * 1_000, { hashrateThs: 1 }),
              ),
            ),
          ),
        ),
      );
      const [minute] = await storage.telemetry.minutes(siteId, t, t + MINUTE_MS);
      expect(minute).toMatchObject({ readings: 1_000, devicesUp: 1_000, hashrateThs: 1_000 });
      expect(await storage.telemetry.latest(siteId)).toHaveLength(1_000);
    });

    it('accepts an empty batch', async () => {
      const siteId = uid('site');
      expect(await storage.telemetry.ingest(batch(siteId, []))).toBe(true);
      expect(await storage.telemetry.latest(siteId)).toEqual([]);
    });

    it('keeps the newest reading per device, whatever order batches arrive in', async () => {
      const siteId = uid('site');
      const t = BASE_MS + 20 * MINUTE_MS;
      await storage.telemetry.ingest(batch(siteId, [minerReading('m2', t + 5_000), gpuReading('g1', t)]));
      await storage.telemetry.ingest(
        batch(siteId, [
          minerReading('m2', t + 1_000, { hashrateThs: 1 }),
          gpuReading('g1', t + 2_000, { state: 'idle', powerW: null, utilisation: 0 }),
          minerReading('m1', t),
        ]),
      );
      expect(await storage.telemetry.latest(siteId)).toEqual([
        gpuReading('g1', t + 2_000, { state: 'idle', powerW: null, utilisation: 0 }),
        minerReading('m1', t),
        minerReading('m2', t + 5_000),
      ]);
    });

    it('keeps unreported values as null, never 0', async () => {
      const siteId = uid('site');
      const reading = minerReading('m1', BASE_MS, {
        state: 'unknown',
        hashrateThs: null,
        powerW: null,
        maxTempC: null,
      });
      await storage.telemetry.ingest(batch(siteId, [reading]));
      expect(await storage.telemetry.latest(siteId)).toEqual([reading]);
      const [minute] = await storage.telemetry.minutes(siteId, BASE_MS, BASE_MS + MINUTE_MS);
      expect(minute).toMatchObject({
        hashrateThs: 0,
        miningPowerW: 0,
        maxTempC: null,
        devicesUp: 0,
        devicesDown: 1,
      });
    });

    it('aggregates each minute from every device’s last reading in it', async () => {
      const siteId = uid('site');
      const m = BASE_MS + 30 * MINUTE_MS;
      await storage.telemetry.ingest(
        batch(siteId, [
          minerReading('m1', m + 1_000, { hashrateThs: 100, powerW: 3_000, maxTempC: 70 }),
          minerReading('m2', m + 2_000, { hashrateThs: 110, powerW: 3_200, maxTempC: 75 }),
          minerReading('m3', m + 3_000, {
            state: 'faulted',
            hashrateThs: null,
            powerW: 50,
            maxTempC: null,
          }),
          gpuReading('g1', m + 4_000, { powerW: 700, maxTempC: 80 }),
          gpuReading('g2', m + 5_000, { state: 'idle', powerW: 100, maxTempC: 40 }),
          gpuReading('g3', m + 6_000, { state: 'off', powerW: null, maxTempC: null }),
          minerReading('m1', m + MINUTE_MS + 1_000, { hashrateThs: 50, powerW: 1_500, maxTempC: 60 }),
        ]),
      );
      expect(await storage.telemetry.minutes(siteId, m, m + 2 * MINUTE_MS)).toEqual([
        {
          siteId,
          minuteMs: m,
          hashrateThs: 210,
          miningPowerW: 6_250,
          aiPowerW: 800,
          maxTempC: 80,
          devicesUp: 4,
          devicesDown: 2,
          readings: 6,
        },
        {
          siteId,
          minuteMs: m + MINUTE_MS,
          hashrateThs: 50,
          miningPowerW: 1_500,
          aiPowerW: 0,
          maxTempC: 60,
          devicesUp: 1,
          devicesDown: 0,
          readings: 1,
        },
      ]);

      // A later batch with a newer reading for m2 in the first minute: it replaces m2's earlier
      // reading (m2 counted once), the hottest reading of the minute still counts.
      // (Aggregates are kept incrementally against each device's newest reading; agents deliver
      // batches in order, so a reading for a minute older than the device's newest one is added.)
      await storage.telemetry.ingest(
        batch(siteId, [
          minerReading('m2', m + 30_000, { state: 'sleeping', hashrateThs: 0, powerW: 20, maxTempC: 90 }),
        ]),
      );
      const [first] = await storage.telemetry.minutes(siteId, m, m + MINUTE_MS);
      expect(first).toEqual({
        siteId,
        minuteMs: m,
        hashrateThs: 100,
        miningPowerW: 3_070,
        aiPowerW: 800,
        maxTempC: 90,
        devicesUp: 3,
        devicesDown: 3,
        readings: 7,
      });
    });

    it('returns minutes in [from, to), oldest first, for one site only', async () => {
      const siteId = uid('site');
      const m = BASE_MS + 60 * MINUTE_MS;
      const readings = [0, 1, 2, 3].map((i) => minerReading('m1', m + i * MINUTE_MS));
      await storage.telemetry.ingest(batch(siteId, readings.reverse()));
      await storage.telemetry.ingest(batch(uid('site'), [minerReading('m1', m + MINUTE_MS)]));
      const minutes = await storage.telemetry.minutes(siteId, m + MINUTE_MS, m + 3 * MINUTE_MS);
      expect(minutes.map((x) => [x.siteId, x.minuteMs])).toEqual([
        [siteId, m + MINUTE_MS],
        [siteId, m + 2 * MINUTE_MS],
      ]);
    });

    // Its speed is measured by `npm run bench -- server`; here only what it stores.
    it('ingests a 10,000-reading batch whole', async () => {
      const siteId = uid('site');
      const t = BASE_MS + 120 * MINUTE_MS;
      const readings: DeviceReading[] = [];
      for (let i = 0; i < 10_000; i++) {
        readings.push(
          i % 10 === 0
            ? gpuReading(`g${i}`, t + (i % 60) * 1_000, { powerW: 700 })
            : minerReading(`m${i}`, t + (i % 120) * 1_000, { hashrateThs: 200, powerW: 3_500 }),
        );
      }
      expect(await storage.telemetry.ingest(batch(siteId, readings))).toBe(true);
      const minutes = await storage.telemetry.minutes(siteId, t, t + 2 * MINUTE_MS);
      expect(minutes.reduce((sum, x) => sum + x.readings, 0)).toBe(10_000);
      expect(minutes.reduce((sum, x) => sum + x.devicesUp, 0)).toBe(10_000);
      expect(minutes[0]?.aiPowerW).toBe(1_000 * 700);
      expect((await storage.telemetry.latest(siteId)).length).toBe(10_000);
    });

    it('compacts old minutes into hourly means and drops old hours', async () => {
      // Near the epoch, so no other test's telemetry is older than these cutoffs.
      const siteId = uid('site');
      const h0 = 10 * DAY_MS;
      const readings: DeviceReading[] = [];
      // Hour h0: minutes 0-3 at 100, 200, 300, 400 TH/s; hour h0+1: minutes 0-1 at 1000 TH/s.
      for (let i = 0; i < 4; i++) {
        readings.push(
          minerReading('m1', h0 + i * MINUTE_MS, {
            hashrateThs: 100 * (i + 1),
            powerW: 1_000,
            maxTempC: 60 + i,
          }),
        );
      }
      readings.push(gpuReading('g1', h0 + 3 * MINUTE_MS, { powerW: 400 }));
      for (let i = 0; i < 2; i++)
        readings.push(minerReading('m1', h0 + HOUR_MS + i * MINUTE_MS, { hashrateThs: 1_000 }));
      await storage.telemetry.ingest(batch(siteId, readings));

      // Minutes older than h0+2min go: two of hour h0.
      let now = h0 + 12 * MINUTE_MS;
      expect(await storage.telemetry.compact(now, 10 * MINUTE_MS, 30 * DAY_MS)).toEqual({
        minutesCompacted: 2,
        hoursDeleted: 0,
      });
      expect((await storage.telemetry.minutes(siteId, 0, h0 + DAY_MS)).map((x) => x.minuteMs)).toEqual([
        h0 + 2 * MINUTE_MS,
        h0 + 3 * MINUTE_MS,
        h0 + HOUR_MS,
        h0 + HOUR_MS + MINUTE_MS,
      ]);
      expect(await storage.telemetry.hours(siteId, 0, h0 + DAY_MS)).toEqual([
        {
          siteId,
          minuteMs: h0,
          hashrateThs: 150,
          miningPowerW: 1_000,
          aiPowerW: 0,
          maxTempC: 61,
          devicesUp: 1,
          devicesDown: 0,
          readings: 2,
        },
      ]);

      // The rest of hour h0 is merged into it: the mean is over all four minutes.
      now = h0 + 2 * HOUR_MS + 10 * MINUTE_MS;
      expect(await storage.telemetry.compact(now, 2 * HOUR_MS, 30 * DAY_MS)).toEqual({
        minutesCompacted: 2,
        hoursDeleted: 0,
      });
      const [hour] = await storage.telemetry.hours(siteId, h0, h0 + HOUR_MS);
      expect(hour).toEqual({
        siteId,
        minuteMs: h0,
        hashrateThs: 250,
        miningPowerW: 1_000,
        aiPowerW: 100,
        maxTempC: 65,
        devicesUp: 1,
        devicesDown: 0,
        readings: 5,
      });

      // Three days on: hour h0+1 is compacted; hour h0 is past the hour retention (cutoff h0+30min).
      now = h0 + 3 * DAY_MS;
      const hourRetentionMs = 3 * DAY_MS - 30 * MINUTE_MS;
      expect(await storage.telemetry.compact(now, HOUR_MS, hourRetentionMs)).toEqual({
        minutesCompacted: 2,
        hoursDeleted: 1,
      });
      expect((await storage.telemetry.hours(siteId, 0, now)).map((x) => [x.minuteMs, x.hashrateThs])).toEqual(
        [[h0 + HOUR_MS, 1_000]],
      );
      expect(await storage.telemetry.compact(now + HOUR_MS, HOUR_MS, hourRetentionMs)).toEqual({
        minutesCompacted: 0,
        hoursDeleted: 1,
      });
      expect(await storage.telemetry.hours(siteId, 0, now)).toEqual([]);
      expect(await storage.telemetry.minutes(siteId, 0, now)).toEqual([]);
    });
  });
}
