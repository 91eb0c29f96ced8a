import type { ApiKeyRecord, Role, Storage } from '../../core/ports/storage.ts';
import { issueKey, parseKey, verifySecret } from './api-key-secret.ts';
import { AuthGuard } from './auth-guard.ts';

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
    private readonly guard: AuthGuard = new AuthGuard(),
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

  /** The principal of a presented key, or undefined when it is malformed, unknown, wrong, revoked or rate-limited. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const checked = await this.check(presented);
    return checked.ok ? checked.principal : undefined;
  }

  /**
   * Checks a presented key: a recently verified key from memory; otherwise the stored record (for
   * revocation) and the secret, by digest when it was verified before, by scrypt only when the key
   * id is not rate-limited by recent failures (auth-guard.ts).
   */
  async check(
    presented: string,
  ): Promise<{ ok: true; principal: Principal } | { ok: false; retryAfterSeconds?: number }> {
    const parsed = parseKey(presented);
    if (!parsed) return { ok: false };
    const cached = this.verified.get(parsed.id);
    if (cached && cached.secret === parsed.secret && this.nowMs() - cached.atMs < 30_000)
      return { ok: true, principal: cached.principal };
    const record = await this.storage.apiKeys.get(parsed.id);
    if (!record || record.revokedAtMs !== undefined) return { ok: false };
    if (!this.guard.knows(record.id, parsed.secret, record.secretHash)) {
      const retryAfterSeconds = this.guard.limited(record.id);
      if (retryAfterSeconds > 0) return { ok: false, retryAfterSeconds };
      if (!(await verifySecret(parsed.secret, record.secretHash))) {
        this.guard.failed(record.id);
        return { ok: false };
      }
      this.guard.verified(record.id, parsed.secret, record.secretHash);
    }
    const principal: Principal = {
      keyId: record.id,
      role: record.role,
      siteId: record.siteId,
      tenantId: record.tenantId,
    };
    this.verified.set(parsed.id, { principal, secret: parsed.secret, atMs: this.nowMs() });
    return { ok: true, principal };
  }

  async revoke(id: string, actor: string): Promise<boolean> {
    this.verified.delete(id);
    this.guard.forget(id);
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

  /** Every API key, without its secret's hash. */
  async list(): Promise<Omit<ApiKeyRecord, 'secretHash'>[]> {
    return (await this.storage.apiKeys.list()).map(({ secretHash: _hash, ...key }) => key);
  }
}
