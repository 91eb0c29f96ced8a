import { afterEach, describe, expect, it } from 'vitest';
import { siteTopic } from '../../src/adapters/broker/index.ts';
import { AgentHarness, MINUTE, S21, SITE, T0, until } from './agent-harness.ts';
import { both, poll, runSteps, setpoint } from './agent-steps.ts';
import { mixedFleet } from './site-agent-fleets.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('site agent: setpoints', () => {
  it('dispatches a setpoint at once, least efficient miners asleep first, and acks the mining power reached', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1: 20.136 kW of mining (4 x S21 + 2 x S19)',
        act: setpoint(1, { miningMw: 0.020136 }),
        commands: ['sleep s19-2', 'sleep s19-3'],
        // 6 miners hashing + 2 asleep at 10 W each, measured by a fresh read.
        acks: [{ siteId: SITE, seq: 1, ok: true, reachedMiningMw: 0.020156 }],
        mode: 'setpoint',
      },
      { at: MINUTE, what: 'poll: at target', act: poll, mode: 'setpoint' },
      {
        at: 2 * MINUTE,
        what: 'poll: a sleeping S19 came back by itself (reboot)',
        act: both(() => h!.fleet.withState('s19-2', 'hashing'), poll),
        commands: ['sleep s19-2'],
        mode: 'setpoint',
      },
      {
        at: 3 * MINUTE,
        what: 'setpoint 2: more than the site has',
        act: setpoint(2, { miningMw: 0.03 }),
        commands: ['wake s19-2', 'wake s19-3'],
        acks: [{ seq: 2, ok: true, reachedMiningMw: 0.026272 }],
      },
    ]);
  });

  it('wakes miners in waves spaced on the clock, not all at once', async () => {
    h = await AgentHarness.create({
      fleet: (f) => f.withMiners('s21', 5, { ...S21, state: 'sleeping' }),
      config: { waveSize: 2, waveSpacingMs: 10_000 },
    });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1: the whole site',
        act: setpoint(1, { miningMw: 0.0175 }),
        commands: ['wake s21-0', 'wake s21-1', 'wake s21-2', 'wake s21-3', 'wake s21-4'],
        acks: [{ seq: 1, ok: true, reachedMiningMw: 0.0175 }],
      },
    ]);
    expect(h.fleet.commands.map((c) => c.atMs - T0)).toEqual([0, 0, 10_000, 10_000, 20_000]);
    expect(h.acks()[0]!.atMs).toBe(T0 + 20_000);
  });

  it('curtails every miner in one parallel wave, on the last snapshot, without waiting for a poll', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet, config: { waveSize: 2 } });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1: everything on',
        act: setpoint(1, { miningMw: 0.03 }),
        acks: [{ seq: 1, ok: true }],
      },
      { at: 20_000, what: 'poll', act: poll, mode: 'setpoint' },
      {
        at: 30_000,
        what: 'setpoint 2: curtail',
        act: setpoint(2, { curtailed: true }),
        commands: ['s19-0', 's19-1', 's19-2', 's19-3', 's21-0', 's21-1', 's21-2', 's21-3'].map(
          (id) => `sleep ${id}`,
        ),
        acks: [{ seq: 2, ok: true, reachedMiningMw: 0.00008 }],
        mode: 'curtail',
      },
    ]);
    const curtail = h.reports.at(-1)!;
    expect(curtail.trigger).toBe('curtail');
    expect(curtail.snapshot).toBe(h.reports.at(-2)!.snapshot); // no waiting for reads
    expect(curtail.waves.wavesPlanned).toBe(1);
    expect(new Set(h.fleet.commands.map((c) => c.atMs))).toEqual(new Set([T0 + 30_000]));
    expect(h.fleet.maxCommandsInFlight).toBe(8);
  });

  it('curtailing, re-sends the sleep to miners that did not take it after reading them back, and acks per miner', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet });
    await h.agent.start();
    await runSteps(h, [
      { at: 0, what: 'setpoint 1: everything on', act: setpoint(1, { miningMw: 0.03 }), acks: [{ seq: 1 }] },
      { at: 20_000, what: 'poll', act: poll, mode: 'setpoint' },
    ]);
    // The first sleep to s21-1 is lost; s19-3 never sleeps.
    h.fleet.withIgnoring('s21-1', 1).withStubborn('s19-3');
    h.at(30_000);
    await setpoint(2, { curtailed: true })(h);
    await until(() => h!.acks().some((ack) => ack.seq === 2));
    expect(h.reports.at(-1)!.decision?.mode).toBe('curtail');
    expect(h.fleet.stateOf('s21-1')).toBe('sleeping');
    expect(h.fleet.stateOf('s19-3')).toBe('hashing');
    const ack = h.acks().find((a) => a.seq === 2)!;
    expect(ack.ok).toBe(false);
    expect(ack.miners).toMatchObject({ commanded: 8, applied: 7 });
    expect(ack.miners!.retried).toBeGreaterThanOrEqual(1 + 5); // s21-1 once, s19-3 every round
    expect(ack.miners!.notApplied).toEqual([expect.objectContaining({ minerId: 's19-3', action: 'sleep' })]);
    expect(h.fleet.commands.filter((c) => c.minerId === 's21-1' && c.action === 'sleep')).toHaveLength(2);
  });

  it('a curtailment cuts into a wake ramp: the remaining waves are dropped and the woken miners sleep', async () => {
    h = await AgentHarness.create({
      fleet: (f) => f.withMiners('s21', 6, { ...S21, state: 'sleeping' }),
      config: { waveSize: 2 },
      delay: 'gate',
    });
    await h.agent.start();
    await h.server.publish(siteTopic(SITE, 'setpoints'), h.setpoint(1, { miningMw: 0.021 }), {
      qos: 1,
      retain: true,
    });
    await h.untilGated(); // the first wave went out; the cycle waits for the next
    expect(h.newCommands()).toEqual(['wake s21-0', 'wake s21-1']);
    await h.server.publish(siteTopic(SITE, 'setpoints'), h.setpoint(2, { curtailed: true }), {
      qos: 1,
      retain: true,
    });
    await until(() => h!.acks().length === 2, 'two acks');
    h.openGate();
    await h.agent.idle();
    expect(h.newCommands()).toEqual(['sleep s21-0', 'sleep s21-1']);
    const acks = Object.fromEntries(h.acks().map((ack) => [ack.seq, ack]));
    expect(acks[1]).toMatchObject({ ok: false });
    expect(acks[1]!.message).toContain('superseded by setpoint 2 after 1 of 3 command waves');
    expect(acks[2]).toMatchObject({ ok: true, reachedMiningMw: 0.00006 });
  });

  it('acks ok=false, with the reason, when commands do not take effect', async () => {
    h = await AgentHarness.create({ fleet: (f) => mixedFleet(f).withStubborn('s19-3') });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1: s19-3 will not sleep',
        act: setpoint(1, { miningMw: 0.020136 }),
        commands: ['sleep s19-2', 'sleep s19-3'],
        acks: [{ seq: 1, ok: false, reachedMiningMw: 0.023214 }],
      },
    ]);
    expect(h.acks()[0]!.message).toContain(
      '1 of 2 commands did not take effect: s19-3 sleep: sleep sent, no change',
    );
  });

  it('ignores an older setpoint and an invalid one, and follows a restarted numbering', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet });
    await h.agent.start();
    await runSteps(h, [
      { at: 0, what: 'setpoint 2', act: setpoint(2, { miningMw: 0.03 }), acks: [{ seq: 2, ok: true }] },
      {
        at: 1_000,
        what: 'setpoint 1 (older, arrives late)',
        act: async (x) => {
          const older = x.setpoint(1, { curtailed: true, issuedAtMs: T0 - MINUTE });
          await x.server.publish(siteTopic(SITE, 'setpoints'), older, { qos: 1 });
          await x.settle();
          await x.agent.idle();
        },
      },
      {
        at: 2_000,
        what: 'a setpoint for another site on this topic',
        act: async (x) => {
          await x.server.publish(
            siteTopic(SITE, 'setpoints'),
            { ...x.setpoint(3), siteId: 'other' },
            { qos: 1 },
          );
          await x.settle();
        },
      },
      {
        at: 3_000,
        what: 'setpoint 1 issued after setpoint 2: the control plane restarted its numbering',
        act: setpoint(1, { miningMw: 0.020136 }),
        commands: ['sleep s19-2', 'sleep s19-3'],
        acks: [{ seq: 1, ok: true }],
      },
    ]);
    expect(h.agent.setpoint?.seq).toBe(1);
    expect(h.log.entries.some((e) => e.msg.startsWith('setpoint message rejected'))).toBe(true);
  });
});
