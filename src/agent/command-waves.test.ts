import { describe, expect, it } from 'vitest';
import { executeWaves, planWaves } from './command-waves.ts';
import type { MinerCommand } from './dispatch.ts';
import { FakeMinerFleet } from './fake-miner-fleet.ts';

describe('planWaves', () => {
  it('sends sleeps and lowered power targets first, all at once, and staggers the rest', () => {
    const commands: MinerCommand[] = [
      { minerId: 'a', action: 'wake' },
      { minerId: 'b', action: 'set-power-target', watts: 2_500 },
      { minerId: 'c', action: 'sleep' },
      { minerId: 'd', action: 'set-power-target', watts: 3_500 },
      { minerId: 'e', action: 'wake' },
    ];
    const waves = planWaves(commands, 2, (c) => c.action === 'set-power-target' && c.watts < 3_000);
    expect(waves.map((w) => w.map((c) => c.minerId))).toEqual([['b', 'c'], ['a', 'd'], ['e']]);
  });
});

describe('executeWaves', () => {
  it("runs one miner's commands in order and reports failures as outcomes", async () => {
    const clock = { nowMs: () => 0 };
    const fleet = new FakeMinerFleet(clock)
      .withMiner('a', {
        nameplate: { hashrateThs: 200, powerW: 3_500 },
        state: 'sleeping',
        powerRangeW: { minW: 2_000, maxW: 3_500 },
      })
      .withMiner('b', { nameplate: { hashrateThs: 200, powerW: 3_500 } });
    const result = await executeWaves(
      [
        [
          { minerId: 'a', action: 'wake' },
          { minerId: 'a', action: 'set-power-target', watts: 2_500 },
          { minerId: 'b', action: 'set-power-target', watts: 2_500 },
        ],
      ],
      {
        fleet,
        concurrency: 10,
        timeoutMs: 1_000,
        spacingMs: 0,
        delay: async () => {},
        signal: new AbortController().signal,
      },
    );
    expect(fleet.commands.map((c) => `${c.action} ${c.minerId}`)).toEqual([
      'wake a',
      'set-power-target b',
      'set-power-target a',
    ]);
    expect(result.outcomes.map((o) => [o.command.minerId, o.applied])).toEqual([
      ['a', true],
      ['a', true],
      ['b', false],
    ]);
    expect(result.outcomes[2]!.detail).toBe('b: takes no power target');
  });

  it('stops before the next wave once aborted', async () => {
    const fleet = new FakeMinerFleet({ nowMs: () => 0 }).withMiners('m', 3, {
      nameplate: { hashrateThs: 200, powerW: 3_500 },
      state: 'sleeping',
    });
    const controller = new AbortController();
    const result = await executeWaves(
      [
        [{ minerId: 'm-0', action: 'wake' }],
        [{ minerId: 'm-1', action: 'wake' }],
        [{ minerId: 'm-2', action: 'wake' }],
      ],
      {
        fleet,
        concurrency: 10,
        timeoutMs: 1_000,
        spacingMs: 10_000,
        delay: () => new Promise(() => controller.abort()),
        signal: controller.signal,
      },
    );
    expect(result).toMatchObject({ wavesPlanned: 3, wavesRun: 1, interrupted: true });
  });
});
