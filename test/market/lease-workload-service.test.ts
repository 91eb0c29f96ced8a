import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/adapters/storage/memory-storage.ts';
import type { Lease } from '../../src/core/marketplace/index.ts';
import { LeaseWorkloadService } from '../../src/server/services/market/lease-workload-service.ts';

const lease = (idempotencyKey: string, placed = true) =>
  ({
    id: `lease-${idempotencyKey}`,
    tenantId: 't1',
    idempotencyKey,
    placements: placed ? [{ nodeId: 'n0', gpus: 8, workloadId: `lease-${idempotencyKey}.0` }] : [],
  }) as unknown as Lease;

describe('LeaseWorkloadService', () => {
  const runs = {
    workloadRuns: async (leaseId: string) => [
      {
        workloadId: `${leaseId}.0`,
        jobId: '42',
        node: 'sy-h100-0',
        state: 'RUNNING',
        exitCode: null,
        output: '/jobs/x.out',
      },
    ],
  };

  it('refuses a bad workload naming each field, never echoing values', async () => {
    const service = new LeaseWorkloadService(new MemoryStorage(), () => 0, runs);
    const refusal = service.record('t1', 'k', {
      kind: 'command',
      command: 'a\nb',
      env: { SLURM_X: 'hf_secret' },
    });
    await expect(refusal).rejects.toMatchObject({
      code: 'SY_ERR_MARKET_WORKLOAD_INVALID',
      details: { problems: [{ field: 'workload.command' }, { field: 'workload.env.SLURM_X' }] },
    });
    await expect(refusal).rejects.not.toThrow(/hf_secret/);
  });

  it('keeps the first workload of a booking key; another workload under it is an idempotency conflict', async () => {
    const service = new LeaseWorkloadService(new MemoryStorage(), () => 0, runs);
    await service.record('t1', 'k', { kind: 'command', command: 'train', env: { B: '2', A: '1' } });
    await service.record('t1', 'k', { kind: 'command', command: 'train', env: { A: '1', B: '2' } });
    await expect(service.record('t1', 'k', { kind: 'command', command: 'other' })).rejects.toMatchObject({
      code: 'SY_ERR_MARKET_IDEMPOTENCY_CONFLICT',
    });
    expect(await service.of(lease('k'))).toEqual({
      kind: 'command',
      command: 'train',
      env: { B: '2', A: '1' },
    });
  });

  it('shows the spec redacted with its runs; an interactive run says how to attach', async () => {
    const service = new LeaseWorkloadService(new MemoryStorage(), () => 0, runs);
    await service.record('t1', 'a', { kind: 'script', script: 'run', env: { API_TOKEN: 'x', N: '1' } });
    expect(await service.view(lease('a'))).toEqual({
      spec: { kind: 'script', script: 'run', env: { API_TOKEN: '[redacted]', N: '1' } },
      runs: [expect.objectContaining({ jobId: '42', state: 'RUNNING', output: '/jobs/x.out' })],
    });
    await service.record('t1', 'i', {
      kind: 'interactive',
      sshPublicKey: 'ssh-ed25519 AAAAC3Nza tenant@laptop',
    });
    expect((await service.view(lease('i'))).runs[0]?.connect).toBe('srun --jobid=42 --overlap --pty bash');
    expect(await service.view(lease('none', false))).toEqual({ spec: null, runs: [] });
  });
});
