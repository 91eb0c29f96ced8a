import { randomUUID } from 'node:crypto';
import { SwitchyardError } from '../../../core/errors/index.ts';
import type { Tenant } from '../../../core/marketplace/index.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { TenantView } from '../../contracts/marketplace-contract.ts';
import type { AuthService } from '../auth-service.ts';

/** Tenants: created by an operator with their first API key (role tenant), limits, quotas. */
export class TenantService {
  constructor(
    private readonly storage: Storage,
    private readonly auth: AuthService,
    private readonly nowMs: () => number,
  ) {}

  async create(
    input: { name: string; spendingLimitCents: number; maxGpus: number },
    actor: string,
  ): Promise<{ tenant: Tenant; apiKey: string }> {
    const tenant: Tenant = {
      id: `t-${randomUUID().slice(0, 8)}`,
      name: input.name,
      spendingLimitCents: input.spendingLimitCents,
      maxGpus: input.maxGpus,
      createdAtMs: this.nowMs(),
    };
    // The tenant, its first key and both audit records commit together or not at all.
    const key = await this.storage.transaction(async (tx) => {
      await tx.marketplace.createTenant(tenant);
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'tenant.create',
        target: `tenant:${tenant.id}`,
        details: {
          name: tenant.name,
          spendingLimitCents: tenant.spendingLimitCents,
          maxGpus: tenant.maxGpus,
        },
      });
      const issued = await this.auth.create(
        { name: `${tenant.name} (tenant)`, role: 'tenant', tenantId: tenant.id },
        actor,
        tx,
      );
      return issued.key;
    });
    return { tenant, apiKey: key };
  }

  async update(
    id: string,
    patch: { spendingLimitCents?: number; maxGpus?: number },
    actor: string,
  ): Promise<Tenant> {
    // Only the named limits are changed and recorded; the change and its record commit together.
    const limits = {
      ...(patch.spendingLimitCents === undefined ? {} : { spendingLimitCents: patch.spendingLimitCents }),
      ...(patch.maxGpus === undefined ? {} : { maxGpus: patch.maxGpus }),
    };
    const tenant = await this.storage.transaction(async (tx) => {
      const updated = await tx.marketplace.updateTenant(id, limits);
      if (!updated) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no tenant ${id}`, { tenantId: id });
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'tenant.update',
        target: `tenant:${id}`,
        details: limits,
      });
      return updated;
    });
    return tenant;
  }

  async get(id: string): Promise<TenantView> {
    const tenant = await this.storage.marketplace.getTenant(id);
    if (!tenant) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no tenant ${id}`, { tenantId: id });
    return { ...tenant, gpusHeld: await this.storage.marketplace.tenantGpusHeld(id) };
  }

  async list(): Promise<TenantView[]> {
    const tenants = await this.storage.marketplace.listTenants();
    return Promise.all(
      tenants.map(async (t) => ({ ...t, gpusHeld: await this.storage.marketplace.tenantGpusHeld(t.id) })),
    );
  }
}
