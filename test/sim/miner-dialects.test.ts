import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  AvalonClient,
  BraiinsClient,
  detectDialect,
  LuxosClient,
  type MinerClient,
  type MinerDialect,
  type MinerReading,
  MinerTimeoutError,
  MinerUnreachableError,
  PowerTargetOutOfRangeError,
  UnsupportedCommandError,
  WhatsminerV2Client,
  WhatsminerV3Client,
} from '../../src/adapters/miners/index.ts';
import {
  EmulatedMiner,
  type EmulatedMinerOptions,
  MinerEmulatorHost,
  type MinerEndpoint,
  type MinerModelSpec,
} from '../../src/sim/index.ts';

/** Firmware delays x 0.005: sleep 25-75 ms, wake 150-300 ms, retune 25-75 ms, Avalon's 5 s schedule 25 ms. */
const TIME_SCALE = 0.005;
const verify = { attempts: 80, intervalMs: 10 };
const timeouts = { connectTimeoutMs: 1000, readTimeoutMs: 2000 };

interface Case {
  readonly dialect: MinerDialect;
  readonly spec: MinerModelSpec;
  readonly powerRangeW?: { minW: number; maxW: number };
  readonly model: string;
  readonly client: (endpoint: MinerEndpoint, options?: { readTimeoutMs?: number }) => MinerClient;
  readonly canSleep: boolean;
  /** A target inside the range and the target the miner should end up holding. */
  readonly powerTarget: { watts: number; holdsW: number } | null;
  /** A target the client must refuse before sending anything. */
  readonly outOfRangeW: number | null;
}

const clientOptions = (endpoint: MinerEndpoint, options: { readTimeoutMs?: number } = {}) => ({
  host: endpoint.host,
  port: endpoint.port,
  verify,
  ...timeouts,
  ...options,
});

const CASES: Case[] = [
  {
    dialect: 'antminer-stock',
    spec: { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 },
    model: 'Antminer S19j Pro',
    // Sleep and wake through the web interface on the endpoint's second port.
    client: (e, o) => new AntminerStockClient({ ...clientOptions(e, o), webPort: e.webPort }),
    canSleep: true,
    powerTarget: null,
    outOfRangeW: null,
  },
  {
    dialect: 'luxos',
    spec: { model: 'Antminer S19 XP', hashrateThs: 140, powerW: 3010 },
    powerRangeW: { minW: 2200, maxW: 3010 },
    model: 'Antminer S19 XP',
    client: (e, o) => new LuxosClient(clientOptions(e, o)),
    canSleep: true,
    // Profiles step 2200, 2301, ..., 2605, 2706, ...: the client picks the most watts not above 2700.
    powerTarget: { watts: 2700, holdsW: 2605 },
    outOfRangeW: 2100,
  },
  {
    dialect: 'whatsminer-v2',
    spec: { model: 'Whatsminer M50S', hashrateThs: 126, powerW: 3276 },
    model: 'Whatsminer M50S VH30',
    client: (e, o) => new WhatsminerV2Client(clientOptions(e, o)),
    canSleep: true,
    powerTarget: { watts: 2900, holdsW: 2900 },
    outOfRangeW: 3400,
  },
  {
    dialect: 'whatsminer-v3',
    spec: { model: 'Whatsminer M60S', hashrateThs: 186, powerW: 3422 },
    model: 'Whatsminer M60S VK40',
    client: (e, o) => new WhatsminerV3Client(clientOptions(e, o)),
    canSleep: true,
    powerTarget: { watts: 3000, holdsW: 3000 },
    outOfRangeW: 3600,
  },
  {
    dialect: 'braiins-os',
    spec: { model: 'Antminer S21', hashrateThs: 200, powerW: 3500 },
    powerRangeW: { minW: 2400, maxW: 3500 },
    model: 'Antminer S21',
    client: (e, o) => new BraiinsClient(clientOptions(e, o)),
    canSleep: true,
    powerTarget: { watts: 2800, holdsW: 2800 },
    outOfRangeW: 2000,
  },
  {
    dialect: 'avalon',
    spec: { model: 'Avalon A1466', hashrateThs: 150, powerW: 3300 },
    model: 'Avalon A1466',
    client: (e, o) => new AvalonClient(clientOptions(e, o)),
    canSleep: true,
    powerTarget: null,
    outOfRangeW: null,
  },
];

let host: MinerEmulatorHost;
let seed = 100;

beforeAll(() => {
  host = new MinerEmulatorHost({ tickMs: 50 });
});
afterAll(async () => {
  await host.close();
});

async function emulate(
  testCase: Case,
  options: Partial<EmulatedMinerOptions> = {},
): Promise<{ miner: EmulatedMiner; endpoint: MinerEndpoint; client: MinerClient }> {
  seed += 1;
  const miner = EmulatedMiner.create({
    spec: testCase.spec,
    powerRangeW: testCase.powerRangeW,
    now: () => Date.now(),
    timeScale: TIME_SCALE,
    seed,
    ...options,
  });
  const endpoint = await host.add(miner, { id: `${testCase.dialect}-${seed}`, dialect: testCase.dialect });
  return { miner, endpoint, client: testCase.client(endpoint) };
}

/** Reads until `ok` holds (or fails after `timeoutMs`). */
async function readUntil(
  client: MinerClient,
  ok: (reading: MinerReading) => boolean,
  timeoutMs = 3000,
): Promise<MinerReading> {
  const deadline = Date.now() + timeoutMs;
  let last = await client.read();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met; last reading: ${JSON.stringify({ ...last, pools: undefined })}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = await client.read();
  }
  return last;
}

const within = (actual: number | null, expected: number, share: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / expected).toBeLessThan(share);
};

/** hashrate = H x (p / P)^0.7 */
const onCurve = (spec: MinerModelSpec, watts: number) => spec.hashrateThs * (watts / spec.powerW) ** 0.7;

describe.each(CASES)('$dialect emulator, driven by the real client', (testCase) => {
  it('is found by dialect detection at its port', async () => {
    const { endpoint } = await emulate(testCase);
    expect((await detectDialect(endpoint.host, endpoint.port, timeouts)).dialect).toBe(testCase.dialect);
  });

  it('reads as hashing at the nameplate hashrate and power', async () => {
    const { client, endpoint } = await emulate(testCase);
    const reading = await client.read();
    expect(reading).toMatchObject({
      dialect: testCase.dialect,
      endpoint: `127.0.0.1:${endpoint.port}`,
      model: testCase.model,
      state: 'hashing',
      errors: [],
    });
    within(reading.hashrate5sThs, testCase.spec.hashrateThs, 0.03);
    within(reading.hashrateAvgThs, testCase.spec.hashrateThs, 0.03);
    within(reading.powerW, testCase.spec.powerW, 0.03);
    expect(reading.boards).toHaveLength(3);
    expect(reading.fansRpm!.length).toBeGreaterThanOrEqual(2);
    expect(reading.pools).toHaveLength(3);
    expect(reading.uptimeS).toBeGreaterThan(3000);
    // Only the stock Bitmain estimate (from the nameplate) is worth a warning.
    expect(reading.warnings.filter((w) => !/power estimated from/.test(w))).toEqual([]);
  });

  if (testCase.canSleep) {
    it('sleep: asleep only after the firmware delay, power drops; wake: hashing again after its delay', async () => {
      const { miner, client } = await emulate(testCase);
      const sleepStarted = Date.now();
      const slept = await client.sleep();
      expect(slept.applied).toBe(true);
      expect(Date.now() - sleepStarted).toBeGreaterThanOrEqual(5_000 * TIME_SCALE);
      expect(slept.reading!.state).toBe('sleeping');
      expect(slept.reading!.hashrate5sThs ?? 0).toBeLessThan(0.5);
      expect(slept.reading!.powerW ?? 0).toBeLessThan(100);
      expect(miner.phase).toBe('sleeping');

      const wakeStarted = Date.now();
      const woken = await client.wake();
      expect(woken.applied).toBe(true);
      const hashing = await readUntil(client, (r) => r.state === 'hashing');
      expect(Date.now() - wakeStarted).toBeGreaterThanOrEqual(30_000 * TIME_SCALE);
      within(hashing.hashrate5sThs, testCase.spec.hashrateThs, 0.03);
      within(hashing.powerW, testCase.spec.powerW, 0.03);
      expect(miner.controls().length).toBeGreaterThanOrEqual(2);
    });
  } else {
    it('sleep, wake and power targets are refused by the client before anything is sent', async () => {
      const { miner, client } = await emulate(testCase);
      await expect(client.sleep()).rejects.toBeInstanceOf(UnsupportedCommandError);
      await expect(client.wake()).rejects.toBeInstanceOf(UnsupportedCommandError);
      await expect(client.setPowerTarget(3000)).rejects.toBeInstanceOf(UnsupportedCommandError);
      expect(miner.controls()).toEqual([]);
    });
  }

  if (testCase.powerTarget) {
    const target = testCase.powerTarget;
    it(`a ${target.watts} W target moves power and hashrate along the curve`, async () => {
      const { miner, client } = await emulate(testCase);
      const result = await client.setPowerTarget(target.watts);
      expect(result.applied).toBe(true);
      expect(result.reading!.powerTargetW).toBe(target.holdsW);
      const settled = await readUntil(
        client,
        (r) =>
          r.state === 'hashing' &&
          r.powerW !== null &&
          Math.abs(r.powerW - target.holdsW) < 0.01 * target.holdsW,
      );
      within(settled.hashrate5sThs, onCurve(testCase.spec, target.holdsW), 0.03);
      expect(miner.powerTargetW).toBe(target.holdsW);
    });
  }

  if (testCase.outOfRangeW !== null) {
    const watts = testCase.outOfRangeW;
    it(`a ${watts} W target outside the range is refused by the client before sending`, async () => {
      const { miner, client } = await emulate(testCase);
      await expect(client.setPowerTarget(watts)).rejects.toBeInstanceOf(PowerTargetOutOfRangeError);
      expect(miner.controls()).toEqual([]);
      expect(miner.powerTargetW).toBe(Math.min(testCase.spec.powerW, testCase.powerRangeW?.maxW ?? Infinity));
    });
  } else if (testCase.canSleep) {
    it('power targets are refused by the client before sending (work modes only)', async () => {
      const { miner, client } = await emulate(testCase);
      await expect(client.setPowerTarget(3000)).rejects.toBeInstanceOf(UnsupportedCommandError);
      expect(miner.controls()).toEqual([]);
    });
  }

  it('a faulted board shows as a dead board and an error', async () => {
    const { miner, client } = await emulate(testCase);
    miner.faultBoard(2);
    const reading = await client.read();
    expect(reading.errors.length).toBeGreaterThan(0);
    within(reading.hashrate5sThs, (testCase.spec.hashrateThs * 2) / 3, 0.05);
    const board = reading.boards![2]!;
    if (testCase.dialect !== 'avalon') expect(board.hashrate5sThs === 0 || board.chips === 0).toBe(true);
    expect(reading.errors.map((e) => `${e.code} ${e.message}`).join('\n')).toMatch(/2|3/);
  });

  it('network loss: an unanswered request times out, a reset connection is unreachable', async () => {
    const { miner, endpoint } = await emulate(testCase);
    miner.setNetwork({ timeoutProbability: 1 });
    const slow = testCase.client(endpoint, { readTimeoutMs: 150 });
    const timedOut = await slow.read().catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(MinerTimeoutError);
    expect(timedOut).toMatchObject({ code: 'SY_ERR_MINER_TIMEOUT', phase: 'read' });
    miner.setNetwork({ timeoutProbability: 0, dropProbability: 1 });
    const dropped = await slow.read().catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(MinerUnreachableError);
    miner.setNetwork({ dropProbability: 0 });
    expect((await slow.read()).state).toBe('hashing');
  });
});

describe('emulated faults and losses at random', () => {
  it('random board faults (seeded rate) show up in readings', async () => {
    const luxos = CASES.find((c) => c.dialect === 'luxos')!;
    // ~1 fault per 20 ms of wall time while hashing.
    const { client } = await emulate(luxos, { boardFaultsPerHour: 180_000 });
    const reading = await readUntil(client, (r) => r.errors.length > 0);
    expect(reading.errors[0]!.message).toMatch(/^\[BOARD \d\] Board reboot due to it not hashing/);
    expect(reading.boards!.some((b) => b.hashrate5sThs === 0)).toBe(true);
  });

  it('partial loss: some reads time out, the others succeed', async () => {
    const braiins = CASES.find((c) => c.dialect === 'braiins-os')!;
    const { endpoint } = await emulate(braiins, { network: { timeoutProbability: 0.05 } });
    const client = braiins.client(endpoint, { readTimeoutMs: 100 });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      outcomes.push(
        await client.read().then(
          () => 'ok',
          (error: unknown) => (error instanceof MinerTimeoutError ? 'timeout' : String(error)),
        ),
      );
    }
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('timeout');
    expect(outcomes.every((o) => o === 'ok' || o === 'timeout')).toBe(true);
  });

  it('connections held by the emulated network are released once the client gives up', async () => {
    await readUntil(CASES[0]!.client((await emulate(CASES[0]!)).endpoint), () => true);
    const deadline = Date.now() + 2000;
    while (host.openConnections > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(host.openConnections).toBe(0);
  });
});
