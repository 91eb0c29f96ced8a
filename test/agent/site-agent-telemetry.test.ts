import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentHarness, MINUTE, S21, SITE, T0 } from './agent-harness.ts';
import { dropLink, poll, reconnect, runSteps } from './agent-steps.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
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
