import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../adapters/storage/memory-storage.ts';
import { AuthGuard, FAILURE_WINDOW_MS, MAX_FAILURES_PER_WINDOW } from './auth-guard.ts';
import { AuthService } from './auth-service.ts';

/** Issue 13, defect 7: a wrong secret for a real key id must not buy a scrypt run without limit. */
describe('AuthGuard', () => {
  it('limits a key id after the failures of one window, and frees it when the window passes', () => {
    let now = 0;
    const guard = new AuthGuard(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW; i++) {
      expect(guard.limited('k1')).toBe(0);
      guard.failed('k1');
    }
    expect(guard.limited('k1')).toBe(FAILURE_WINDOW_MS / 1000);
    expect(guard.limited('k2')).toBe(0);
    now += FAILURE_WINDOW_MS;
    expect(guard.limited('k1')).toBe(0);
  });

  it('knows a verified secret only for its id and stored hash', () => {
    const guard = new AuthGuard(() => 0);
    guard.verified('k1', 'secret', 'hash-1');
    expect(guard.knows('k1', 'secret', 'hash-1')).toBe(true);
    expect(guard.knows('k1', 'other', 'hash-1')).toBe(false);
    expect(guard.knows('k1', 'secret', 'hash-2')).toBe(false);
    expect(guard.knows('k2', 'secret', 'hash-1')).toBe(false);
    guard.forget('k1');
    expect(guard.knows('k1', 'secret', 'hash-1')).toBe(false);
  });
});

describe('AuthService under a wrong-secret flood', () => {
  it('refuses a flooded key id unchecked while its verified owner still gets in; revocation still holds', async () => {
    let wall = Date.parse('2024-01-01T00:00:00Z');
    let mono = 0;
    const storage = new MemoryStorage();
    const auth = new AuthService(storage, () => wall, new AuthGuard(() => mono));
    const { key, record } = await auth.create({ name: 'agent', role: 'agent', siteId: 's1' }, 'test');
    expect(await auth.authenticate(key)).toMatchObject({ keyId: record.id });
    const wrong = `sy_${record.id}_${'x'.repeat(32)}`;
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW; i++) expect(await auth.check(wrong)).toEqual({ ok: false });
    expect(await auth.check(wrong)).toEqual({ ok: false, retryAfterSeconds: 60 });
    // Past the 30 s memory of the principal: the owner is checked by digest, not locked out.
    wall += 31_000;
    expect(await auth.check(key)).toMatchObject({ ok: true });
    await auth.revoke(record.id, 'test');
    expect(await auth.check(key)).toEqual({ ok: false });
    mono += 60_000;
    expect(await auth.check(wrong)).toEqual({ ok: false });
  });
});
