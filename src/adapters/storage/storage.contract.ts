import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import type {
  ApiKeyRecord,
  DeviceReading,
  GridEvent,
  SiteDecisionRecord,
  Storage,
  TelemetryBatch,
} from '../../core/ports/storage.ts';
import { gpuReading, minerReading, setpointFixture, siteFixture } from './storage-fixtures.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Times of the tests' telemetry and events, far from the compaction test's (which sit near the epoch). */
const BASE_MS = Date.UTC(2024, 0, 1);

/**
 * The behaviour every Storage implementation must have, as a vitest `describe`. `create` is called
 * once; the tests share the storage, so each uses its own ids (and checks global listings only for
 * its own rows). `cleanup` runs after the storage is closed.
 */
export function runStorageContract(
  name: string,
  create: () => Promise<Storage>,
  cleanup?: () => Promise<void>,
): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    const run = Math.random().toString(36).slice(2, 8);
    let counter = 0;
    /** A fresh id, unique in this run. */
    const uid = (prefix: string) => `${prefix}-${run}-${++counter}`;
    let intervals = 0;
    /** Interval starts that increase through the suite, so the newest runs are always the current test's. */
    const nextInterval = () => BASE_MS + 1_000 * DAY_MS + ++intervals * 900_000;

    beforeAll(async () => {
      storage = await create();
    });

    afterAll(async () => {
      await storage?.close();
      await cleanup?.();
    });

    describe('sites', () => {
      it('stores a new site at version 1 and returns it as stored', async () => {
        const before = Date.now();
        const site = siteFixture(uid('site'));
        const record = await storage.sites.put(site);
        expect(record.version).toBe(1);
        expect(record.site).toEqual(site);
        expect(record.updatedAtMs).toBeGreaterThanOrEqual(before);
        expect(await storage.sites.get(site.id)).toEqual(record);
      });

      it('increments the version on every put and keeps the document intact', async () => {
        const id = uid('site');
        await storage.sites.put(siteFixture(id));
        const changed = siteFixture(id, {
          name: 'Renamed',
          battery: { capacityMwh: 20, chargeMw: 10, dischargeMw: 10, roundTripEfficiency: 0.88 },
        });
        const record = await storage.sites.put(changed);
        expect(record.version).toBe(2);
        expect((await storage.sites.get(id))?.site).toEqual(changed);
      });

      it('puts with the expected version, and fails with SY_ERR_STORAGE_CONFLICT on a stale one', async () => {
        const id = uid('site');
        const first = await storage.sites.put(siteFixture(id));
        const second = await storage.sites.put(siteFixture(id, { name: 'B' }), first.version);
        expect(second.version).toBe(2);
        const error = await storage.sites.put(siteFixture(id, { name: 'C' }), first.version).catch((e) => e);
        expect(error).toBeInstanceOf(SwitchyardError);
        expect(error.code).toBe('SY_ERR_STORAGE_CONFLICT');
        expect(error.details).toMatchObject({ siteId: id, expectedVersion: 1, actualVersion: 2 });
        expect((await storage.sites.get(id))?.site.name).toBe('B');
      });

      it('treats expected version 0 as "must not exist yet"', async () => {
        const id = uid('site');
        expect((await storage.sites.put(siteFixture(id), 0)).version).toBe(1);
        await expect(storage.sites.put(siteFixture(id), 0)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        await expect(storage.sites.put(siteFixture(uid('site')), 3)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
          details: { actualVersion: 0 },
        });
      });

      it('lists sites by id and deletes them', async () => {
        const ids = [uid('site-b'), uid('site-a'), uid('site-c')];
        for (const id of ids) await storage.sites.put(siteFixture(id));
        const listed = (await storage.sites.list())
          .map((record) => record.site.id)
          .filter((id) => ids.includes(id));
        expect(listed).toEqual([...ids].sort());
        expect(await storage.sites.delete(ids[0]!)).toBe(true);
        expect(await storage.sites.delete(ids[0]!)).toBe(false);
        expect(await storage.sites.get(ids[0]!)).toBeUndefined();
      });
    });

    describe('audit', () => {
      it('appends entries with ids and lists them newest first, ties by insertion', async () => {
        const target = uid('site');
        const a = await storage.audit.append({
          atMs: 1_000,
          actor: 'system',
          action: 'site.update',
          target,
          details: { n: 1 },
        });
        const b = await storage.audit.append({
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { n: 2 },
        });
        const c = await storage.audit.append({
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { nested: { list: [1, 'x'] } },
        });
        expect(new Set([a.id, b.id, c.id]).size).toBe(3);
        expect(c).toEqual({
          id: c.id,
          atMs: 3_000,
          actor: 'key-1',
          action: 'site.update',
          target,
          details: { nested: { list: [1, 'x'] } },
        });
        expect(await storage.audit.list({ target })).toEqual([c, b, a]);
      });

      it('filters by target, since and limit', async () => {
        const target = uid('site');
        const other = uid('site');
        for (const atMs of [10, 20, 30, 40]) {
          await storage.audit.append({ atMs, actor: 'system', action: 'x', target, details: {} });
        }
        await storage.audit.append({ atMs: 50, actor: 'system', action: 'x', target: other, details: {} });
        expect((await storage.audit.list({ target, sinceMs: 20 })).map((e) => e.atMs)).toEqual([40, 30, 20]);
        expect((await storage.audit.list({ target, limit: 2 })).map((e) => e.atMs)).toEqual([40, 30]);
        const all = await storage.audit.list({ sinceMs: 10 });
        expect(all.some((e) => e.target === other)).toBe(true);
        for (let i = 1; i < all.length; i++) expect(all[i]!.atMs).toBeLessThanOrEqual(all[i - 1]!.atMs);
      });
    });

    describe('API keys', () => {
      const key = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
        id: uid('key'),
        name: 'ops laptop',
        role: 'operator',
        secretHash: 'scrypt$c2FsdA==$aGFzaA==',
        createdAtMs: 5_000,
        ...overrides,
      });

      it('creates, reads, lists and counts keys', async () => {
        const countBefore = await storage.apiKeys.count();
        const operator = key();
        const agent = key({ role: 'agent', siteId: 'tx-west-1', createdAtMs: 6_000 });
        const tenant = key({ role: 'tenant', tenantId: 'acme', createdAtMs: 4_000 });
        for (const record of [operator, agent, tenant]) await storage.apiKeys.create(record);
        expect(await storage.apiKeys.get(operator.id)).toEqual(operator);
        expect(await storage.apiKeys.get(agent.id)).toEqual(agent);
        expect(await storage.apiKeys.get(uid('key'))).toBeUndefined();
        expect(await storage.apiKeys.count()).toBe(countBefore + 3);
        const ours = (await storage.apiKeys.list()).filter((r) =>
          [operator.id, agent.id, tenant.id].includes(r.id),
        );
        expect(ours).toEqual([tenant, operator, agent]);
      });

      it('rejects a duplicate id with SY_ERR_STORAGE_CONFLICT', async () => {
        const record = key();
        await storage.apiKeys.create(record);
        await expect(storage.apiKeys.create({ ...record, name: 'other' })).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        expect((await storage.apiKeys.get(record.id))?.name).toBe(record.name);
      });

      it('revokes a key once', async () => {
        const record = key();
        await storage.apiKeys.create(record);
        expect(await storage.apiKeys.revoke(record.id, 9_000)).toBe(true);
        expect(await storage.apiKeys.revoke(record.id, 9_500)).toBe(false);
        expect(await storage.apiKeys.revoke(uid('key'), 9_500)).toBe(false);
        expect((await storage.apiKeys.get(record.id))?.revokedAtMs).toBe(9_000);
      });
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
        const results = await Promise.all(
          Array.from({ length: 5 }, () => storage.telemetry.ingest(delivery)),
        );
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

      it('ingests a 10,000-reading batch in well under a second', async () => {
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
        const started = performance.now();
        expect(await storage.telemetry.ingest(batch(siteId, readings))).toBe(true);
        const elapsedMs = performance.now() - started;
        console.info(`[${name}] ingest of 10,000 readings: ${elapsedMs.toFixed(0)} ms`);
        expect(elapsedMs).toBeLessThan(1_000);
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
        expect(
          (await storage.telemetry.hours(siteId, 0, now)).map((x) => [x.minuteMs, x.hashrateThs]),
        ).toEqual([[h0 + HOUR_MS, 1_000]]);
        expect(await storage.telemetry.compact(now + HOUR_MS, HOUR_MS, hourRetentionMs)).toEqual({
          minutesCompacted: 0,
          hoursDeleted: 1,
        });
        expect(await storage.telemetry.hours(siteId, 0, now)).toEqual([]);
        expect(await storage.telemetry.minutes(siteId, 0, now)).toEqual([]);
      });
    });

    describe('allocations', () => {
      const decisions: SiteDecisionRecord[] = [
        {
          siteId: 'tx-west-1',
          decision: { miningMw: 40, aiMw: 2 },
          explanation: ['price below breakeven'],
          expectedCents: 123_456_789,
        },
        { siteId: 'ab-north-1', decision: {}, explanation: [], expectedCents: -5, error: 'infeasible' },
      ];

      it('claims an interval once and completes the run with its decisions', async () => {
        const intervalStartMs = nextInterval();
        const id = uid('run');
        const run = await storage.allocations.claim(
          {
            id,
            intervalStartMs,
            startedAtMs: intervalStartMs + 10,
            runner: 'replica-a',
            inputs: { prices: [1.5, 2] },
          },
          60_000,
        );
        expect(run).toEqual({
          id,
          intervalStartMs,
          startedAtMs: intervalStartMs + 10,
          status: 'running',
          runner: 'replica-a',
          inputs: { prices: [1.5, 2] },
          sites: [],
        });
        const again = await storage.allocations.claim(
          {
            id: uid('run'),
            intervalStartMs,
            startedAtMs: intervalStartMs + 20,
            runner: 'replica-b',
            inputs: {},
          },
          60_000,
        );
        expect(again).toBeUndefined();
        expect(await storage.allocations.get(id)).toEqual(run);

        await storage.allocations.complete(id, decisions, intervalStartMs + 900, 812.5);
        expect(await storage.allocations.get(id)).toEqual({
          ...run,
          status: 'completed',
          finishedAtMs: intervalStartMs + 900,
          solveMs: 812.5,
          sites: decisions,
        });
        // Completed: never taken over, however old.
        expect(
          await storage.allocations.claim(
            {
              id: uid('run'),
              intervalStartMs,
              startedAtMs: intervalStartMs + DAY_MS,
              runner: 'b',
              inputs: {},
            },
            60_000,
          ),
        ).toBeUndefined();
        await expect(storage.allocations.complete(id, [], intervalStartMs + 1_000, 1)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
      });

      it('takes over a running run only once it is stale', async () => {
        const intervalStartMs = nextInterval();
        const dead = uid('run');
        await storage.allocations.claim(
          { id: dead, intervalStartMs, startedAtMs: intervalStartMs, runner: 'replica-a', inputs: {} },
          60_000,
        );
        const fresh = await storage.allocations.claim(
          {
            id: uid('run'),
            intervalStartMs,
            startedAtMs: intervalStartMs + 60_000,
            runner: 'replica-b',
            inputs: {},
          },
          60_000,
        );
        expect(fresh).toBeUndefined();
        const takeoverId = uid('run');
        const takeover = await storage.allocations.claim(
          {
            id: takeoverId,
            intervalStartMs,
            startedAtMs: intervalStartMs + 60_001,
            runner: 'replica-b',
            inputs: {},
          },
          60_000,
        );
        expect(takeover).toMatchObject({ id: takeoverId, runner: 'replica-b', status: 'running' });
        expect(await storage.allocations.get(dead)).toBeUndefined();
        // The dead runner's late completion is refused; its failure report is ignored.
        await expect(
          storage.allocations.complete(dead, decisions, intervalStartMs + 70_000, 5),
        ).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        await storage.allocations.fail(dead, 'late', intervalStartMs + 70_000);
        await storage.allocations.complete(takeoverId, [], intervalStartMs + 80_000, 5);
        expect((await storage.allocations.get(takeoverId))?.status).toBe('completed');
      });

      it('records a failed run, which is not claimed again', async () => {
        const intervalStartMs = nextInterval();
        const id = uid('run');
        await storage.allocations.claim(
          { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
          1,
        );
        await storage.allocations.fail(id, 'solver timed out', intervalStartMs + 500);
        expect(await storage.allocations.get(id)).toMatchObject({
          status: 'failed',
          finishedAtMs: intervalStartMs + 500,
          sites: [],
        });
        expect(
          await storage.allocations.claim(
            {
              id: uid('run'),
              intervalStartMs,
              startedAtMs: intervalStartMs + DAY_MS,
              runner: 'b',
              inputs: {},
            },
            1,
          ),
        ).toBeUndefined();
      });

      it('lets exactly one of several racing claims win', async () => {
        const intervalStartMs = nextInterval();
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            storage.allocations.claim(
              {
                id: uid('run'),
                intervalStartMs,
                startedAtMs: intervalStartMs,
                runner: `replica-${i}`,
                inputs: {},
              },
              60_000,
            ),
          ),
        );
        expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
      });

      it('refuses fractional cents', async () => {
        const intervalStartMs = nextInterval();
        const id = uid('run');
        await storage.allocations.claim(
          { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
          1,
        );
        await expect(
          storage.allocations.complete(
            id,
            [{ ...decisions[0]!, expectedCents: 10.5 }],
            intervalStartMs + 1,
            1,
          ),
        ).rejects.toMatchObject({ code: 'SY_ERR_INTERNAL' });
        expect((await storage.allocations.get(id))?.status).toBe('running');
      });

      it('lists the latest runs, newest interval first', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const intervalStartMs = nextInterval();
          const id = uid('run');
          ids.push(id);
          await storage.allocations.claim(
            { id, intervalStartMs, startedAtMs: intervalStartMs, runner: 'a', inputs: {} },
            1,
          );
        }
        await storage.allocations.complete(ids[1]!, decisions, 0, 1);
        const latest = await storage.allocations.latest(2);
        expect(latest.map((r) => r.id)).toEqual([ids[2], ids[1]]);
        expect(latest[1]!.sites).toEqual(decisions);
      });
    });

    describe('setpoints', () => {
      it('numbers setpoints 1, 2, 3 per site', async () => {
        const a = uid('site');
        const b = uid('site');
        const first = await storage.setpoints.issue(setpointFixture(a, BASE_MS, { runId: 'run-1' }));
        expect(first).toEqual({ ...setpointFixture(a, BASE_MS, { runId: 'run-1' }), seq: 1 });
        expect((await storage.setpoints.issue(setpointFixture(b, BASE_MS))).seq).toBe(1);
        expect((await storage.setpoints.issue(setpointFixture(a, BASE_MS + 1))).seq).toBe(2);
        const third = await storage.setpoints.issue(
          setpointFixture(a, BASE_MS + 2, { curtailed: true, reason: 'grid event' }),
        );
        expect(third.seq).toBe(3);
        expect(third).not.toHaveProperty('runId');
        expect(await storage.setpoints.latest(a)).toEqual(third);
        expect(await storage.setpoints.latest(uid('site'))).toBeUndefined();
      });

      it('gives 50 concurrent issues for one site 50 distinct numbers, 1 to 50', async () => {
        const siteId = uid('site');
        const issued = await Promise.all(
          Array.from({ length: 50 }, (_, i) => storage.setpoints.issue(setpointFixture(siteId, BASE_MS + i))),
        );
        expect(issued.map((s) => s.seq).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
        expect((await storage.setpoints.latest(siteId))?.seq).toBe(50);
      });

      it('records an ack once', async () => {
        const siteId = uid('site');
        const setpoint = await storage.setpoints.issue(setpointFixture(siteId, BASE_MS));
        const ack = { atMs: BASE_MS + 2_000, ok: true, message: 'applied', reachedMiningMw: 12.25 };
        expect(await storage.setpoints.ack(siteId, setpoint.seq, ack)).toBe(true);
        expect(await storage.setpoints.ack(siteId, setpoint.seq, { ...ack, ok: false })).toBe(false);
        expect(await storage.setpoints.ack(siteId, setpoint.seq + 1, ack)).toBe(false);
        expect(await storage.setpoints.latest(siteId)).toEqual({
          ...setpoint,
          ackedAtMs: BASE_MS + 2_000,
          ackOk: true,
          ackMessage: 'applied',
          reachedMiningMw: 12.25,
        });
      });

      it('lists by issue time in [from, to), oldest first, and finds the unacked ones', async () => {
        const a = uid('site');
        const b = uid('site');
        const t = BASE_MS + 5 * DAY_MS;
        await storage.setpoints.issue(setpointFixture(a, t + 3_000));
        await storage.setpoints.issue(setpointFixture(b, t + 1_000));
        await storage.setpoints.issue(setpointFixture(a, t + 2_000));
        await storage.setpoints.issue(setpointFixture(a, t + 9_000));
        await storage.setpoints.ack(a, 2, { atMs: t + 2_500, ok: true, message: '', reachedMiningMw: 1 });
        const ours = <T extends { siteId: string }>(records: T[]) =>
          records.filter((r) => r.siteId === a || r.siteId === b);
        const listed = ours(await storage.setpoints.list({ fromMs: t + 1_000, toMs: t + 9_000 }));
        expect(listed.map((s) => [s.siteId, s.issuedAtMs])).toEqual([
          [b, t + 1_000],
          [a, t + 2_000],
          [a, t + 3_000],
        ]);
        const onlyA = await storage.setpoints.list({ siteId: a, fromMs: t, toMs: t + DAY_MS });
        expect(onlyA.map((s) => s.seq)).toEqual([2, 1, 3]);
        const unacked = ours(await storage.setpoints.unacked(t + 9_000));
        expect(unacked.map((s) => [s.siteId, s.seq])).toEqual([
          [b, 1],
          [a, 1],
        ]);
      });
    });

    describe('alerts', () => {
      const alert = (siteId: string | undefined, kind: string, atMs: number) => ({
        atMs,
        ...(siteId === undefined ? {} : { siteId }),
        severity: 'warning' as const,
        kind,
        message: `${kind} at ${siteId ?? 'fleet'}`,
      });

      it('raises one open alert per kind and site', async () => {
        const siteId = uid('site');
        const first = await storage.alerts.raise(alert(siteId, 'setpoint.not-acked', 1_000));
        expect(first).toEqual({ id: first.id, ...alert(siteId, 'setpoint.not-acked', 1_000) });
        const again = await storage.alerts.raise(alert(siteId, 'setpoint.not-acked', 2_000));
        expect(again).toEqual(first);
        const otherKind = await storage.alerts.raise(alert(siteId, 'site.offline', 2_000));
        const otherSite = await storage.alerts.raise(alert(uid('site'), 'setpoint.not-acked', 2_000));
        expect(new Set([first.id, otherKind.id, otherSite.id]).size).toBe(3);
        expect(await storage.alerts.list({ siteId, open: true })).toEqual([otherKind, first]);
      });

      it('de-duplicates racing raises', async () => {
        const siteId = uid('site');
        const raised = await Promise.all(
          Array.from({ length: 10 }, () => storage.alerts.raise(alert(siteId, 'site.offline', 1_000))),
        );
        expect(new Set(raised.map((a) => a.id)).size).toBe(1);
      });

      it('resolves open alerts; a later raise opens a new one', async () => {
        const siteId = uid('site');
        const kind = uid('kind');
        const first = await storage.alerts.raise(alert(siteId, kind, 1_000));
        expect(await storage.alerts.resolve(kind, siteId, 5_000)).toBe(1);
        expect(await storage.alerts.resolve(kind, siteId, 6_000)).toBe(0);
        const second = await storage.alerts.raise(alert(siteId, kind, 7_000));
        expect(second.id).not.toBe(first.id);
        expect(await storage.alerts.list({ siteId, open: false })).toEqual([
          { ...first, resolvedAtMs: 5_000 },
        ]);
        expect(await storage.alerts.list({ siteId, open: true })).toEqual([second]);
        expect(await storage.alerts.list({ siteId })).toEqual([second, { ...first, resolvedAtMs: 5_000 }]);
        expect(await storage.alerts.list({ siteId, limit: 1 })).toEqual([second]);
      });

      it('keeps fleet-wide alerts (no site) apart from site alerts', async () => {
        const kind = uid('kind');
        const siteId = uid('site');
        const fleet = await storage.alerts.raise(alert(undefined, kind, 1_000));
        expect(fleet).not.toHaveProperty('siteId');
        expect((await storage.alerts.raise(alert(undefined, kind, 2_000))).id).toBe(fleet.id);
        const site = await storage.alerts.raise(alert(siteId, kind, 2_000));
        expect(site.id).not.toBe(fleet.id);
        expect(await storage.alerts.resolve(kind, undefined, 3_000)).toBe(1);
        expect(await storage.alerts.list({ siteId, open: true })).toEqual([site]);
      });
    });

    describe('grid events', () => {
      let eventTimes = 0;
      const event = (overrides: Partial<GridEvent> = {}): GridEvent => {
        const startMs = BASE_MS + 2_000 * DAY_MS + ++eventTimes * DAY_MS;
        return {
          id: uid('event'),
          siteIds: ['tx-west-1', 'tx-north-2'],
          region: 'ercot',
          startMs,
          endMs: startMs + HOUR_MS,
          shedMw: 20,
          receivedAtMs: startMs - HOUR_MS,
          createdBy: 'key-1',
          ...overrides,
        };
      };

      it('creates and reads events; a duplicate id is a conflict', async () => {
        const full = event();
        const { region: _region, shedMw: _shedMw, ...minimal } = event({ siteIds: [] });
        await storage.gridEvents.create(full);
        await storage.gridEvents.create(minimal);
        expect(await storage.gridEvents.get(full.id)).toEqual(full);
        expect(await storage.gridEvents.get(minimal.id)).toEqual(minimal);
        expect(await storage.gridEvents.get(uid('event'))).toBeUndefined();
        await expect(storage.gridEvents.create(full)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
      });

      it('finds events overlapping [from, to)', async () => {
        const e = event();
        await storage.gridEvents.create(e);
        const ids = async (fromMs: number, toMs: number) =>
          (await storage.gridEvents.overlapping(fromMs, toMs)).map((x) => x.id).filter((id) => id === e.id);
        expect(await ids(e.startMs - HOUR_MS, e.startMs)).toEqual([]);
        expect(await ids(e.startMs - HOUR_MS, e.startMs + 1)).toEqual([e.id]);
        expect(await ids(e.startMs + 10, e.startMs + 20)).toEqual([e.id]);
        expect(await ids(e.endMs - 1, e.endMs + HOUR_MS)).toEqual([e.id]);
        expect(await ids(e.endMs, e.endMs + HOUR_MS)).toEqual([]);
      });

      it('marks an event all-acked once, and lists the latest first', async () => {
        const a = event();
        const b = event();
        await storage.gridEvents.create(a);
        await storage.gridEvents.create(b);
        await storage.gridEvents.markAllAcked(a.id, a.startMs + 60_000);
        await storage.gridEvents.markAllAcked(a.id, a.startMs + 90_000);
        expect((await storage.gridEvents.get(a.id))?.allAckedAtMs).toBe(a.startMs + 60_000);
        expect((await storage.gridEvents.list(2)).map((x) => x.id)).toEqual([b.id, a.id]);
      });
    });

    describe('curtailments', () => {
      it('starts, lists active and releases once', async () => {
        const a = {
          id: uid('curt'),
          siteIds: ['tx-west-1'],
          startedAtMs: 2_000,
          reason: 'maintenance',
          createdBy: 'key-1',
        };
        const b = { ...a, id: uid('curt'), region: 'ercot', startedAtMs: 1_000 };
        await storage.curtailments.start(a);
        await storage.curtailments.start(b);
        await expect(storage.curtailments.start(a)).rejects.toMatchObject({
          code: 'SY_ERR_STORAGE_CONFLICT',
        });
        const ours = async () =>
          (await storage.curtailments.active()).filter((c) => c.id === a.id || c.id === b.id);
        expect(await ours()).toEqual([b, a]);
        expect(await storage.curtailments.release(b.id, 3_000)).toBe(true);
        expect(await storage.curtailments.release(b.id, 4_000)).toBe(false);
        expect(await storage.curtailments.release(uid('curt'), 4_000)).toBe(false);
        expect(await ours()).toEqual([a]);
      });
    });

    describe('leader lease', () => {
      it('is held by one holder until it expires', async () => {
        const lease = uid('lease');
        expect(await storage.leader.acquire(lease, 'a', 1_000, 10_000)).toBe(true);
        expect(await storage.leader.acquire(lease, 'b', 5_000, 10_000)).toBe(false);
        // Renewal by the holder extends it to 8_000 + 10_000.
        expect(await storage.leader.acquire(lease, 'a', 8_000, 10_000)).toBe(true);
        expect(await storage.leader.acquire(lease, 'b', 17_999, 10_000)).toBe(false);
        expect(await storage.leader.acquire(lease, 'b', 18_000, 10_000)).toBe(true);
        expect(await storage.leader.acquire(lease, 'a', 19_000, 10_000)).toBe(false);
      });

      it('is released only by its holder', async () => {
        const lease = uid('lease');
        await storage.leader.acquire(lease, 'a', 1_000, 10_000);
        await storage.leader.release(lease, 'b');
        expect(await storage.leader.acquire(lease, 'b', 2_000, 10_000)).toBe(false);
        await storage.leader.release(lease, 'a');
        expect(await storage.leader.acquire(lease, 'b', 2_000, 10_000)).toBe(true);
      });

      it('goes to exactly one of several racing holders', async () => {
        const lease = uid('lease');
        const won = await Promise.all(
          Array.from({ length: 10 }, (_, i) => storage.leader.acquire(lease, `replica-${i}`, 1_000, 10_000)),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('transactions', () => {
      it('commits every write of the work and returns its result', async () => {
        const siteId = uid('site');
        const result = await storage.transaction(async (tx) => {
          await tx.sites.put(siteFixture(siteId));
          await tx.audit.append({
            atMs: 1,
            actor: 'system',
            action: 'site.create',
            target: siteId,
            details: {},
          });
          return 'done';
        });
        expect(result).toBe('done');
        expect(await storage.sites.get(siteId)).toBeDefined();
        expect(await storage.audit.list({ target: siteId })).toHaveLength(1);
      });

      it('rolls back every write when the work throws, and rethrows the same error', async () => {
        const siteId = uid('site');
        const batchId = uid('batch');
        const keyId = uid('key');
        const failure = new Error('boom');
        const thrown = await storage
          .transaction(async (tx) => {
            await tx.sites.put(siteFixture(siteId));
            await tx.audit.append({
              atMs: 1,
              actor: 'system',
              action: 'site.create',
              target: siteId,
              details: {},
            });
            await tx.setpoints.issue(setpointFixture(siteId, BASE_MS));
            await tx.telemetry.ingest({
              siteId,
              batchId,
              sentAtMs: BASE_MS,
              readings: [minerReading('m1', BASE_MS)],
            });
            await tx.apiKeys.create({ id: keyId, name: 'k', role: 'admin', secretHash: 'h', createdAtMs: 1 });
            await tx.alerts.raise({ atMs: 1, siteId, severity: 'info', kind: 'site.offline', message: 'x' });
            await tx.leader.acquire(siteId, 'a', 1, 1_000);
            expect(await tx.sites.get(siteId)).toBeDefined();
            throw failure;
          })
          .catch((error) => error);
        expect(thrown).toBe(failure);
        expect(await storage.sites.get(siteId)).toBeUndefined();
        expect(await storage.audit.list({ target: siteId })).toEqual([]);
        expect(await storage.setpoints.latest(siteId)).toBeUndefined();
        expect(await storage.telemetry.latest(siteId)).toEqual([]);
        expect(await storage.telemetry.minutes(siteId, 0, BASE_MS + DAY_MS)).toEqual([]);
        expect(await storage.apiKeys.get(keyId)).toBeUndefined();
        expect(await storage.alerts.list({ siteId })).toEqual([]);
        expect(await storage.leader.acquire(siteId, 'b', 2, 1_000)).toBe(true);
        // Nothing was kept: the batch can be stored, and the site's numbering starts at 1.
        expect(await storage.telemetry.ingest({ siteId, batchId, sentAtMs: BASE_MS, readings: [] })).toBe(
          true,
        );
        expect((await storage.setpoints.issue(setpointFixture(siteId, BASE_MS))).seq).toBe(1);
      });

      it('rolls back a failed put with its transaction', async () => {
        const siteId = uid('site');
        await storage.sites.put(siteFixture(siteId));
        const error = await storage
          .transaction(async (tx) => {
            await tx.audit.append({
              atMs: 1,
              actor: 'system',
              action: 'site.update',
              target: siteId,
              details: {},
            });
            await tx.sites.put(siteFixture(siteId, { name: 'stale' }), 7);
          })
          .catch((e) => e);
        expect(error).toMatchObject({ code: 'SY_ERR_STORAGE_CONFLICT' });
        expect(await storage.audit.list({ target: siteId })).toEqual([]);
        expect((await storage.sites.get(siteId))?.version).toBe(1);
      });

      it('stays usable after a refused write inside it', async () => {
        const keyId = uid('key');
        const siteId = uid('site');
        const key = { id: keyId, name: 'k', role: 'admin' as const, secretHash: 'h', createdAtMs: 1 };
        await storage.transaction(async (tx) => {
          await tx.apiKeys.create(key);
          await expect(tx.apiKeys.create(key)).rejects.toMatchObject({ code: 'SY_ERR_STORAGE_CONFLICT' });
          await expect(tx.sites.put(siteFixture(siteId), 4)).rejects.toMatchObject({
            code: 'SY_ERR_STORAGE_CONFLICT',
          });
          await tx.sites.put(siteFixture(siteId));
        });
        expect(await storage.apiKeys.get(keyId)).toEqual(key);
        expect((await storage.sites.get(siteId))?.version).toBe(1);
      });

      it('rolls back only a nested transaction that throws', async () => {
        const kept = uid('site');
        const dropped = uid('site');
        await storage.transaction(async (tx) => {
          await tx.sites.put(siteFixture(kept));
          await tx
            .transaction(async (inner) => {
              await inner.sites.put(siteFixture(dropped));
              throw new Error('inner');
            })
            .catch(() => undefined);
          await tx.telemetry.ingest({
            siteId: kept,
            batchId: uid('batch'),
            sentAtMs: 0,
            readings: [minerReading('m1', BASE_MS)],
          });
        });
        expect(await storage.sites.get(kept)).toBeDefined();
        expect(await storage.sites.get(dropped)).toBeUndefined();
        expect(await storage.telemetry.latest(kept)).toHaveLength(1);
      });
    });
  });
}
