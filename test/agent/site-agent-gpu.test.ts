import { afterEach, describe, expect, it } from 'vitest';
import { FakeGpuNodes } from '../../src/agent/fake-gpu-nodes.ts';
import { AgentHarness, MINUTE, S21, T0 } from './agent-harness.ts';
import { poll, runSteps, setpoint } from './agent-steps.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
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
