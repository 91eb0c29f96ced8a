import { describe, expect, it } from 'vitest';
import { CONTRACT_POOL, runComputeBackendContract } from './compute-backend.contract.ts';
import { FakeComputeBackend } from './fake-compute-backend.ts';

runComputeBackendContract('FakeComputeBackend', async () => {
  const fake = new FakeComputeBackend({ pools: [CONTRACT_POOL] });
  return {
    backend: fake,
    now: () => fake.now(),
    advance: (ms) => void fake.advance(ms),
    restart: () => fake.restarted(),
    close: async () => undefined,
  };
});

const lease = (leaseId: string, gpus = 8) => ({
  leaseId,
  siteId: 'site-a',
  groupId: 'h100',
  gpus,
  interruptible: false,
});

describe('FakeComputeBackend', () => {
  it('cuts pools into nodes of the given size and keeps a manual clock', async () => {
    const fake = new FakeComputeBackend({
      pools: [{ siteId: 'site-a', groupId: 'h100', gpus: 10, gpusPerNode: 4 }],
      startMs: 1_000,
    });
    expect(fake.now()).toBe(1_000);
    expect(fake.advance(500).setNow(2_000).now()).toBe(2_000);
    expect(await fake.freeGpus('site-a', 'h100')).toBe(10);
    expect((await fake.provision(lease('a', 10))).map((p) => [p.nodeId, p.gpus])).toEqual([
      ['site-a/h100/0', 4],
      ['site-a/h100/1', 4],
      ['site-a/h100/2', 2],
    ]);
  });

  it('injects failures per operation and lease, for a number of calls or until cleared', async () => {
    const fake = new FakeComputeBackend({ pools: [{ siteId: 'site-a', groupId: 'h100', gpus: 16 }] })
      .withFailure('start', 'a', 1)
      .withFailure('freeGpus');
    await fake.provision(lease('a'));
    await fake.provision(lease('b'));
    await expect(fake.start('a')).rejects.toMatchObject({
      code: 'SY_ERR_COMPUTE_BACKEND',
      message: 'injected failure: start a',
    });
    expect(await fake.start('b')).toMatchObject({ state: 'running' });
    expect(await fake.start('a')).toMatchObject({ state: 'running' });
    await expect(fake.freeGpus('site-a', 'h100')).rejects.toMatchObject({ code: 'SY_ERR_COMPUTE_BACKEND' });
    fake.withoutFailures().withFailure('provision');
    expect(await fake.freeGpus('site-a', 'h100')).toBe(0);
    await expect(fake.provision(lease('c'))).rejects.toThrow(/injected failure: provision c/);
  });

  it('a failed start leaves the lease provisioned with its GPUs reserved, and says why', async () => {
    const fake = new FakeComputeBackend({ pools: [{ siteId: 'site-a', groupId: 'h100', gpus: 8 }] });
    await fake.provision(lease('a'));
    fake.withFailure('start', 'a', 1);
    await expect(fake.start('a')).rejects.toThrow(/injected/);
    expect(await fake.status('a')).toMatchObject({ state: 'provisioned' });
    await expect(fake.provision(lease('b', 1))).rejects.toThrow(/0 GPU\(s\) free, 1 wanted/);
  });
});
