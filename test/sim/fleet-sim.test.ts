import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFleetFile } from '../../src/adapters/fleet-file/load-fleet-file.ts';
import { DATA_PATHS, dataDirFromEnv, readMinerModels } from '../../src/adapters/market-data/index.ts';
import { createMinerClient } from '../../src/adapters/miners/index.ts';
import type { Fleet } from '../../src/core/fleet/index.ts';
import type { MinerModel } from '../../src/core/market/index.ts';
import { dialectForFirmware, type FleetSim, scaledCount, startFleetSim } from '../../src/sim/index.ts';

const SITES = ['tx-west-1', 'tx-west-3', 'tx-west-4'];
let fleet: Fleet;
let models: readonly MinerModel[];
let sim: FleetSim;

beforeAll(async () => {
  fleet = loadFleetFile(join(import.meta.dirname, '../../examples/fleet.yaml'));
  models = (await readMinerModels(join(dataDirFromEnv(), DATA_PATHS.minerModels))).models;
  sim = await startFleetSim(fleet, {
    minerModels: models,
    scale: 0.001,
    siteIds: SITES,
    timeScale: 0.01,
    seed: 9,
  });
});
afterAll(async () => {
  await sim?.close();
});

describe('fleet simulator', () => {
  it('maps fleet firmware to client dialects', () => {
    expect(dialectForFirmware('antminer-stock')).toBe('antminer-stock');
    expect(dialectForFirmware('vnish')).toBe('vnish');
    expect(dialectForFirmware('luxos')).toBe('luxos');
    expect(dialectForFirmware('braiins-os')).toBe('braiins-os');
    expect(dialectForFirmware('whatsminer')).toBe('whatsminer-v2');
    expect(dialectForFirmware('whatsminer', 'v3')).toBe('whatsminer-v3');
    expect(dialectForFirmware('avalon')).toBe('avalon');
    expect([scaledCount(4000, 0.01), scaledCount(3, 0.01), scaledCount(150, 0.01)]).toEqual([40, 1, 2]);
  });

  it('keeps 1/1000 of each miner group (at least one) and lists the endpoints per site', () => {
    expect(sim.sites.map((site) => site.siteId)).toEqual(SITES);
    for (const site of sim.sites) {
      const groups = fleet.sites.find((s) => s.id === site.siteId)!.minerGroups;
      for (const group of groups) {
        const miners = site.miners.filter((m) => m.groupId === group.id);
        expect(miners).toHaveLength(scaledCount(group.count, 0.001));
        for (const miner of miners) {
          expect(miner).toMatchObject({
            host: '127.0.0.1',
            siteId: site.siteId,
            firmware: group.firmware,
            dialect: dialectForFirmware(group.firmware),
            model: group.model,
          });
          expect(miner.port).toBeGreaterThan(0);
        }
      }
    }
    const ports = sim.sites.flatMap((site) => site.miners.map((m) => m.port));
    expect(new Set(ports).size).toBe(ports.length);
    expect(JSON.parse(JSON.stringify(sim)).sites[0].miners[0].id).toBe('tx-west-1/s19jpro-stock/0');
  });

  it('every endpoint answers the client of its dialect with its model at the nameplate', async () => {
    const byModel = new Map(models.map((m) => [m.model, m]));
    for (const site of sim.sites) {
      for (const endpoint of site.miners) {
        const reading = await createMinerClient(endpoint.dialect, {
          host: endpoint.host,
          port: endpoint.port,
        }).read();
        expect(reading.state).toBe('hashing');
        const spec = byModel.get(endpoint.model)!;
        expect(Math.abs(reading.hashrate5sThs! - spec.hashrateThs) / spec.hashrateThs).toBeLessThan(0.03);
      }
    }
  });

  it('takes the fleet file power-target range (LuxOS profiles span it)', async () => {
    const lux = sim.sites.find((s) => s.siteId === 'tx-west-4')!.miners.find((m) => m.firmware === 'luxos')!;
    const capabilities = await createMinerClient('luxos', { host: lux.host, port: lux.port }).capabilities();
    expect(capabilities).toMatchObject({ canSetPowerTarget: true, minPowerW: 2800, maxPowerW: 3564 });
    expect(sim.miner(lux.id)!.config.powerRangeW).toEqual({ minW: 2800, maxW: 3564 });
  });

  it('serves GPU nodes per site', async () => {
    const gpuSim = await startFleetSim(fleet, { minerModels: models, scale: 0.01, siteIds: ['ga-hub'] });
    try {
      const nodes = gpuSim.sites[0]!.gpuNodes;
      // H100: 1024 GPUs x 0.01 = 10 GPUs, a node of 8 and one of 2; L40S: 512 x 0.01 = 5 GPUs.
      expect(nodes.map((n) => [n.groupId, n.gpus])).toEqual([
        ['h100-sxm', 8],
        ['h100-sxm', 2],
        ['l40s', 5],
      ]);
      const status = (await (await fetch(`${nodes[0]!.url}/v1/node`)).json()) as {
        model: string;
        gpus: unknown[];
      };
      expect(status.model).toBe('H100 SXM');
      expect(status.gpus).toHaveLength(8);
    } finally {
      await gpuSim.close();
    }
  });

  it('refuses unknown sites and models before opening a port', async () => {
    await expect(startFleetSim(fleet, { minerModels: models, siteIds: ['nowhere'] })).rejects.toThrow(
      /unknown site\(s\) nowhere/,
    );
    await expect(startFleetSim(fleet, { minerModels: [], siteIds: ['tx-west-1'] })).rejects.toMatchObject({
      code: 'SY_ERR_CONFIG_INVALID',
    });
  });
});
