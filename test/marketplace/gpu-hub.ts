import type { ManualClock } from '../../src/adapters/clock/replay-clock.ts';
import { NodeApiComputeBackend } from '../../src/adapters/compute/node-api-compute-backend.ts';
import { EmulatedGpuNode } from '../../src/sim/gpu-emulator/emulated-gpu-node.ts';
import { GpuNodeServer } from '../../src/sim/gpu-emulator/gpu-node-server.ts';

/** A small GPU-only hub: 32 H100 in 4 nodes of 8, 100 kW of grid at a fixed price. */
export const gpuHubSite = {
  id: 'gpu-hub',
  name: 'Test GPU hub',
  region: 'north-america',
  country: 'US',
  timeZone: 'America/New_York',
  coordinates: { lat: 33.16, lon: -83.8 },
  grid: { importMw: 0.1 },
  supply: [{ kind: 'fixed', pricePerMwh: 50 }],
  pue: 1.1,
  minerGroups: [],
  gpuNodes: [{ id: 'h100', model: 'H100 SXM', count: 32, wattsPerGpu: 700, idleWattsPerGpu: 90 }],
  pool: { name: 'none', feePercent: 0 },
};

export interface EmulatedGpuHub {
  readonly nodes: EmulatedGpuNode[];
  readonly backend: NodeApiComputeBackend;
  close(): Promise<void>;
}

/** Emulated GPU nodes behind their real HTTP API, on the test's clock, and a backend over them. */
export async function startGpuHub(
  clock: ManualClock,
  siteId = 'gpu-hub',
  groupId = 'h100',
  nodeCount = 4,
): Promise<EmulatedGpuHub> {
  const nodes: EmulatedGpuNode[] = [];
  const servers: GpuNodeServer[] = [];
  const inventory = [];
  for (let i = 0; i < nodeCount; i++) {
    const nodeId = `${siteId}-${groupId}-${i}`;
    const node = new EmulatedGpuNode({
      id: nodeId,
      model: 'H100 SXM',
      gpus: 8,
      wattsPerGpu: 700,
      idleWattsPerGpu: 90,
      now: () => clock.nowMs(),
    });
    const server = new GpuNodeServer(node);
    const { url } = await server.listen();
    nodes.push(node);
    servers.push(server);
    inventory.push({ nodeId, siteId, groupId, url, gpus: 8 });
  }
  return {
    nodes,
    backend: new NodeApiComputeBackend({ nodes: inventory, now: () => clock.nowMs() }),
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
