import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { siteTopic } from '../../src/adapters/broker/index.ts';
import { FakeGpuNodes } from '../../src/agent/fake-gpu-nodes.ts';
import { AgentHarness, MINUTE, S19, S21, SITE, T0, until } from './agent-harness.ts';
import { both, dropLink, poll, reconnect, runSteps, setpoint } from './agent-steps.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** 4 x S19j Pro (29.5 J/TH) and 4 x S21 (17.5 J/TH), all hashing: 26.272 kW. */
const mixedFleet = (fleet: import('../../src/agent/fake-miner-fleet.ts').FakeMinerFleet) =>
  fleet.withMiners('s19', 4, S19).withMiners('s21', 4, S21);

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

describe('site agent: fallback', () => {
  it('runs the fallback rule when the setpoint expires offline, and says so on reconnect', async () => {
    h = await AgentHarness.create({
      fleet: (f) => f.withMiners('s19', 2, S19).withMiners('s21', 2, S21),
      config: { fallback: { rule: 'sleep-all' } },
    });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1, expires in 15 min',
        act: setpoint(1, { miningMw: 0.1 }),
        acks: [{ seq: 1, ok: true }],
        check: (x) => expect(x.retainedStatus()).toMatchObject({ online: true }),
      },
      {
        at: MINUTE,
        what: 'the link drops: the broker publishes the will',
        act: dropLink,
        check: (x) => expect(x.retainedStatus()).toEqual({ online: false }),
      },
      { at: 2 * MINUTE, what: 'poll offline: setpoint still live', act: poll, mode: 'setpoint' },
      {
        at: 15 * MINUTE,
        what: 'poll offline: setpoint expired, sleep-all',
        act: poll,
        commands: ['sleep s19-0', 'sleep s19-1', 'sleep s21-0', 'sleep s21-1'],
        mode: 'fallback',
      },
      { at: 16 * MINUTE, what: 'poll offline: still in fallback', act: poll, mode: 'fallback' },
      {
        at: 17 * MINUTE,
        what: 'reconnect: online again, and the fallback is reported',
        act: reconnect,
        events: [
          {
            kind: 'fallback-used',
            details: {
              rule: 'sleep-all',
              reason: 'expired',
              fromMs: T0 + 15 * MINUTE,
              toMs: T0 + 17 * MINUTE,
              ongoing: true,
            },
          },
        ],
        check: (x) => expect(x.retainedStatus()).toMatchObject({ online: true }),
      },
      {
        at: 17 * MINUTE + 5_000,
        what: 'setpoint 2: back on setpoints',
        act: setpoint(2, { miningMw: 0.1 }),
        commands: ['wake s19-0', 'wake s19-1', 'wake s21-0', 'wake s21-1'],
        acks: [{ seq: 2, ok: true }],
        events: [
          {
            kind: 'fallback-used',
            details: { fromMs: T0 + 15 * MINUTE, toMs: T0 + 17 * MINUTE + 5_000, ongoing: false },
          },
        ],
        mode: 'setpoint',
      },
    ]);
  });

  it('hold-last keeps the last setpoint level after it expired', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet, config: { fallback: { rule: 'hold-last' } } });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1',
        act: setpoint(1, { miningMw: 0.020136, expiresAtMs: T0 + 5 * MINUTE }),
        commands: ['sleep s19-2', 'sleep s19-3'],
        acks: [{ seq: 1, ok: true }],
      },
      { at: 5 * MINUTE, what: 'poll: expired, holding the level', act: poll, mode: 'fallback' },
      {
        at: 6 * MINUTE,
        what: 'poll: a miner came back, hold-last puts it to sleep again',
        act: both(() => h!.fleet.withState('s19-3', 'hashing'), poll),
        commands: ['sleep s19-3'],
        mode: 'fallback',
      },
    ]);
  });

  it('breakeven sleeps the miners that lose money at the local price and wakes the others', async () => {
    // At 0.05 USD/TH/day, 2 % fee, PUE 1.05: S19j Pro breaks even at ~66 USD/MWh, S21 at ~111.
    h = await AgentHarness.create({
      fleet: (f) => f.withMiners('s19', 2, S19).withMiners('s21', 2, S21).withState('s21-1', 'sleeping'),
      config: {
        fallback: { rule: 'breakeven', breakeven: { hashpriceUsdPerThDay: 0.05, localPriceUsdPerMwh: 80 } },
      },
    });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'poll, no setpoint ever received',
        act: poll,
        commands: ['sleep s19-0', 'sleep s19-1', 'wake s21-1'],
        mode: 'fallback',
      },
    ]);
    expect(h.agent.fallbackEpisode).toMatchObject({ rule: 'breakeven', reason: 'no-setpoint', fromMs: T0 });
  });

  it('acks an already expired setpoint with ok=false and runs the fallback rule', async () => {
    h = await AgentHarness.create({ fleet: mixedFleet, config: { fallback: { rule: 'sleep-all' } } });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 10 * MINUTE,
        what: 'a stale retained setpoint arrives',
        act: setpoint(1, { miningMw: 0.03, issuedAtMs: T0, expiresAtMs: T0 + 5 * MINUTE }),
        commands: ['s19-0', 's19-1', 's19-2', 's19-3', 's21-0', 's21-1', 's21-2', 's21-3'].map(
          (id) => `sleep ${id}`,
        ),
        acks: [{ seq: 1, ok: false }],
        mode: 'fallback',
      },
    ]);
    expect(h.acks()[0]!.message).toContain('expired at 2026-01-15T12:05:00.000Z');
  });
});

describe('site agent: starting offline', () => {
  it('runs locally while the broker is unreachable, then subscribes, takes the retained setpoint and catches up', async () => {
    h = await AgentHarness.create({
      fleet: (f) => f.withMiners('s21', 2, S21),
      config: { fallback: { rule: 'sleep-all' } },
    });
    h.agentClient.dropConnection();
    await h.agent.start();
    await h.server.publish(siteTopic(SITE, 'setpoints'), h.setpoint(1, { miningMw: 0.0035 }), {
      qos: 1,
      retain: true,
    });
    await runSteps(h, [
      {
        at: 0,
        what: 'poll offline, no setpoint: sleep-all',
        act: poll,
        commands: ['sleep s21-0', 'sleep s21-1'],
        mode: 'fallback',
      },
      {
        at: MINUTE,
        what: 'the broker is reachable: subscribe, retained setpoint 1, telemetry caught up',
        act: both(
          reconnect,
          () => until(() => h!.acks().length === 1, 'ack'),
          () => h!.agent.idle(),
        ),
        commands: ['wake s21-0'],
        acks: [{ seq: 1, ok: true, reachedMiningMw: 0.00351 }],
        events: [
          { kind: 'fallback-used', details: { reason: 'no-setpoint', ongoing: true } },
          {
            kind: 'fallback-used',
            details: { reason: 'no-setpoint', fromMs: T0, toMs: T0 + MINUTE, ongoing: false },
          },
        ],
        check: (x) => {
          expect(x.telemetry().map((batch) => batch.batchId)).toEqual([`${SITE}-${T0}`]);
          expect(x.retainedStatus()).toMatchObject({ online: true });
        },
      },
    ]);
  });
});

describe('site agent: telemetry', () => {
  it('buffers batches on disk while the broker is down and delivers them in order, once each, on reconnect', async () => {
    h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 2, S21) });
    await h.agent.start();
    await runSteps(h, [
      { at: 0, what: 'poll online', act: poll, check: (x) => expect(x.telemetry()).toHaveLength(1) },
      { at: 30_000, what: 'link drops', act: dropLink },
      ...[1, 2, 3, 4, 5].map((minute) => ({
        at: minute * MINUTE,
        what: `poll offline ${minute}`,
        act: poll,
        check: async (x: AgentHarness) => {
          expect(x.telemetry()).toHaveLength(1);
          expect(x.buffer.pending).toBe(minute);
        },
      })),
      {
        at: 5 * MINUTE + 30_000,
        what: 'reconnect',
        act: reconnect,
        // No setpoint was ever received: hold-last ran (leaving the miners alone) and that is reported.
        events: [
          { kind: 'fallback-used', details: { rule: 'hold-last', reason: 'no-setpoint', ongoing: true } },
        ],
        check: (x) => expect(x.buffer.pending).toBe(0),
      },
      { at: 6 * MINUTE, what: 'poll online', act: poll },
    ]);
    await h.agent.idle();
    const ids = h.telemetry().map((batch) => batch.batchId);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6].map((minute) => `${SITE}-${T0 + minute * MINUTE}`));
    expect(h.telemetry().map((batch) => batch.sentAtMs)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((m) => T0 + m * MINUTE),
    );
    expect(await readdir(h.bufferDir)).toEqual(['acked']);
  });

  it('keeps undelivered batches across an agent restart and sends them before new ones', async () => {
    const first = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 1, S21) });
    const dir = first.bufferDir;
    try {
      await first.agent.start();
      first.agentClient.dropConnection();
      for (const minute of [1, 2, 3]) {
        first.at(minute * MINUTE);
        await first.agent.tick();
      }
      expect(first.buffer.pending).toBe(3);
      await first.agent.stop();
      await first.agentClient.close();
      await first.server.close();
      await first.buffer.close();

      h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 1, S21), bufferDir: dir });
      h.at(10 * MINUTE);
      await h.agent.start();
      await h.agent.tick();
      await h.agent.idle();
      expect(h.telemetry().map((batch) => batch.batchId)).toEqual(
        [1, 2, 3, 10].map((minute) => `${SITE}-${T0 + minute * MINUTE}`),
      );
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(dir, { recursive: true, force: true }));
    }
  });

  it('reports a device that does not answer as unknown with null figures, never 0', async () => {
    h = await AgentHarness.create({
      fleet: (f) =>
        f
          .withMiners('s21', 4, S21)
          .withUnreachable('s21-1')
          .withHanging('s21-2')
          .withState('s21-3', 'sleeping'),
      config: { readTimeoutMs: 50 },
    });
    await h.agent.start();
    const report = await h.agent.tick();
    await h.agent.idle();
    const [batch] = h.telemetry();
    expect(batch).toMatchObject({ siteId: SITE, batchId: `${SITE}-${T0}`, sentAtMs: T0 });
    const nulls = { hashrateThs: null, powerW: null, maxTempC: null, utilisation: null };
    expect(batch!.readings).toEqual([
      {
        deviceId: 's21-0',
        kind: 'miner',
        atMs: T0,
        state: 'hashing',
        hashrateThs: 200,
        powerW: 3500,
        maxTempC: 65,
        utilisation: null,
      },
      { deviceId: 's21-1', kind: 'miner', atMs: T0, state: 'unknown', ...nulls },
      { deviceId: 's21-2', kind: 'miner', atMs: T0, state: 'unknown', ...nulls },
      {
        deviceId: 's21-3',
        kind: 'miner',
        atMs: T0,
        state: 'sleeping',
        hashrateThs: 0,
        powerW: 10,
        maxTempC: 65,
        utilisation: null,
      },
    ]);
    expect(report.snapshot.miners.map((m) => m.error)).toEqual([
      null,
      's21-1: connection refused',
      'miner s21-2: no answer within 50 ms',
      null,
    ]);
  });
});

describe('site agent: GPU nodes', () => {
  it('reports GPU nodes and limits interruptible ones when aiMw is below their draw, then restores them', async () => {
    const gpus = new FakeGpuNodes()
      .withNode('g-spot', {
        busyPowerW: 5600,
        minPowerLimitW: 2000,
        maxPowerLimitW: 5600,
        workloads: [{ id: 'lease-1', interruptible: true }],
      })
      .withNode('g-reserved', {
        busyPowerW: 5600,
        minPowerLimitW: 2000,
        maxPowerLimitW: 5600,
        workloads: [{ id: 'lease-2', interruptible: false }],
      })
      .withNode('g-idle', { busyPowerW: 5600, idlePowerW: 400, minPowerLimitW: 2000, maxPowerLimitW: 5600 });
    h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 1, S21), gpus });
    await h.agent.start();
    await runSteps(h, [
      {
        at: 0,
        what: 'setpoint 1: 8 kW of AI against 11.6 kW drawn',
        act: setpoint(1, { miningMw: 0.0035, aiMw: 0.008 }),
        acks: [{ seq: 1, ok: true }],
        check: () => expect(gpus.limitsSet).toEqual([{ nodeId: 'g-spot', watts: 2000 }]),
      },
      {
        at: MINUTE,
        what: 'poll: at the AI setpoint, nothing to change',
        act: poll,
        check: (x) => {
          expect(gpus.limitsSet).toHaveLength(1);
          expect(x.telemetry()[0]!.readings.filter((r) => r.kind === 'gpu')).toEqual([
            {
              deviceId: 'g-spot',
              kind: 'gpu',
              atMs: T0 + MINUTE,
              state: 'busy',
              hashrateThs: null,
              powerW: 2000,
              maxTempC: 70,
              utilisation: 0.9,
            },
            {
              deviceId: 'g-reserved',
              kind: 'gpu',
              atMs: T0 + MINUTE,
              state: 'busy',
              hashrateThs: null,
              powerW: 5600,
              maxTempC: 70,
              utilisation: 0.9,
            },
            {
              deviceId: 'g-idle',
              kind: 'gpu',
              atMs: T0 + MINUTE,
              state: 'idle',
              hashrateThs: null,
              powerW: 400,
              maxTempC: 35,
              utilisation: 0,
            },
          ]);
        },
      },
      {
        at: 2 * MINUTE,
        what: 'setpoint 2: room for every GPU again',
        act: setpoint(2, { miningMw: 0.0035, aiMw: 0.0116 }),
        acks: [{ seq: 2, ok: true }],
        check: () => expect(gpus.powerLimitOf('g-spot')).toBe(5600),
      },
    ]);
  });
});
