import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createMinerClient, type MinerDialect } from '../../src/adapters/miners/index.ts';
import { EmulatedMiner, MinerEmulatorHost, resolveMinerConfig } from '../../src/sim/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MINERS = 1000;
const DIALECTS: { dialect: MinerDialect; spec: { model: string; hashrateThs: number; powerW: number } }[] = [
  { dialect: 'antminer-stock', spec: { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 } },
  { dialect: 'luxos', spec: { model: 'Antminer S19 XP', hashrateThs: 140, powerW: 3010 } },
  { dialect: 'whatsminer-v2', spec: { model: 'Whatsminer M50S', hashrateThs: 126, powerW: 3276 } },
  { dialect: 'whatsminer-v3', spec: { model: 'Whatsminer M60S', hashrateThs: 186, powerW: 3422 } },
  { dialect: 'braiins-os', spec: { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 } },
  { dialect: 'avalon', spec: { model: 'Avalon A1466', hashrateThs: 150, powerW: 3300 } },
];

function measure() {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapMb: (usage.heapUsed + usage.external) / 2 ** 20, rssMb: usage.rss / 2 ** 20 };
}

describe('memory of the miner emulators', () => {
  it(`serves ${MINERS} emulated miners, each on its own port, in well under 50 MB`, async () => {
    const before = measure();
    const host = new MinerEmulatorHost({ tickMs: 100 });
    const configs = DIALECTS.map((d) => resolveMinerConfig({ spec: d.spec, now: () => Date.now() }));
    const endpoints = [];
    for (let i = 0; i < MINERS; i += 1) {
      const k = i % DIALECTS.length;
      endpoints.push(host.add(new EmulatedMiner(configs[k]!, i + 1), { dialect: DIALECTS[k]!.dialect }));
    }
    const served = await Promise.all(endpoints);
    // Read a few of every dialect (and let the shared tick run) so the figure includes live use.
    for (const endpoint of served.slice(0, 60)) {
      const reading = await createMinerClient(endpoint.dialect, {
        host: endpoint.host,
        port: endpoint.port,
      }).read();
      expect(reading.state).toBe('hashing');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = measure();
    const heapMb = after.heapMb - before.heapMb;
    const rssMb = after.rssMb - before.rssMb;
    console.log(
      `memory for ${MINERS} emulated miners (6 dialects, ${host.size} listeners): ` +
        `heap+external +${heapMb.toFixed(1)} MB, RSS +${rssMb.toFixed(1)} MB`,
    );
    expect(host.size).toBe(MINERS);
    expect(new Set(served.map((e) => e.port)).size).toBe(MINERS);
    await host.close();
    expect(host.size).toBe(0);
    expect(heapMb).toBeLessThan(50);
    // RSS also counts allocator slack and kernel socket buffers; only a loose bound.
    expect(rssMb).toBeLessThan(200);
  });
});
