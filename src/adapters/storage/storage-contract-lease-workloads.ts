import { beforeAll, describe, expect, it } from 'vitest';
import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
import type { TenantSshKey } from '../../core/marketplace/ssh-public-key.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { BASE_MS, type ContractContext } from './storage-contract-context.ts';

/** Lease workloads keyed by booking. Called inside the Storage contract's describe (storage.contract.ts). */
export function leaseWorkloadsContract(ctx: ContractContext): void {
  let storage: Storage;
  beforeAll(() => {
    storage = ctx.storage();
  });

  describe('marketplace: lease workloads', () => {
    it('keeps the first workload stored under a booking key, and keeps tenants apart', async () => {
      const tenant = ctx.uid('tenant');
      const script: LeaseWorkload = {
        kind: 'script',
        script: '#!/bin/bash\necho "it\'s $RUN"\n',
        env: { RUN: 'épreuve 1', EMPTY: '' },
      };
      expect(await storage.leaseWorkloads.get(tenant, 'k1')).toBeUndefined();
      expect(await storage.leaseWorkloads.put(tenant, 'k1', script, BASE_MS)).toEqual(script);
      const other: LeaseWorkload = { kind: 'command', command: 'nvidia-smi' };
      expect(await storage.leaseWorkloads.put(tenant, 'k1', other, BASE_MS + 1)).toEqual(script);
      expect(await storage.leaseWorkloads.get(tenant, 'k1')).toEqual(script);
      expect(await storage.leaseWorkloads.get(ctx.uid('tenant'), 'k1')).toBeUndefined();
      const ssh: LeaseWorkload = { kind: 'interactive', sshKeyId: 'k-02e2f6296c550c70' };
      expect(await storage.leaseWorkloads.put(tenant, 'k2', ssh, BASE_MS)).toEqual(ssh);
    });

    it("keeps each tenant's SSH keys once, oldest first, and removes one", async () => {
      const tenant = ctx.uid('tenant');
      const key = (id: string, atMs: number): TenantSshKey => ({
        id,
        tenantId: tenant,
        type: 'ssh-ed25519',
        fingerprint: `SHA256:${id}`,
        bits: 256,
        publicKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI ${id}`,
        comment: id,
        createdAtMs: atMs,
      });
      expect(await storage.leaseWorkloads.sshKeys(tenant)).toEqual([]);
      const first = key('k-0000000000000001', BASE_MS);
      expect(await storage.leaseWorkloads.addSshKey(first)).toEqual(first);
      expect(await storage.leaseWorkloads.addSshKey({ ...first, createdAtMs: BASE_MS + 5 })).toEqual(first);
      const second = key('k-0000000000000002', BASE_MS + 1);
      await storage.leaseWorkloads.addSshKey(second);
      expect(await storage.leaseWorkloads.sshKeys(tenant)).toEqual([first, second]);
      expect(await storage.leaseWorkloads.sshKeys(ctx.uid('tenant'))).toEqual([]);
      expect(await storage.leaseWorkloads.removeSshKey(tenant, first.id)).toBe(true);
      expect(await storage.leaseWorkloads.removeSshKey(tenant, first.id)).toBe(false);
      expect(await storage.leaseWorkloads.sshKeys(tenant)).toEqual([second]);
    });
  });
}
