import { describe, expect, it } from 'vitest';
import { v3Token } from './v3-token.ts';

// Expected values from Python: base64.b64encode(hashlib.sha256(cmd+pwd+salt+ts).digest())[:8]
describe('v3Token', () => {
  it('is the first 8 base64 characters of sha256(cmd + password + salt + ts)', () => {
    expect(v3Token('set.miner.service', 'super', 'uhCiDyVj', 1773869570)).toBe('wusyZCiM');
    expect(v3Token('set.miner.power_limit', 'passw0rd', 'uhCiDyVj', 1700000000)).toBe('dAFAgcTt');
  });
});
