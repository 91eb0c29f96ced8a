import { describe, expect, it } from 'vitest';
import type { MinerModel } from '../market/reference.ts';
import type { MinerGroup } from './fleet-schema.ts';
import { minerGroupCapability } from './miner-segments.ts';

// Nameplates as in reference/miner_models.csv.
const S21: MinerModel = {
  model: 'Antminer S21',
  vendor: 'Bitmain',
  hashrateThs: 200,
  powerW: 3500,
  efficiencyJPerTh: 17.5,
};
const S19J_PRO: MinerModel = {
  model: 'Antminer S19j Pro',
  vendor: 'Bitmain',
  hashrateThs: 104,
  powerW: 3068,
  efficiencyJPerTh: 29.5,
};

function group(overrides: Partial<MinerGroup> = {}): MinerGroup {
  return {
    id: 'g1',
    model: S21.model,
    count: 6000,
    firmware: 'braiins-os',
    underclockEfficiencyExponent: 0.3,
    ...overrides,
  };
}

/** J/TH of a segment: W per TH/s = 1e6 / (TH/s per MW). */
const jPerTh = (thsPerMw: number) => 1e6 / thsPerMw;

describe('minerGroupCapability without a power target', () => {
  it('is one nameplate segment: count x power MW at hashrate / power TH/s per MW', () => {
    const capability = minerGroupCapability(
      group({ model: S19J_PRO.model, count: 4000, firmware: 'antminer-stock' }),
      S19J_PRO,
    );
    expect(capability).toEqual({
      id: 'g1',
      model: 'Antminer S19j Pro',
      count: 4000,
      nameplateEfficiencyJPerTh: 29.5,
      segments: [{ maxMw: (4000 * 3068) / 1e6, thsPerMw: (104 / 3068) * 1e6 }],
    });
    expect(capability.segments[0]!.powerTargetW).toBeUndefined();
  });

  it('yields the nameplate hashrate when the segment is full', () => {
    const [segment] = minerGroupCapability(group({ count: 1000 }), S21).segments;
    expect(segment!.maxMw * segment!.thsPerMw).toBeCloseTo(1000 * 200, 6);
  });
});

describe('minerGroupCapability with a power target', () => {
  const powerTargetW = { minW: 2400, maxW: 3500 };
  const capability = minerGroupCapability(group({ powerTargetW }), S21);
  const { segments } = capability;

  it('has several segments whose TH/s per MW strictly decreases (concave, filled in order)', () => {
    expect(segments.length).toBeGreaterThan(1);
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]!.thsPerMw).toBeLessThan(segments[i - 1]!.thsPerMw);
      expect(segments[i]!.maxMw).toBeGreaterThan(0);
    }
  });

  it('adds up to count x maxW', () => {
    const total = segments.reduce((sum, s) => sum + s.maxMw, 0);
    expect(total).toBeCloseTo((6000 * powerTargetW.maxW) / 1e6, 9);
  });

  it('starts at minW with count x minW MW, and raises the target step by step up to maxW', () => {
    expect(segments[0]!.maxMw).toBeCloseTo((6000 * powerTargetW.minW) / 1e6, 9);
    expect(segments[0]!.powerTargetW).toBe(powerTargetW.minW);
    const targets = segments.map((s) => s.powerTargetW!);
    for (let i = 1; i < targets.length; i++) expect(targets[i]).toBeGreaterThan(targets[i - 1]!);
    expect(targets.at(-1)).toBeCloseTo(powerTargetW.maxW, 9);
  });

  it('runs the first segment at better than nameplate efficiency, by (minW / nameplate)^exponent', () => {
    const first = jPerTh(segments[0]!.thsPerMw);
    expect(first).toBeLessThan(S21.efficiencyJPerTh);
    expect(first).toBeCloseTo(S21.efficiencyJPerTh * (powerTargetW.minW / S21.powerW) ** 0.3, 9);
  });

  it('gives the nameplate hashrate with every segment full when maxW is the nameplate power', () => {
    const ths = segments.reduce((sum, s) => sum + s.maxMw * s.thsPerMw, 0);
    expect(ths).toBeCloseTo(6000 * S21.hashrateThs, 6);
  });

  it('keeps the group identity and nameplate efficiency', () => {
    expect(capability).toMatchObject({
      id: 'g1',
      model: 'Antminer S21',
      count: 6000,
      nameplateEfficiencyJPerTh: 17.5,
    });
  });

  it('stays concave when maxW overclocks above nameplate: the top segment is worse than nameplate', () => {
    const over = minerGroupCapability(group({ powerTargetW: { minW: 3000, maxW: 4200 } }), S21).segments;
    for (let i = 1; i < over.length; i++) expect(over[i]!.thsPerMw).toBeLessThan(over[i - 1]!.thsPerMw);
    expect(jPerTh(over.at(-1)!.thsPerMw)).toBeGreaterThan(S21.efficiencyJPerTh);
    expect(over.reduce((sum, s) => sum + s.maxMw, 0)).toBeCloseTo((6000 * 4200) / 1e6, 9);
  });

  it('has flat efficiency when the underclock exponent is 0 (no gain from underclocking)', () => {
    const flat = minerGroupCapability(group({ powerTargetW, underclockEfficiencyExponent: 0 }), S21).segments;
    for (const segment of flat) expect(jPerTh(segment.thsPerMw)).toBeCloseTo(S21.efficiencyJPerTh, 9);
  });
});
