import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMinerClient,
  detectDialect,
  type MinerClient,
  type MinerDialect,
  type MinerReading,
  UnsupportedCommandError,
} from '../../src/adapters/miners/index.ts';
import {
  EmulatedMiner,
  MinerEmulatorHost,
  type MinerEndpoint,
  type MinerModelSpec,
} from '../../src/sim/index.ts';

/** Firmware delays x 0.005, as in miner-dialects.test.ts. */
const TIME_SCALE = 0.005;
const verify = { attempts: 80, intervalMs: 10 };
const timeouts = { connectTimeoutMs: 1000, readTimeoutMs: 2000 };

interface Case {
  readonly dialect: MinerDialect;
  readonly spec: MinerModelSpec;
  readonly powerRangeW?: { minW: number; maxW: number };
  readonly canSleep: boolean;
  /** A target and the watts the miner ends up holding (VNish: the preset at or below it). */
  readonly powerTarget: { watts: number; holdsW: number } | null;
  /** Hash boards, pools and (at least) fans the reading lists (3, 3 and 2 unless given). */
  readonly boards?: number;
  readonly pools?: number;
  readonly fans?: number;
  /** False when the firmware reports no power (and the model has no nameplate to estimate from). */
  readonly reportsPower?: boolean;
}

const CASES: Case[] = [
  {
    dialect: 'whatsminer-v1',
    spec: { model: 'Whatsminer M31S', hashrateThs: 76, powerW: 3268 },
    canSleep: true,
    powerTarget: null,
  },
  {
    dialect: 'antminer-aftermarket',
    spec: { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 },
    canSleep: false,
    powerTarget: null,
  },
  {
    dialect: 'bosminer',
    spec: { model: 'Antminer S9', hashrateThs: 14, powerW: 1372 },
    canSleep: true,
    powerTarget: null,
  },
  {
    dialect: 'vnish',
    spec: { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 },
    powerRangeW: { minW: 2400, maxW: 3500 },
    canSleep: true,
    // Presets every 250 W from 2400: 2650 is the most not above 2800.
    powerTarget: { watts: 2800, holdsW: 2650 },
  },
  {
    dialect: 'braiins-graphql',
    spec: { model: 'Antminer S19 XP', hashrateThs: 140, powerW: 3010 },
    powerRangeW: { minW: 2200, maxW: 3010 },
    canSleep: true,
    powerTarget: { watts: 2700, holdsW: 2700 },
  },
  // Built to the published bos-plus-api protos (no recorded reply): gRPC over HTTP/2.
  {
    dialect: 'braiins-grpc',
    spec: { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 },
    powerRangeW: { minW: 2400, maxW: 3500 },
    canSleep: true,
    powerTarget: { watts: 2900, holdsW: 2900 },
  },
  // Bitaxe AxeOS: one board, primary and fallback pool; read and restart only.
  {
    dialect: 'bitaxe',
    spec: { model: 'Bitaxe Gamma', hashrateThs: 1.2, powerW: 18 },
    canSleep: false,
    powerTarget: null,
    boards: 1,
    pools: 2,
    fans: 1,
  },
  // Elphapex DG1+ (Scrypt: its own TH/s are MH/s x 1e-6 on the wire); read-only.
  {
    dialect: 'elphapex',
    spec: { model: 'Elphapex DG1+', hashrateThs: 0.0144, powerW: 3950 },
    canSleep: false,
    powerTarget: null,
    reportsPower: false,
  },
  // Built to the published PowerPlay API (no recorded reply): HTTP on the emulator's port.
  {
    dialect: 'epic',
    spec: { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 },
    powerRangeW: { minW: 2000, maxW: 3068 },
    canSleep: true,
    powerTarget: { watts: 2600, holdsW: 2600 },
  },
  // Built to the published Auradine API (no recorded reply): cgminer-style port plus the web port.
  {
    dialect: 'auradine',
    spec: { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 },
    powerRangeW: { minW: 2000, maxW: 3068 },
    canSleep: true,
    powerTarget: { watts: 2500, holdsW: 2500 },
  },
];

let host: MinerEmulatorHost;
let seed = 500;
beforeAll(() => {
  host = new MinerEmulatorHost({ tickMs: 50 });
});
afterAll(async () => {
  await host.close();
});

async function emulate(
  testCase: Case,
): Promise<{ miner: EmulatedMiner; endpoint: MinerEndpoint; client: MinerClient }> {
  seed += 1;
  const miner = EmulatedMiner.create({
    spec: testCase.spec,
    powerRangeW: testCase.powerRangeW,
    now: () => Date.now(),
    timeScale: TIME_SCALE,
    seed,
  });
  const endpoint = await host.add(miner, { id: `${testCase.dialect}-${seed}`, dialect: testCase.dialect });
  const client = createMinerClient(testCase.dialect, {
    host: endpoint.host,
    port: endpoint.port,
    webPort: endpoint.webPort,
    verify,
    ...timeouts,
  });
  return { miner, endpoint, client };
}

async function readUntil(client: MinerClient, ok: (reading: MinerReading) => boolean): Promise<MinerReading> {
  const deadline = Date.now() + 3000;
  let last = await client.read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met: ${JSON.stringify({ ...last, pools: undefined })}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = await client.read();
  }
  return last;
}

const within = (actual: number | null, expected: number, share: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / expected).toBeLessThan(share);
};

describe.each(CASES)(
  '$dialect emulator over its real wire protocol, driven by the real client',
  (testCase) => {
    it('is found by detection at its port (web port 1: nothing listens there)', async () => {
      const { endpoint } = await emulate(testCase);
      const found = await detectDialect(endpoint.host, endpoint.port, { ...timeouts, webPort: 1 });
      expect(found.dialect).toBe(testCase.dialect);
    });

    it('reads as hashing at the nameplate hashrate, with boards, fans and pools', async () => {
      const { client } = await emulate(testCase);
      const reading = await client.read();
      expect(reading).toMatchObject({ dialect: testCase.dialect, state: 'hashing', errors: [] });
      within(reading.hashrate5sThs, testCase.spec.hashrateThs, 0.03);
      if (testCase.reportsPower === false) expect(reading.powerW).toBeNull();
      else if (reading.powerSource !== 'spec-estimate') within(reading.powerW, testCase.spec.powerW, 0.03);
      expect(reading.boards).toHaveLength(testCase.boards ?? 3);
      expect(reading.fansRpm!.length).toBeGreaterThanOrEqual(testCase.fans ?? 2);
      // ePIC reports only the pool in use (`Stratum`); the others list their three.
      expect(reading.pools).toHaveLength(testCase.pools ?? (testCase.dialect === 'epic' ? 1 : 3));
    });

    if (testCase.canSleep) {
      it('sleep is confirmed by read-back (sleeping, no hashrate); wake brings hashing back', async () => {
        const { miner, client } = await emulate(testCase);
        const slept = await client.sleep();
        expect(slept.applied).toBe(true);
        expect(slept.reading!.hashrate5sThs ?? 0).toBeLessThan(0.5);
        expect(['sleeping', 'off']).toContain(slept.reading!.state);
        expect(miner.phase).toBe('sleeping');
        const woken = await client.wake();
        expect(woken.applied).toBe(true);
        const hashing = await readUntil(client, (r) => r.state === 'hashing');
        within(hashing.hashrate5sThs, testCase.spec.hashrateThs, 0.03);
        expect(miner.controls().length).toBeGreaterThanOrEqual(2);
      });
    } else {
      it('sleep and wake are refused before anything is sent', async () => {
        const { miner, client } = await emulate(testCase);
        await expect(client.sleep()).rejects.toBeInstanceOf(UnsupportedCommandError);
        await expect(client.wake()).rejects.toBeInstanceOf(UnsupportedCommandError);
        expect(miner.controls()).toEqual([]);
      });
    }

    if (testCase.powerTarget) {
      const target = testCase.powerTarget;
      it(`a ${target.watts} W target is confirmed by read-back (${target.holdsW} W held)`, async () => {
        const { miner, client } = await emulate(testCase);
        const result = await client.setPowerTarget(target.watts);
        expect(result.applied).toBe(true);
        expect(result.reading!.powerTargetW).toBe(target.holdsW);
        expect(miner.powerTargetW).toBe(target.holdsW);
      });
    } else {
      it('a power target is refused before anything is sent', async () => {
        const { miner, client } = await emulate(testCase);
        await expect(client.setPowerTarget(3000)).rejects.toBeInstanceOf(UnsupportedCommandError);
        expect(miner.controls()).toEqual([]);
      });
    }
  },
);
