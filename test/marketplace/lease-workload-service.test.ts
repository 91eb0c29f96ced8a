import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/adapters/storage/memory-storage.ts';
import type { Lease } from '../../src/core/marketplace/index.ts';
import { LeaseWorkloadService } from '../../src/server/services/marketplace/lease-workload-service.ts';

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
    connection: (run: { node: string; jobId: string }, tenantId: string) => ({
      host: 'login.example',
      port: 22,
      user: `sy-${tenantId}`,
      node: run.node,
      command: `ssh -t -p 22 sy-${tenantId}@login.example ${run.jobId}`,
    }),
  };
  const ED25519 =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhm7FGkSoE4AK6uAjE/TGMQlFD5vnXLBjHSfaZKIn/M tenant@laptop';

  it('registers SSH keys once each, refuses a bad one naming the field without echoing it, removes one', async () => {
    const storage = new MemoryStorage();
    const service = new LeaseWorkloadService(storage, () => 7, runs);
    const key = await service.addSshKey('t1', ED25519, 'tenant:t1');
    expect(await service.addSshKey('t1', `${ED25519}  `, 'tenant:t1')).toEqual(key);
    expect(await service.sshKeys('t1')).toEqual([key]);
    const bad = service.addSshKey('t1', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC5y3Wh', 'tenant:t1');
    await expect(bad).rejects.toMatchObject({
      code: 'SY_ERR_MARKET_WORKLOAD_INVALID',
      details: { problems: [{ field: 'publicKey' }] },
    });
    await expect(bad).rejects.not.toThrow(/AAAAB3/);
    const audit = await storage.audit.list({});
    expect(JSON.stringify(audit)).not.toContain('AAAAC3');
    await service.removeSshKey('t1', key.id, 'tenant:t1');
    expect(await service.sshKeys('t1')).toEqual([]);
    await expect(service.removeSshKey('t1', key.id, 'tenant:t1')).rejects.toMatchObject({
      code: 'SY_ERR_NOT_FOUND',
    });
  });

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
    await expect(service.record('t1', 'i', { kind: 'interactive' })).rejects.toMatchObject({
      details: { problems: [{ field: 'workload', problem: 'needs an SSH public key: register one first' }] },
    });
    const key = await service.addSshKey('t1', ED25519, 'tenant:t1');
    // As `ssh-keygen -l` prints it for this key.
    expect(key).toMatchObject({
      id: 'k-02e2f6296c550c70',
      fingerprint: 'SHA256:AuL2KWxVDHCEn6CNebRFyaZiRjzHp/IIaP+WxPsT8Rw',
      type: 'ssh-ed25519',
      bits: 256,
      comment: 'tenant@laptop',
    });
    await expect(
      service.record('t1', 'j', { kind: 'interactive', sshKeyId: 'k-0000000000000000' }),
    ).rejects.toMatchObject({
      details: { problems: [{ field: 'workload.sshKeyId' }] },
    });
    await service.record('t1', 'i', { kind: 'interactive', sshKeyId: key.id });
    expect((await service.view(lease('i'))).runs[0]?.connect).toEqual({
      host: 'login.example',
      port: 22,
      user: 'sy-t1',
      node: 'sy-h100-0',
      command: 'ssh -t -p 22 sy-t1@login.example 42',
    });
    expect(await service.view(lease('none', false))).toEqual({ spec: null, runs: [] });
  });
});
