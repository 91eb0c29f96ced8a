import { afterEach, describe, expect, it } from 'vitest';
import { siteTopic } from '../../src/adapters/broker/index.ts';
import { AgentHarness, MINUTE, S19, S21, SITE, T0, until } from './agent-harness.ts';
import { both, dropLink, poll, reconnect, runSteps, setpoint } from './agent-steps.ts';
import { mixedFleet } from './site-agent-fleets.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
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
