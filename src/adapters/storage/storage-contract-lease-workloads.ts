import { beforeAll, describe, expect, it } from 'vitest';
import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
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
      const ssh: LeaseWorkload = {
        kind: 'interactive',
        sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI tenant@laptop',
      };
      expect(await storage.leaseWorkloads.put(tenant, 'k2', ssh, BASE_MS)).toEqual(ssh);
    });
  });
}
