import { describe, expect, it } from 'vitest';
import { expectedProductionSats } from './expected-production.ts';
import { pplnsProductionSats } from './pplns-production.ts';

// Worked example. Difficulty 60 T -> network hashrate N = 60e12 x 2^32 / 600 = 429.5 EH/s. The site
// runs N / 1000 = 429.5 PH/s (0.1 % of the network) in a pool holding 10 % of the network, so it is
// 1 % of the pool. On a day the network finds 150 blocks paying 3.125 BTC subsidy + 0.05 BTC fees each
// (3.175 BTC), and the pool charges 2 %:
//   blocks the pool finds   = 10 % x 150       = 15
//   the site's share        = 1 % x 15 blocks  = 0.15 blocks x 3.175 BTC = 0.47625 BTC
//   less the 2 % fee        = 0.466725 BTC     = 46,672,500 sats
// FPPS pays the expected 144 blocks instead: 0.1 % x 144 x 3.175 x 0.98 = 0.448056 BTC.
const example = {
  hashrateHs: 10n ** 8n * 2n ** 32n, // 60e12 x 2^32 / 600 / 1000 = 1e8 x 2^32 H/s
  difficultyScaled: 60_000_000_000_000n * 10n ** 8n,
  subsidySatsPerBlock: 312_500_000n,
  feesSats: 150n * 5_000_000n,
  feeBlocks: 150n,
  poolFeeBps: 200n,
  networkBlocks: 150n,
  poolShareBps: 1_000n,
};

describe('pplnsProductionSats (PPLNS, floor to whole sats)', () => {
  it('pays the site its share of the blocks the pool found: the worked example', () => {
    expect(pplnsProductionSats(example)).toBe(46_672_500n);
    expect(expectedProductionSats(example)).toBe(44_805_600n);
    // PPLNS = FPPS x actual / expected blocks (150 / 144) in expectation.
    expect((expectedProductionSats(example) * 150n) / 144n).toBe(46_672_500n);
  });

  it('does not depend on the pool share in expectation, but does on the blocks the pool actually found', () => {
    expect(pplnsProductionSats({ ...example, poolShareBps: 3_000n })).toBe(46_672_500n);
    expect(pplnsProductionSats({ ...example, poolShareBps: 10_000n })).toBe(46_672_500n);
    // Bad luck: the pool found 12 blocks instead of 15 -> 1 % x 12 x 3.175 x 0.98 = 0.37338 BTC.
    expect(pplnsProductionSats({ ...example, poolBlocks: 12n })).toBe(37_338_000n);
    // With a 30 % pool the site is 1/300 of it: 1/300 x 12 blocks.
    expect(pplnsProductionSats({ ...example, poolShareBps: 3_000n, poolBlocks: 12n })).toBe(12_446_000n);
  });

  it('scales with the part of the day settled, and refuses a site larger than its pool', () => {
    expect(pplnsProductionSats({ ...example, seconds: 43_200n })).toBe(23_336_250n);
    expect(() => pplnsProductionSats({ ...example, poolShareBps: 5n })).toThrow(/exceeds the pool's/);
    expect(() => pplnsProductionSats({ ...example, poolShareBps: 0n })).toThrow(/pool share/);
  });
});
