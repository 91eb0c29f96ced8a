import { describe, expect, it } from 'vitest';
import { agentClientId, agentStatusWill, brokerLoginFromKey } from './agent-link.ts';

describe('agent link', () => {
  it('logs in with the key id as username and the whole key as password', () => {
    const key = 'sy_0123456789ab_abc_DEF-ghi_jkl123456789';
    expect(brokerLoginFromKey(` ${key} `)).toEqual({ username: '0123456789ab', password: key });
    expect(() => brokerLoginFromKey('not-a-key')).toThrow(/sy_<id>_<secret>/);
  });

  it('names the client after the site and leaves an offline will on its status topic', () => {
    expect(agentClientId('tx-west-1')).toBe('switchyard-agent-tx-west-1');
    expect(agentStatusWill('tx-west-1')).toEqual({
      topic: 'switchyard/v1/sites/tx-west-1/status',
      payload: { online: false },
      retain: true,
    });
  });
});
