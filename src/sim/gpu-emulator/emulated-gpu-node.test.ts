import { describe, expect, it } from 'vitest';
import { EmulatedGpuNode } from './emulated-gpu-node.ts';
import { GpuNodeRefusal } from './gpu-node-refusal.ts';

const T0 = 1_760_000_000_000;

function fixture() {
  let t = T0;
  const node = new EmulatedGpuNode({
    id: 'ga-hub/h100/0',
    model: 'H100 SXM',
    gpus: 8,
    wattsPerGpu: 700,
    idleWattsPerGpu: 90,
    now: () => t,
  });
  return { node, at: (seconds: number) => (t = T0 + seconds * 1000) };
}

describe('EmulatedGpuNode', () => {
  it('idles at the idle draw with nothing running', () => {
    const { node } = fixture();
    const status = node.status();
    expect(status).toMatchObject({ powerW: 8 * 90, utilisation: 0, freeGpus: 8, powerLimitW: 700 });
  });

  it('a workload raises utilisation and power on its GPUs; stopping it frees them', () => {
    const { node, at } = fixture();
    const started = node.startWorkload({ id: 'lease-1', gpus: 4, utilisation: 1 });
    expect(started).toMatchObject({ state: 'running', gpus: [0, 1, 2, 3] });
    const busy = node.status();
    expect(busy.powerW).toBe(4 * 700 + 4 * 90);
    expect(busy.utilisation).toBe(0.5);
    expect(busy.gpus[0]).toMatchObject({ utilisation: 1, powerW: 700, workloadId: 'lease-1' });
    expect(busy.gpus[0]!.temperatureC).toBeGreaterThan(busy.gpus[7]!.temperatureC);
    at(60);
    expect(node.stopWorkload('lease-1')).toMatchObject({ state: 'stopped', stopReason: 'stopped', gpus: [] });
    expect(node.status()).toMatchObject({ powerW: 8 * 90, freeGpus: 8 });
  });

  it('preemption with notice: keeps running until the notice runs out, then stops as preempted', () => {
    const { node, at } = fixture();
    node.startWorkload({ id: 'batch-7', gpus: 8 });
    at(10);
    expect(node.preemptWorkload('batch-7', 120)).toMatchObject({
      state: 'preempting',
      preemptAtMs: T0 + 130_000,
    });
    // second | state | GPUs busy
    const table: [number, string, number][] = [
      [10, 'preempting', 8],
      [129.9, 'preempting', 8],
      [130, 'stopped', 0],
    ];
    for (const [second, state, busy] of table) {
      at(second);
      expect({ second, state: node.workload('batch-7').state, busy: 8 - node.status().freeGpus }).toEqual({
        second,
        state,
        busy,
      });
    }
    expect(node.workload('batch-7')).toMatchObject({ stopReason: 'preempted', stoppedAtMs: T0 + 130_000 });
  });

  it('a power limit caps each GPU and the throughput', () => {
    const { node } = fixture();
    node.startWorkload({ id: 'a', gpus: 8, utilisation: 1 });
    node.setPowerLimitW(350);
    const status = node.status();
    expect(status.powerW).toBe(8 * 350);
    expect(status.throughputFactor).toBeCloseTo(Math.sqrt(0.5), 6);
    expect(() => node.setPowerLimitW(100)).toThrow(GpuNodeRefusal);
    node.setPowerLimitW(null);
    expect(node.status().powerW).toBe(8 * 700);
  });

  it('refuses duplicate ids, too many GPUs and unknown workloads', () => {
    const { node } = fixture();
    node.startWorkload({ id: 'a', gpus: 6 });
    expect(() => node.startWorkload({ id: 'a', gpus: 1 })).toThrow(/already running/);
    expect(() => node.startWorkload({ id: 'b', gpus: 3 })).toThrow(/3 GPU\(s\) asked, 2 free/);
    expect(() => node.stopWorkload('nope')).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });
});
