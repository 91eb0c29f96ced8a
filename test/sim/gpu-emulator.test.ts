import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmulatedGpuNode,
  GpuNodeServer,
  type GpuNodeStatus,
  type WorkloadStatus,
} from '../../src/sim/index.ts';

let clockMs = 1_760_000_000_000;
let server: GpuNodeServer;
let url: string;

beforeAll(async () => {
  server = new GpuNodeServer(
    new EmulatedGpuNode({
      id: 'ga-hub/h100-sxm/0',
      model: 'H100 SXM',
      gpus: 8,
      wattsPerGpu: 700,
      idleWattsPerGpu: 90,
      now: () => clockMs,
    }),
  );
  url = (await server.listen()).url;
});
afterAll(async () => {
  await server.close();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('emulated GPU node over HTTP', () => {
  it('start a workload: utilisation and power go up; preempt with notice; stop', async () => {
    const idle = await call<GpuNodeStatus>('GET', '/v1/node');
    expect(idle.body).toMatchObject({ model: 'H100 SXM', powerW: 720, utilisation: 0, freeGpus: 8 });

    const started = await call<WorkloadStatus>('POST', '/v1/workloads', {
      id: 'lease-42',
      gpus: 8,
      utilisation: 0.9,
      interruptible: true,
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      id: 'lease-42',
      state: 'running',
      interruptible: true,
      gpus: [0, 1, 2, 3, 4, 5, 6, 7],
    });
    const busy = await call<GpuNodeStatus>('GET', '/v1/node');
    expect(busy.body.utilisation).toBeCloseTo(0.9, 6);
    expect(busy.body.powerW).toBeCloseTo(8 * (90 + 610 * 0.9), 6);

    const notice = await call<WorkloadStatus>('POST', '/v1/workloads/lease-42/preempt', { noticeS: 300 });
    expect(notice.status).toBe(202);
    expect(notice.body).toMatchObject({ state: 'preempting', preemptAtMs: clockMs + 300_000 });
    clockMs += 299_000;
    expect((await call<GpuNodeStatus>('GET', '/v1/node')).body.utilisation).toBeCloseTo(0.9, 6);
    clockMs += 1_000;
    const after = await call<WorkloadStatus>('GET', '/v1/workloads/lease-42');
    expect(after.body).toMatchObject({ state: 'stopped', stopReason: 'preempted' });
    expect((await call<GpuNodeStatus>('GET', '/v1/node')).body).toMatchObject({ powerW: 720, freeGpus: 8 });

    await call('POST', '/v1/workloads', { id: 'batch-1', gpus: 2 });
    const stopped = await call<WorkloadStatus>('DELETE', '/v1/workloads/batch-1');
    expect(stopped.body).toMatchObject({ state: 'stopped', stopReason: 'stopped' });
    const list = await call<{ workloads: WorkloadStatus[] }>('GET', '/v1/workloads');
    expect(list.body.workloads.map((w) => w.id)).toEqual(['batch-1', 'lease-42']);
  });

  it('power limit: caps the draw; out of range is 400', async () => {
    await call('POST', '/v1/workloads', { id: 'full', gpus: 8, utilisation: 1 });
    const limited = await call<GpuNodeStatus>('PUT', '/v1/power-limit', { wattsPerGpu: 400 });
    expect(limited.body).toMatchObject({ powerW: 3200, powerLimitW: 400 });
    const refused = await call<{ error: { kind: string } }>('PUT', '/v1/power-limit', { wattsPerGpu: 900 });
    expect(refused).toMatchObject({ status: 400, body: { error: { kind: 'invalid' } } });
    await call('PUT', '/v1/power-limit', { wattsPerGpu: null });
    await call('DELETE', '/v1/workloads/full');
  });

  it('answers 409 for too many GPUs, 404 for unknown workloads and routes', async () => {
    expect((await call('POST', '/v1/workloads', { id: 'huge', gpus: 9 })).status).toBe(409);
    expect((await call('DELETE', '/v1/workloads/nope')).status).toBe(404);
    expect((await call('GET', '/v2/anything')).status).toBe(404);
    expect((await call('POST', '/v1/workloads', { id: '', gpus: 1 })).status).toBe(400);
  });
});
