import { describe, expect, it } from 'vitest';
import { EmulatedMiner } from './emulated-miner.ts';
import { type EmulatedMinerOptions, resolveMinerConfig } from './miner-config.ts';

const S21 = { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 };
const T0 = 1_760_000_000_000;

/** A miner on a clock the test moves by hand. */
function fixture(options: Partial<EmulatedMinerOptions> = {}, seed = 42) {
  let t = T0;
  const miner = EmulatedMiner.create({
    spec: S21,
    now: () => t,
    seed,
    // Fixed delays make the tick tables exact.
    sleepDelayS: [10, 10],
    wakeDelayS: [40, 40],
    retuneDelayS: [8, 8],
    ...options,
  });
  return {
    miner,
    at: (seconds: number) => {
      t = T0 + seconds * 1000;
      return miner.snapshot();
    },
  };
}

const curve = (watts: number) => 200 * (watts / 3500) ** 0.7;

describe('EmulatedMiner physics', () => {
  it('hashes at the nameplate: 3 boards summing to the model hashrate, power at the nameplate', () => {
    const { miner } = fixture();
    const s = miner.snapshot();
    expect(s.phase).toBe('hashing');
    expect(s.boards).toHaveLength(3);
    expect(s.nominalHashrateThs).toBeCloseTo(200, 6);
    expect(s.hashrateThs).toBeGreaterThan(198);
    expect(s.hashrateThs).toBeLessThan(202);
    expect(s.powerW).toBeGreaterThan(3500 * 0.995);
    expect(s.powerW).toBeLessThan(3500 * 1.005);
    expect(s.avgHashrateThs).toBeCloseTo(200, 3);
    expect(s.uptimeS).toBeGreaterThanOrEqual(3600);
  });

  it('sleep: curtailed at once, boards stop after the sleep delay, power drops to the sleep draw', () => {
    const { miner, at } = fixture();
    at(0);
    expect(miner.sleep()).toBe(true);
    expect(miner.sleep()).toBe(false);
    // second | phase | curtailed | hashing?
    const table: [number, string, boolean, boolean][] = [
      [0, 'stopping', true, true],
      [9.9, 'stopping', true, true],
      [10, 'sleeping', true, false],
      [300, 'sleeping', true, false],
    ];
    for (const [second, phase, curtailed, hashing] of table) {
      const s = at(second);
      expect({ second, phase: s.phase, curtailed: s.curtailed, hashing: s.hashrateThs > 0 }).toEqual({
        second,
        phase,
        curtailed,
        hashing,
      });
    }
    expect(at(300).powerW).toBe(15);
  });

  it('wake: not curtailed at once, no hashrate until the wake delay has passed', () => {
    const { miner, at } = fixture();
    at(0);
    miner.sleep();
    at(20);
    expect(miner.wake()).toBe(true);
    const table: [number, string, boolean][] = [
      [20, 'starting', false],
      [59.9, 'starting', false],
      [60, 'hashing', true],
    ];
    for (const [second, phase, hashing] of table) {
      const s = at(second);
      expect({ second, phase: s.phase, curtailed: s.curtailed, hashing: s.hashrateThs > 0 }).toEqual({
        second,
        phase,
        curtailed: false,
        hashing,
      });
    }
    expect(miner.wake()).toBe(false);
  });

  it('timeScale shrinks the delays', () => {
    const { miner, at } = fixture({ timeScale: 0.01 });
    at(0);
    miner.sleep();
    expect(at(0.099).phase).toBe('stopping');
    expect(at(0.1).phase).toBe('sleeping');
  });

  it('a power target moves power and hashrate along hashrate ~ (p/P)^(1-a) after the retune delay', () => {
    const { miner, at } = fixture();
    at(0);
    expect(miner.setPowerTarget(2800)).toEqual({ accepted: true, appliesAtMs: T0 + 8000 });
    const before = at(7.9);
    expect(before.powerTargetW).toBe(2800);
    expect(before.appliedPowerTargetW).toBe(3500);
    const after = at(8);
    expect(after.appliedPowerTargetW).toBe(2800);
    expect(after.nominalHashrateThs).toBeCloseTo(curve(2800), 6);
    expect(after.powerW / 2800).toBeCloseTo(1, 2);
    // J/TH improves when underclocked: (p/P)^0.3.
    expect(2800 / after.nominalHashrateThs).toBeCloseTo(17.5 * (2800 / 3500) ** 0.3, 6);
  });

  it('refuses a power target outside its range and keeps the old one', () => {
    const { miner } = fixture({ powerRangeW: { minW: 2400, maxW: 3500 } });
    expect(miner.setPowerTarget(2399)).toEqual({
      accepted: false,
      reason: 'power target 2399 W outside 2400-3500 W',
    });
    expect(miner.setPowerTarget(3600).accepted).toBe(false);
    expect(miner.setPowerTarget(Number.NaN).accepted).toBe(false);
    expect(miner.powerTargetW).toBe(3500);
  });

  it('temperatures follow load and ambient with a lag; fans follow the hottest chip', () => {
    const { miner, at } = fixture({ thermalTimeConstantS: 60 });
    const hot = at(0);
    expect(hot.boards[0]!.chipTempC).toBeGreaterThan(70);
    miner.sleep();
    const cooling = at(10 + 60);
    const cold = at(10 + 600);
    expect(cooling.boards[0]!.chipTempC).toBeLessThan(hot.boards[0]!.chipTempC);
    expect(cooling.boards[0]!.chipTempC).toBeGreaterThan(cold.boards[0]!.chipTempC);
    expect(cold.boards[0]!.chipTempC).toBeCloseTo(28, 0);
    expect(cold.fansRpm[0]!).toBeLessThan(hot.fansRpm[0]! / 2);
    miner.setAmbientC(40);
    miner.wake();
    const summer = at(10 + 600 + 40 + 1200);
    expect(summer.boards[0]!.chipTempC).toBeGreaterThan(hot.boards[0]!.chipTempC + 10);
    expect(summer.fansRpm[0]!).toBeGreaterThanOrEqual(hot.fansRpm[0]!);
  });

  it('a faulted board hashes nothing and draws almost nothing; a sleep/wake cycle revives it', () => {
    const { miner, at } = fixture();
    miner.faultBoard(1);
    const s = at(1);
    expect(s.boards[1]).toMatchObject({ faulted: true, hashrateThs: 0 });
    expect(s.hashrateThs).toBeLessThan(140);
    expect(s.powerW).toBeLessThan(3500 * 0.7);
    expect(s.faults).toEqual([{ board: 1, atMs: T0 }]);
    miner.sleep();
    at(20);
    miner.wake();
    expect(at(70).boards[1]!.faulted).toBe(false);
  });

  it('random board faults are repeatable: the same seed gives the same faults', () => {
    const run = (seed: number) => {
      const { at } = fixture({ boardFaultsPerHour: 2 }, seed);
      const seen: number[] = [];
      for (let minute = 1; minute <= 240; minute += 1)
        seen.push(at(minute * 60).boards.filter((b) => b.faulted).length);
      return seen;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(a.at(-1)).toBeGreaterThan(0);
  });

  it('draws network losses from its seed', () => {
    const fates = (seed: number) => {
      const { miner } = fixture({ network: { dropProbability: 0.2, timeoutProbability: 0.3 } }, seed);
      return Array.from({ length: 1000 }, () => miner.networkFate());
    };
    const a = fates(3);
    expect(fates(3)).toEqual(a);
    const share = (fate: string) => a.filter((f) => f === fate).length / a.length;
    expect(share('drop')).toBeGreaterThan(0.15);
    expect(share('drop')).toBeLessThan(0.25);
    expect(share('timeout')).toBeGreaterThan(0.25);
    expect(share('timeout')).toBeLessThan(0.35);
  });

  it('miners of one group share one config object', () => {
    const config = resolveMinerConfig({ spec: S21, now: () => T0 });
    const a = new EmulatedMiner(config, 1);
    const b = new EmulatedMiner(config, 2);
    expect(a.config).toBe(b.config);
    expect(a.snapshot().boards[0]!.nominalHashrateThs).not.toBe(b.snapshot().boards[0]!.nominalHashrateThs);
  });
});
