import { afterEach, describe, expect, it } from 'vitest';
import { FakeSiteMeter } from '../../src/adapters/meter/fake-site-meter.ts';
import { AgentHarness, MINUTE, S21, T0 } from './agent-harness.ts';

let h: AgentHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('site agent: the site meter in the cycle and in telemetry', () => {
  it('reads the meter with every poll and sends its reading with the batch', async () => {
    let clock: () => number = () => T0;
    const meter = new FakeSiteMeter(() => clock());
    h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 2, S21), meter });
    clock = () => h!.clock.nowMs();
    meter.withPower(7_350);
    await h.agent.start();
    await h.agent.tick();
    h.at(MINUTE);
    await h.agent.tick();
    await h.agent.idle();
    const batches = h.telemetry();
    expect(batches).toHaveLength(2);
    expect(batches[0]!.meter).toEqual({
      atMs: T0,
      activePowerW: 7_350,
      importedEnergyWh: 0,
      exportedEnergyWh: 0,
    });
    expect(batches[1]!.meter).toMatchObject({ atMs: T0 + MINUTE, importedEnergyWh: 122.5 });
    expect(batches[1]!.meterError).toBeUndefined();
  });

  it('a meter that does not answer is a null reading with the reason, never 0, and the devices still report', async () => {
    const meter = new FakeSiteMeter(() => T0).silent();
    h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 1, S21), meter });
    await h.agent.start();
    await h.agent.tick();
    await h.agent.idle();
    const [batch] = h.telemetry();
    expect(batch!.meter).toBeNull();
    expect(batch!.meterError).toContain('SY_ERR_METER_UNREACHABLE');
    expect(batch!.readings).toHaveLength(1);
  });

  it('a site without a meter sends no meter field', async () => {
    h = await AgentHarness.create({ fleet: (f) => f.withMiners('s21', 1, S21) });
    await h.agent.start();
    await h.agent.tick();
    await h.agent.idle();
    expect('meter' in h.telemetry()[0]!).toBe(false);
  });
});
