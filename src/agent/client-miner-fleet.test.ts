import { describe, expect, it } from 'vitest';
import type {
  ControlResult,
  MinerCapabilities,
  MinerClient,
  MinerReading,
} from '../adapters/miners/index.ts';
import { ClientMinerFleet } from './client-miner-fleet.ts';
import { FakeMinerFleet } from './fake-miner-fleet.ts';

/** A MinerClient stub over one fake miner, counting capability requests. */
async function stubClient(endpoint: string, model: string | null, nominalThs: number | null) {
  const fake = new FakeMinerFleet({ nowMs: () => 0 }).withMiner('m', {
    model: model ?? 'x',
    nameplate: { hashrateThs: 100, powerW: 3_000 },
  });
  const observed = await fake.observe('m');
  const reading: MinerReading = { ...observed.reading, model, nominalHashrateThs: nominalThs, endpoint };
  const calls = { capabilities: 0 };
  const capabilities: MinerCapabilities = { ...observed.capabilities, maxPowerW: 3_300 };
  const result: ControlResult = { applied: true, detail: 'ok', reading };
  const client: MinerClient = {
    dialect: 'luxos',
    endpoint,
    read: async () => reading,
    capabilities: async () => {
      calls.capabilities++;
      if (calls.capabilities > 1) throw new Error('flaky');
      return capabilities;
    },
    sleep: async () => result,
    wake: async () => result,
    setPowerTarget: async () => result,
  };
  return { client, calls };
}

describe('ClientMinerFleet', () => {
  it('takes the nameplate from the model table, else from the nominal hashrate and the power range', async () => {
    const known = await stubClient('10.0.0.1:4028', 'Antminer S21', 190);
    const unknown = await stubClient('10.0.0.2:4028', 'Mystery 9000', 150);
    const blank = await stubClient('10.0.0.3:4028', null, null);
    const fleet = new ClientMinerFleet([known.client, unknown.client, blank.client]);
    expect(fleet.ids()).toEqual(['10.0.0.1:4028', '10.0.0.2:4028', '10.0.0.3:4028']);
    expect((await fleet.observe('10.0.0.1:4028')).nameplate).toEqual({ hashrateThs: 200, powerW: 3_500 });
    expect((await fleet.observe('10.0.0.2:4028')).nameplate).toEqual({ hashrateThs: 150, powerW: 3_300 });
    expect((await fleet.observe('10.0.0.3:4028')).nameplate).toBeNull();
  });

  it('caches capabilities and falls back on the cache when asking again fails', async () => {
    let now = 0;
    const stub = await stubClient('10.0.0.1:4028', 'Antminer S21', 200);
    const fleet = new ClientMinerFleet([stub.client], {
      capabilitiesTtlMs: 1_000,
      clock: { nowMs: () => now },
    });
    await fleet.observe('10.0.0.1:4028');
    await fleet.observe('10.0.0.1:4028');
    expect(stub.calls.capabilities).toBe(1);
    now = 2_000;
    expect((await fleet.observe('10.0.0.1:4028')).capabilities.maxPowerW).toBe(3_300);
    expect(stub.calls.capabilities).toBe(2);
  });

  it('refuses the same miner twice', async () => {
    const a = await stubClient('10.0.0.1:4028', null, null);
    expect(() => new ClientMinerFleet([a.client, a.client])).toThrow(/listed twice/);
  });
});
