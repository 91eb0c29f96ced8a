import { describe, expect, it } from 'vitest';
import { agentConfig } from './agent-config.ts';

describe('agentConfig', () => {
  it('fills defaults and freezes', () => {
    const config = agentConfig({ siteId: 'tx-west-1' });
    expect(config).toMatchObject({
      pollIntervalMs: 60_000,
      waveSpacingMs: 10_000,
      fallback: { rule: 'hold-last' },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem', () => {
    expect(() =>
      agentConfig({ siteId: 'Bad Site', pollIntervalMs: 0, fallback: { rule: 'breakeven' } } as never),
    ).toThrow(/3 problem\(s\)[\s\S]*siteId[\s\S]*pollIntervalMs[\s\S]*fallback\.breakeven/);
  });
});
