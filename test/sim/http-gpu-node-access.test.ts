import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpGpuNodeAccess } from '../../src/adapters/compute/http-gpu-node-access.ts';
import { EmulatedGpuNode } from '../../src/sim/gpu-emulator/emulated-gpu-node.ts';
import { GpuNodeServer } from '../../src/sim/gpu-emulator/gpu-node-server.ts';

let node: EmulatedGpuNode;
let server: GpuNodeServer;
let access: HttpGpuNodeAccess;

beforeAll(async () => {
  node = new EmulatedGpuNode({
    id: 'h100-0',
    model: 'H100 SXM',
    gpus: 8,
    wattsPerGpu: 700,
    idleWattsPerGpu: 90,
    now: () => Date.now(),
  });
  server = new GpuNodeServer(node);
  const { url } = await server.listen();
  access = HttpGpuNodeAccess.fromList(`h100-0=${url}`);
});
afterAll(async () => server.close());

describe('HttpGpuNodeAccess against the GPU node emulator', () => {
  it('reads the node and sees a workload start', async () => {
    const idle = await access.read('h100-0');
    expect(idle.gpuCount).toBe(8);
    node.startWorkload({ id: 'lease-1', gpus: 4, interruptible: true });
    const busy = await access.read('h100-0');
    expect(busy.workloads).toEqual([{ id: 'lease-1', interruptible: true }]);
    expect(busy.powerW!).toBeGreaterThan(idle.powerW!);
  });

  it('sets a power limit spread over the GPUs', async () => {
    const reading = await access.read('h100-0');
    await access.setPowerLimit('h100-0', reading.minPowerLimitW);
    expect((await access.read('h100-0')).powerLimitW).toBeCloseTo(reading.minPowerLimitW, 0);
  });

  it('names a malformed --gpus item', () => {
    expect(() => HttpGpuNodeAccess.fromList('h100-0')).toThrow(/is not id=http/);
  });
});
