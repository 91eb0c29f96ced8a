import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectBroker,
  type EmbeddedBroker,
  Inbox,
  type MqttBrokerClient,
  type Principal,
  siteTopic,
  startEmbeddedBroker,
  type TelemetryMessage,
} from '../../src/adapters/broker/index.ts';
import { type AgentCommandOptions, runAgent } from '../../src/cli/agent-command.ts';

const SITE = 'cli-site';
const KEY = `sy_00000000cafe_${'s'.repeat(32)}`;
const quiet = { warn: () => {} };

async function authenticate(username: string, password: string): Promise<Principal | undefined> {
  if (username === '00000000cafe' && password === KEY) return { role: 'agent', siteId: SITE };
  if (username === 'server' && password === 'server-secret') return { role: 'server' };
  return undefined;
}

let broker: EmbeddedBroker;
let server: MqttBrokerClient;
let dir: string;
const previousLogLevel = process.env.LOG_LEVEL;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'silent';
  broker = await startEmbeddedBroker({ port: 0, authenticate, log: quiet });
  server = await connectBroker({
    url: broker.url,
    username: 'server',
    password: 'server-secret',
    clientId: 'cli-test-server',
    log: quiet,
  });
  dir = await mkdtemp(join(tmpdir(), 'switchyard-agent-cli-'));
});

afterAll(async () => {
  await server?.close();
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
  if (previousLogLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = previousLogLevel;
});

function options(overrides: Partial<AgentCommandOptions> = {}): AgentCommandOptions {
  return {
    site: SITE,
    broker: broker.url,
    key: KEY,
    // A listed dialect gets its client without a probe; nothing listens on port 1.
    miners: '127.0.0.1:1/luxos',
    pollSeconds: '1',
    bufferDir: dir,
    bufferMb: '16',
    fallback: 'hold-last',
    poolFee: '2',
    pue: '1.05',
    waveSize: '20',
    waveSeconds: '10',
    probeTimeoutMs: '200',
    ...overrides,
  };
}

describe('switchyard agent', () => {
  it('connects with the key, says online, polls, and says offline on close', async () => {
    const inbox = new Inbox();
    await server.subscribe(siteTopic(SITE, 'status'), inbox.handler);
    await server.subscribe(siteTopic(SITE, 'telemetry'), inbox.handler);
    const running = await runAgent(options());
    try {
      await inbox.waitForJson(siteTopic(SITE, 'status'), (s) => (s as { online: boolean }).online === true);
      const batch = (await inbox.waitForJson(
        siteTopic(SITE, 'telemetry'),
        () => true,
        10_000,
      )) as TelemetryMessage;
      expect(batch.siteId).toBe(SITE);
      expect(batch.readings).toMatchObject([
        { deviceId: '127.0.0.1:1', kind: 'miner', state: 'unknown', hashrateThs: null, powerW: null },
      ]);
    } finally {
      await running.close();
    }
    await inbox.waitForJson(siteTopic(SITE, 'status'), (s) => (s as { online: boolean }).online === false);
  }, 20_000);

  it('refuses bad options before touching the network', async () => {
    await expect(runAgent(options({ fallback: 'breakeven' }))).rejects.toThrow(/--hashprice: is required/);
    await expect(runAgent(options({ fallback: 'nap' }))).rejects.toThrow(/fallback\.rule/);
    await expect(runAgent(options({ key: 'secret' }))).rejects.toThrow(/sy_<id>_<secret>/);
    await expect(runAgent(options({ gpus: 'gpu-1' }))).rejects.toThrow(/--gpus: "gpu-1" is not id=http/);
    await expect(runAgent(options({ miners: '10.0.0.1/nope' }))).rejects.toThrow(/unknown dialect/);
  });
});
