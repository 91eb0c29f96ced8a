import { describe, expect, it } from 'vitest';
import { curtailAll } from './emergency-curtailment.ts';
import { FakeMinerFleet } from './fake-miner-fleet.ts';

const S21 = { model: 'Antminer S21', nameplate: { hashrateThs: 200, powerW: 3_500 } };

function fleetOf(count: number): FakeMinerFleet {
  return new FakeMinerFleet({ nowMs: () => 0 }).withMiners('m', count, S21);
}

const options = (fleet: FakeMinerFleet, pauses: number[]) => ({
  fleet,
  concurrency: 4,
  timeoutMs: 1_000,
  rounds: 3,
  intervalMs: 500,
  delay: async (ms: number) => {
    pauses.push(ms);
  },
});

describe('curtailAll (the emergency path)', () => {
  it('sleeps every miner with at most `concurrency` sleeps in flight, and needs no read-back when all took', async () => {
    const fleet = fleetOf(20);
    const pauses: number[] = [];
    const outcomes = await curtailAll(fleet.ids(), options(fleet, pauses));
    expect(outcomes.every((outcome) => outcome.applied && outcome.attempts === 1)).toBe(true);
    expect(fleet.ids().every((id) => fleet.stateOf(id) === 'sleeping')).toBe(true);
    expect(fleet.maxCommandsInFlight).toBe(4);
    expect(pauses).toEqual([]);
  });

  it('reads back the miners that did not take the sleep and sends it again until they do', async () => {
    const fleet = fleetOf(6).withIgnoring('m-2', 2).withIgnoring('m-4', 1);
    const pauses: number[] = [];
    const outcomes = await curtailAll(fleet.ids(), options(fleet, pauses));
    expect(fleet.ids().every((id) => fleet.stateOf(id) === 'sleeping')).toBe(true);
    const attempts = Object.fromEntries(outcomes.map((o) => [o.command.minerId, o.attempts]));
    expect(attempts).toEqual({ 'm-0': 1, 'm-1': 1, 'm-2': 3, 'm-3': 1, 'm-4': 2, 'm-5': 1 });
    expect(outcomes.every((outcome) => outcome.applied)).toBe(true);
    // Two read-back rounds were needed (m-2 took the third sleep), each after the pause.
    expect(pauses).toEqual([500, 500]);
    const sleepsTo = (id: string) => fleet.commands.filter((c) => c.minerId === id).length;
    expect(sleepsTo('m-2')).toBe(3);
    expect(sleepsTo('m-0')).toBe(1);
  });

  it('gives up after `rounds` read-backs and says why for each miner that never slept', async () => {
    const fleet = fleetOf(3).withStubborn('m-1').withUnreachable('m-2');
    const outcomes = await curtailAll(fleet.ids(), options(fleet, []));
    expect(outcomes.map((o) => o.applied)).toEqual([true, false, false]);
    expect(outcomes[1]!.attempts).toBe(4);
    expect(outcomes[1]!.detail).toMatch(/no change/);
    expect(outcomes[2]!.detail).toMatch(/connection refused/);
    expect(fleet.stateOf('m-1')).toBe('hashing');
  });
});
