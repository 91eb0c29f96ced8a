import { describe, expect, it } from 'vitest';
import type { GpuNodeReading } from './gpu-node-access.ts';
import { planGpuLimits } from './gpu-power-plan.ts';
import type { GpuSample } from './site-snapshot.ts';

function node(id: string, fields: Partial<GpuNodeReading> = {}): GpuSample {
  return {
    id,
    error: null,
    reading: {
      gpuCount: 8,
      powerW: 5_000,
      powerLimitW: 5_600,
      minPowerLimitW: 2_000,
      maxPowerLimitW: 5_600,
      utilisation: 0.9,
      maxTempC: 70,
      workloads: [{ id: `${id}-job`, interruptible: true }],
      ...fields,
    },
  };
}

describe('planGpuLimits', () => {
  const reserved = node('reserved', { workloads: [{ id: 'r', interruptible: false }] });

  it('sheds the excess on interruptible nodes, biggest first, never below their minimum', () => {
    const gpus = [node('a', { powerW: 4_000 }), node('b'), reserved];
    // 14 kW drawn, 7 kW allowed: b 5000 -> 2000, a 4000 -> 2000, still 1 kW over; reserved untouched.
    expect(planGpuLimits(gpus, 7_000)).toEqual([
      { nodeId: 'b', watts: 2_000, reason: 'shed' },
      { nodeId: 'a', watts: 2_000, reason: 'shed' },
    ]);
    expect(planGpuLimits(gpus, 13_000)).toEqual([{ nodeId: 'b', watts: 4_000, reason: 'shed' }]);
  });

  it('restores limited nodes within the headroom, non-interruptible first, and ignores unreachable ones', () => {
    const gpus = [
      node('a', { powerW: 2_000, powerLimitW: 2_000 }),
      { ...reserved, reading: { ...reserved.reading!, powerW: 3_000, powerLimitW: 3_000 } },
      { id: 'down', reading: null, error: 'unreachable' },
    ];
    expect(planGpuLimits(gpus, 8_000)).toEqual([
      { nodeId: 'reserved', watts: 5_600, reason: 'restore' },
      { nodeId: 'a', watts: 2_400, reason: 'restore' },
    ]);
    expect(planGpuLimits(gpus, 5_000)).toEqual([]);
  });
});
