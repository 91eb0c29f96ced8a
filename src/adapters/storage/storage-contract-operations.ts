import { beforeAll, describe, expect, it } from 'vitest';
import type { GridEvent, Storage } from '../../core/ports/storage.ts';
import { BASE_MS, type ContractContext, DAY_MS, HOUR_MS } from './storage-contract-context.ts';
import { minerReading, setpointFixture, siteFixture } from './storage-fixtures.ts';

/** Setpoints, alerts, grid events, curtailments, the leader lease and transactions. Called inside the Storage contract's describe (storage.contract.ts). */
export function operationsContract(ctx: ContractContext): void {
  let storage: Storage;
  const { uid } = ctx;
  beforeAll(() => {
    storage = ctx.storage();
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
      expect(await storage.alerts.list({ siteId, open: false })).toEqual([{ ...first, resolvedAtMs: 5_000 }]);
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
      expect(await storage.telemetry.ingest({ siteId, batchId, sentAtMs: BASE_MS, readings: [] })).toBe(true);
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
}
