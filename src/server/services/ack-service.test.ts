import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../adapters/storage/memory-storage.ts';
import { ServerMetrics } from '../plugins/metrics.ts';
import { AckService } from './ack-service.ts';
import type { OperationsService } from './operations-service.ts';
import { TwinScale } from './twin-scale.ts';

const operations = { recordAcks: async () => {} } as unknown as OperationsService;

async function setup(twin: TwinScale) {
  const storage = new MemoryStorage();
  const setpoint = await storage.setpoints.issue({
    siteId: 'tx-1',
    issuedAtMs: 1_000,
    expiresAtMs: 100_000,
    miningMw: 13,
    aiMw: 0,
    batteryMw: 0,
    curtailed: false,
    reason: 'plan',
  });
  const acks = new AckService(storage, new ServerMetrics(), operations, () => 2_000, twin);
  const ack = (reachedMiningMw: number) =>
    acks.onAck({ siteId: 'tx-1', seq: setpoint.seq, atMs: 2_000, ok: true, message: '', reachedMiningMw });
  return { storage, ack };
}

describe('AckService with a twin at 1/100 scale', () => {
  it('checks and stores the twin’s mining power at full scale: its share of the setpoint raises no alert', async () => {
    const { storage, ack } = await setup(new TwinScale(0.01));
    expect(await ack(0.13)).toBe(true);
    expect(await storage.alerts.list({ open: true, limit: 10 })).toEqual([]);
    expect((await storage.setpoints.latest('tx-1'))?.reachedMiningMw).toBeCloseTo(13, 9);
  });

  it('still raises setpoint.not-reached when the twin falls short, naming both scales', async () => {
    const { storage, ack } = await setup(new TwinScale(0.01));
    await ack(0.05);
    const [alert] = await storage.alerts.list({ open: true, limit: 10 });
    expect(alert?.kind).toBe('setpoint.not-reached');
    expect(alert?.message).toContain('reached 5.00 MW of mining against a setpoint of 13.00 MW');
    expect(alert?.message).toContain('twin at 1/100 scale: 0.050 MW measured');
  });

  it('a real fleet compares the agent’s figure as it is', async () => {
    const { storage, ack } = await setup(new TwinScale(undefined));
    await ack(0.13);
    const [alert] = await storage.alerts.list({ open: true, limit: 10 });
    expect(alert?.message).toContain('reached 0.13 MW of mining against a setpoint of 13.00 MW');
  });
});
