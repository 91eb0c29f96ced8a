import { describe, expect, it } from 'vitest';
import type { MeterSegment } from './marketplace-types.ts';
import { reconcileUsage } from './reconcile-usage.ts';

const segment = (
  seq: number,
  fromMs: number,
  toMs: number,
  state: MeterSegment['state'] = 'running',
): MeterSegment => ({
  leaseId: 'l1',
  seq,
  state,
  fromMs,
  toMs,
  gpus: 8,
  energyWh: 0,
  greenWh: 0,
});

describe('reconcileUsage', () => {
  it('agrees to the GPU-second when the lease ran exactly what the scheduler held', () => {
    const result = reconcileUsage(
      'l1',
      [segment(1, 1_000_000, 1_600_000), segment(2, 1_600_000, 1_720_000, 'preempting')],
      [{ jobId: '7', startMs: 1_000_000, endMs: 1_720_000, gpus: 8 }],
      2_000_000,
    );
    expect(result).toEqual({
      leaseId: 'l1',
      billedGpuSeconds: 720 * 8,
      schedulerGpuSeconds: 720 * 8,
      differenceGpuSeconds: 0,
      final: true,
    });
  });

  it('names the difference when the invoice and the scheduler disagree, and a running job counts to now', () => {
    const result = reconcileUsage(
      'l1',
      [segment(1, 0, 61_000), { ...segment(2, 0, 5_000), leaseId: 'other' }],
      [
        { jobId: '1', startMs: 1_000, endMs: 61_000, gpus: 8 },
        { jobId: '2', startMs: 1_000, endMs: null, gpus: 4 },
        { jobId: '3', startMs: 0, endMs: 0, gpus: 8 },
      ],
      11_000,
    );
    expect(result.billedGpuSeconds).toBe(61 * 8);
    expect(result.schedulerGpuSeconds).toBe(60 * 8 + 10 * 4);
    expect(result.differenceGpuSeconds).toBe(61 * 8 - 520);
    expect(result.final).toBe(false);
  });
});
