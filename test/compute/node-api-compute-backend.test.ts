import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONTRACT_POOL,
  runComputeBackendContract,
} from '../../src/adapters/compute/compute-backend.contract.ts';
import { inventoryFromGpuNodeEndpoints } from '../../src/adapters/compute/compute-inventory.ts';
import { NodeApiComputeBackend } from '../../src/adapters/compute/node-api-compute-backend.ts';
import type { SimGpuNodeEndpoint } from '../../src/sim/fleet-sim.ts';
import { EmulatedGpuNode } from '../../src/sim/gpu-emulator/emulated-gpu-node.ts';
import { GpuNodeServer } from '../../src/sim/gpu-emulator/gpu-node-server.ts';

const T0 = 1_760_000_000_000;

/** The contract pool as emulated GPU nodes served on 127.0.0.1, sharing one manual clock. */
async function emulatedPool(backendSkewMs = 0) {
  const clock = { t: T0 };
  const servers: GpuNodeServer[] = [];
  const endpoints: SimGpuNodeEndpoint[] = [];
  const { siteId, groupId, gpusPerNode, wattsPerGpu, idleWattsPerGpu } = CONTRACT_POOL;
  for (let n = 0, left = CONTRACT_POOL.gpus; left > 0; n += 1, left -= gpusPerNode) {
    const id = `${siteId}/${groupId}/${n}`;
    const gpus = Math.min(gpusPerNode, left);
    const spec = { id, model: 'H100 SXM', gpus, wattsPerGpu, idleWattsPerGpu };
    const server = new GpuNodeServer(new EmulatedGpuNode({ ...spec, now: () => clock.t }));
    servers.push(server);
    endpoints.push({ ...spec, siteId, groupId, ...(await server.listen('127.0.0.1', 0)) });
  }
  const nodes = inventoryFromGpuNodeEndpoints(endpoints);
  const create = () =>
    new NodeApiComputeBackend({ nodes, now: () => clock.t + backendSkewMs, timeoutMs: 2000 });
  return {
    clock,
    servers,
    nodes,
    backend: create(),
    restart: create,
    close: () => Promise.all(servers.map((server) => server.close())).then(() => undefined),
  };
}

runComputeBackendContract('NodeApiComputeBackend over emulated GPU nodes', async () => {
  const pool = await emulatedPool();
  return {
    backend: pool.backend,
    now: () => pool.clock.t,
    advance: (ms) => {
      pool.clock.t += ms;
    },
    restart: pool.restart,
    close: pool.close,
  };
});

const lease = (leaseId: string, gpus: number) => ({
  leaseId,
  siteId: 'site-a',
  groupId: 'h100',
  gpus,
  interruptible: false,
});

describe('NodeApiComputeBackend', () => {
  let close: () => Promise<unknown> = async () => undefined;
  afterEach(() => close());

  it('builds its inventory from the sim endpoints and takes start times from the nodes', async () => {
    const pool = await emulatedPool(5_000);
    close = pool.close;
    expect(pool.nodes.map((n) => [n.nodeId, n.gpus, n.url.startsWith('http://127.0.0.1:')])).toEqual([
      ['site-a/h100/0', 8, true],
      ['site-a/h100/1', 8, true],
      ['site-a/h100/2', 4, true],
    ]);
    await pool.backend.provision(lease('a', 8));
    expect(await pool.backend.status('a')).toMatchObject({ reportedAtMs: T0 + 5_000 });
    expect(await pool.backend.start('a')).toMatchObject({ startedAtMs: T0, reportedAtMs: T0 });
  });

  it('a start that fails on one node stops what it started and keeps the lease provisioned', async () => {
    const pool = await emulatedPool();
    close = pool.close;
    await pool.backend.provision(lease('wide', 16));
    pool.servers[1]!.node.startWorkload({ id: 'squatter', gpus: 1 });
    const failure = pool.backend.start('wide');
    await expect(failure).rejects.toMatchObject({
      code: 'SY_ERR_COMPUTE_BACKEND',
      message: expect.stringMatching(/node site-a\/h100\/1 .*8 GPU\(s\) asked, 7 free/),
      cause: expect.objectContaining({
        code: 'SY_ERR_COMPUTE_BACKEND',
        details: expect.objectContaining({ httpStatus: 409 }),
      }),
    });
    expect(pool.servers[0]!.node.workload('wide.0')).toMatchObject({ state: 'stopped' });
    expect(pool.servers[0]!.node.status().freeGpus).toBe(8);
    expect(await pool.backend.status('wide')).toMatchObject({
      state: 'provisioned',
      message: /start failed/,
    });
    pool.servers[1]!.node.stopWorkload('squatter');
    expect(await pool.backend.start('wide')).toMatchObject({ state: 'running', startedAtMs: T0 });
  });

  it('works around a node that does not answer, and names it when it is needed', async () => {
    const pool = await emulatedPool();
    close = pool.close;
    await pool.backend.provision(lease('first', 8));
    await pool.backend.start('first');
    await pool.servers[0]!.close();
    expect(await pool.backend.freeGpus('site-a', 'h100')).toBe(12);
    expect(await pool.backend.provision(lease('second', 8))).toEqual([
      { nodeId: 'site-a/h100/1', gpus: 8, workloadId: 'second.0' },
    ]);
    const unreachable = pool.backend.status('first');
    await expect(unreachable).rejects.toMatchObject({
      code: 'SY_ERR_COMPUTE_BACKEND',
      message: expect.stringMatching(/GPU node site-a\/h100\/0 at http.*GET \/v1\/node failed/),
      cause: expect.anything(),
    });
    await expect(pool.backend.provision(lease('third', 8))).rejects.toThrow(
      /4 GPU\(s\) free, 8 wanted \(1 node\(s\) not answering\)/,
    );
    await expect(pool.backend.stop('first')).rejects.toMatchObject({ code: 'SY_ERR_COMPUTE_BACKEND' });
  });

  it('refuses a node reply that does not validate', async () => {
    const liar = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ nowMs: 'soon', freeGpus: 8, gpus: [], workloads: [] }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => liar.close(resolve));
    const url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    const backend = new NodeApiComputeBackend({
      nodes: [{ nodeId: 'liar', siteId: 's', groupId: 'g', url, gpus: 8 }],
      now: () => T0,
    });
    await expect(backend.freeGpus('s', 'g')).rejects.toMatchObject({
      code: 'SY_ERR_COMPUTE_BACKEND',
      message: expect.stringMatching(/no GPU node answers: GPU node liar: invalid reply at nowMs/),
      cause: expect.objectContaining({ code: 'SY_ERR_COMPUTE_BACKEND' }),
    });
  });
});
