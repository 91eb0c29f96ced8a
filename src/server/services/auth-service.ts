import type { ApiKeyRecord, Role, Storage } from '../../core/ports/storage.ts';
import { issueKey, parseKey, verifySecret } from './api-key-secret.ts';

export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly siteId?: string;
  readonly tenantId?: string;
}

/** API keys: issue, verify (with a small cache of verified secrets), revoke. */
export class AuthService {
  /** Verified keys, re-checked against storage after 30 s so a revocation on another replica takes effect. */
  private readonly verified = new Map<string, { principal: Principal; secret: string; atMs: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
  ) {}

  async create(
    input: { name: string; role: Role; siteId?: string; tenantId?: string },
    actor: string,
    /** A transaction the key is created in (with its audit record), when the caller has one. */
    within?: Storage,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    const issued = issueKey();
    const record: ApiKeyRecord = {
      id: issued.id,
      name: input.name,
      role: input.role,
      siteId: input.siteId,
      tenantId: input.tenantId,
      secretHash: issued.secretHash,
      createdAtMs: this.nowMs(),
    };
    await (within ?? this.storage).transaction(async (tx) => {
      await tx.apiKeys.create(record);
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'apikey.create',
        target: `apikey:${record.id}`,
        details: { name: record.name, role: record.role, siteId: record.siteId ?? null },
      });
    });
    return { record, key: issued.key };
  }

  /** The principal of a presented key, or undefined when it is malformed, unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const parsed = parseKey(presented);
    if (!parsed) return undefined;
    const cached = this.verified.get(parsed.id);
    if (cached && cached.secret === parsed.secret && this.nowMs() - cached.atMs < 30_000)
      return cached.principal;
    const record = await this.storage.apiKeys.get(parsed.id);
    if (!record || record.revokedAtMs !== undefined || !verifySecret(parsed.secret, record.secretHash))
      return undefined;
    const principal: Principal = {
      keyId: record.id,
      role: record.role,
      siteId: record.siteId,
      tenantId: record.tenantId,
    };
    this.verified.set(parsed.id, { principal, secret: parsed.secret, atMs: this.nowMs() });
    return principal;
  }

  async revoke(id: string, actor: string): Promise<boolean> {
    this.verified.delete(id);
    return this.storage.transaction(async (tx) => {
      const done = await tx.apiKeys.revoke(id, this.nowMs());
      if (done)
        await tx.audit.append({
          atMs: this.nowMs(),
          actor,
          action: 'apikey.revoke',
          target: `apikey:${id}`,
          details: {},
        });
      return done;
    });
  }
}
