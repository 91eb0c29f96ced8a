import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComputeRequest } from '../../core/ports/compute-backend.ts';
import type { RestartableComputeBackend } from './node-pool-compute-backend.ts';

/**
 * The pool every implementation is seeded with: 20 GPUs of 700 W (90 W idle) cut into nodes of 8,
 * so `site-a/h100/0` and `/1` have 8 GPUs and `/2` has 4.
 */
export const CONTRACT_POOL = {
  siteId: 'site-a',
  groupId: 'h100',
  gpus: 20,
  gpusPerNode: 8,
  wattsPerGpu: 700,
  idleWattsPerGpu: 90,
} as const;
const NODE_0 = 'site-a/h100/0';
const NODE_1 = 'site-a/h100/1';
const NODE_2 = 'site-a/h100/2';

/** One implementation over fresh nodes of `CONTRACT_POOL`, with the nodes' clock under test control. */
export interface ComputeBackendUnderTest {
  readonly backend: RestartableComputeBackend;
  /** The nodes' clock, epoch ms. */
  now(): number;
  advance(ms: number): void;
  /** A new backend over the same nodes that remembers no lease (a process restart). */
  restart(): RestartableComputeBackend;
  close(): Promise<void>;
}

const request = (leaseId: string, gpus: number, more: Partial<ComputeRequest> = {}): ComputeRequest => ({
  leaseId,
  siteId: CONTRACT_POOL.siteId,
  groupId: CONTRACT_POOL.groupId,
  gpus,
  interruptible: false,
  ...more,
});
/** W of `gpus` GPUs busy at `utilisation`. */
const watts = (gpus: number, utilisation: number) => gpus * (90 + (700 - 90) * utilisation);
const backendError = (message: RegExp) =>
  expect.objectContaining({ code: 'SY_ERR_COMPUTE_BACKEND', message: expect.stringMatching(message) });

/** Runs the behaviours every `ComputeBackend` implementation must have, as a vitest `describe`. */
export function runComputeBackendContract(
  name: string,
  create: () => Promise<ComputeBackendUnderTest>,
): void {
  describe(`ComputeBackend contract: ${name}`, () => {
    let sut: ComputeBackendUnderTest;
    let backend: RestartableComputeBackend;
    const { siteId, groupId } = CONTRACT_POOL;
    beforeEach(async () => {
      sut = await create();
      backend = sut.backend;
    });
    afterEach(async () => sut.close());

    describe('provision', () => {
      it('puts a lease of 8 on one whole 8-GPU node, workload <leaseId>.0', async () => {
        expect(await backend.provision(request('l8', 8))).toEqual([
          { nodeId: NODE_0, gpus: 8, workloadId: 'l8.0' },
        ]);
        expect(await backend.status('l8')).toMatchObject({
          state: 'provisioned',
          startedAtMs: null,
          powerW: null,
        });
      });

      it('best fit: 4 GPUs take the 4-GPU node, 3 then an 8-GPU node', async () => {
        expect(await backend.provision(request('l4', 4))).toEqual([
          { nodeId: NODE_2, gpus: 4, workloadId: 'l4.0' },
        ]);
        expect(await backend.provision(request('l3', 3))).toEqual([
          { nodeId: NODE_0, gpus: 3, workloadId: 'l3.0' },
        ]);
      });

      it('a lease of 16 spans the two 8-GPU nodes; one of 20 takes all three', async () => {
        expect(await backend.provision(request('l16', 16))).toEqual([
          { nodeId: NODE_0, gpus: 8, workloadId: 'l16.0' },
          { nodeId: NODE_1, gpus: 8, workloadId: 'l16.1' },
        ]);
        await backend.stop('l16');
        expect((await backend.provision(request('l20', 20))).map((p) => p.gpus)).toEqual([8, 8, 4]);
      });

      it('refuses a lease that does not fit, naming free vs wanted', async () => {
        const refusal = backend.provision(request('big', 21));
        await expect(refusal).rejects.toEqual(backendError(/20 GPU\(s\) free, 21 wanted/));
        await expect(refusal).rejects.toMatchObject({ details: { freeGpus: 20, wantedGpus: 21 } });
      });

      it('two provisions in a row never pick the same free GPUs', async () => {
        const a = await backend.provision(request('a', 8));
        const b = await backend.provision(request('b', 8));
        expect(a[0]!.nodeId).not.toBe(b[0]!.nodeId);
        await expect(backend.provision(request('c', 8))).rejects.toEqual(
          backendError(/4 GPU\(s\) free, 8 wanted/),
        );
        expect(await backend.provision(request('d', 4))).toEqual([
          { nodeId: NODE_2, gpus: 4, workloadId: 'd.0' },
        ]);
      });

      it('provisioning the same lease again returns its placements', async () => {
        const first = await backend.provision(request('again', 8));
        expect(await backend.provision(request('again', 8))).toEqual(first);
        expect(await backend.provision(request('other', 12))).toHaveLength(2);
      });

      it('stopping a lease before it starts releases its GPUs', async () => {
        await backend.provision(request('all', 20));
        expect(await backend.stop('all')).toMatchObject({ state: 'stopped', startedAtMs: null });
        await backend.provision(request('all-again', 20));
        expect(await backend.preempt('all-again', 60_000)).toMatchObject({ state: 'stopped' });
        await backend.provision(request('third', 20));
      });
    });

    describe('running leases', () => {
      it('start → running with startedAtMs from the node, utilisation and power of its GPUs', async () => {
        sut.advance(1_000);
        const t = sut.now();
        await backend.provision(request('half', 4, { expectedUtilisation: 0.5 }));
        const status = await backend.start('half');
        expect(status).toMatchObject({ leaseId: 'half', state: 'running', startedAtMs: t, reportedAtMs: t });
        expect(status).toMatchObject({ stoppedAtMs: null, preemptAtMs: null, utilisation: 0.5 });
        expect(status.powerW).toBeCloseTo(watts(4, 0.5), 6);
        await backend.provision(request('default', 8));
        const busy = await backend.start('default');
        expect(busy.utilisation).toBeCloseTo(0.9, 9);
        expect(busy.powerW).toBeCloseTo(watts(8, 0.9), 6);
        expect(await backend.start('default')).toMatchObject({ state: 'running', startedAtMs: t });
      });

      it('free GPUs go down on start and up after stop', async () => {
        expect(await backend.freeGpus(siteId, groupId)).toBe(20);
        await backend.provision(request('f', 8));
        await backend.start('f');
        expect(await backend.freeGpus(siteId, groupId)).toBe(12);
        await backend.stop('f');
        expect(await backend.freeGpus(siteId, groupId)).toBe(20);
      });

      it('stop → stopped with stoppedAtMs; stopping twice is fine', async () => {
        const t = sut.now();
        await backend.provision(request('s', 8));
        await backend.start('s');
        sut.advance(60_000);
        const stopped = await backend.stop('s');
        expect(stopped).toMatchObject({ state: 'stopped', startedAtMs: t, stoppedAtMs: t + 60_000 });
        expect(stopped).toMatchObject({ powerW: 0, utilisation: 0 });
        sut.advance(5_000);
        expect(await backend.stop('s')).toMatchObject({ state: 'stopped', stoppedAtMs: t + 60_000 });
        expect(await backend.status('s')).toMatchObject({ state: 'stopped', stoppedAtMs: t + 60_000 });
      });

      it('preempt → preempting until the notice runs out, then stopped', async () => {
        await backend.provision(request('p', 8, { interruptible: true }));
        await backend.start('p');
        sut.advance(10_000);
        const t = sut.now();
        const notice = await backend.preempt('p', 120_000);
        expect(notice).toMatchObject({ state: 'preempting', preemptAtMs: t + 120_000, stoppedAtMs: null });
        sut.advance(119_999);
        expect(await backend.status('p')).toMatchObject({ state: 'preempting' });
        expect(await backend.freeGpus(siteId, groupId)).toBe(12);
        sut.advance(1);
        const gone = await backend.status('p');
        expect(gone).toMatchObject({ state: 'stopped', stoppedAtMs: t + 120_000, preemptAtMs: t + 120_000 });
        expect(await backend.freeGpus(siteId, groupId)).toBe(20);
        expect(await backend.preempt('p', 1_000)).toMatchObject({ state: 'stopped' });
      });

      it('a lease of 16 GPUs runs across two 8-GPU nodes and reports all 16', async () => {
        const t = sut.now();
        await backend.provision(request('wide', 16, { expectedUtilisation: 1 }));
        const status = await backend.start('wide');
        expect(status).toMatchObject({ state: 'running', startedAtMs: t, utilisation: 1 });
        expect(status.powerW).toBeCloseTo(watts(16, 1), 6);
        expect(await backend.freeGpus(siteId, groupId)).toBe(4);
        sut.advance(1_000);
        const preempting = await backend.preempt('wide', 0);
        expect(preempting).toMatchObject({ state: 'stopped', stoppedAtMs: t + 1_000 });
        expect(await backend.freeGpus(siteId, groupId)).toBe(20);
      });
    });

    describe('errors', () => {
      it('carry SY_ERR_COMPUTE_BACKEND', async () => {
        for (const call of [
          () => backend.status('nope'),
          () => backend.start('nope'),
          () => backend.stop('nope'),
          () => backend.preempt('nope', 0),
        ]) {
          await expect(call()).rejects.toEqual(backendError(/unknown lease nope/));
        }
        await expect(backend.provision(request('zero', 0))).rejects.toEqual(backendError(/positive integer/));
        await expect(backend.provision({ ...request('x', 1), groupId: 'a100' })).rejects.toEqual(
          backendError(/no GPU nodes in pool site-a\/a100/),
        );
        await backend.provision(request('done', 1));
        await backend.stop('done');
        await expect(backend.start('done')).rejects.toEqual(backendError(/lease done is stopped/));
      });
    });

    describe('restart', () => {
      it('adopt re-attaches running and provisioned leases to their stored placements', async () => {
        const t = sut.now();
        const running = await backend.provision(request('r', 8));
        await backend.start('r');
        const waiting = await backend.provision(request('w', 8));
        const after = sut.restart();
        await expect(after.status('r')).rejects.toEqual(backendError(/unknown lease r/));
        expect(await after.adopt('r', request('r', 8), running)).toMatchObject({
          state: 'running',
          startedAtMs: t,
        });
        expect(await after.adopt('w', request('w', 8), waiting)).toMatchObject({ state: 'provisioned' });
        await expect(after.provision(request('n', 8))).rejects.toEqual(
          backendError(/4 GPU\(s\) free, 8 wanted/),
        );
        expect(await after.adopt('w', request('w', 8), waiting)).toMatchObject({ state: 'provisioned' });
        await expect(after.adopt('w', request('w', 8), running)).rejects.toEqual(
          backendError(/placed elsewhere/),
        );
        expect(await after.start('w')).toMatchObject({ state: 'running' });
        expect(await after.stop('r')).toMatchObject({ state: 'stopped' });
        expect(await after.freeGpus(siteId, groupId)).toBe(12);
      });

      it('adopt refuses placements that do not match the request or the inventory', async () => {
        const placements = [{ nodeId: NODE_0, gpus: 8, workloadId: 'q.0' }];
        await expect(backend.adopt('q', request('q', 4), placements)).rejects.toEqual(
          backendError(/hold 8 GPU/),
        );
        await expect(backend.adopt('q', request('other', 8), placements)).rejects.toEqual(
          backendError(/request is for lease other/),
        );
        const elsewhere = [{ nodeId: 'site-b/h100/0', gpus: 8, workloadId: 'q.0' }];
        await expect(backend.adopt('q', request('q', 8), elsewhere)).rejects.toEqual(
          backendError(/unknown GPU node/),
        );
      });
    });
  });
}
