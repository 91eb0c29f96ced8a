import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  createMinerClient,
  MinerCommandRefusedError,
  UnsupportedCommandError,
} from '../../src/adapters/miners/index.ts';
import {
  type AntminerWebFake,
  type AntminerWebFakeOptions,
  REALM,
  recordedStyleConfig,
  startAntminerWebFake,
} from './antminer-web-fake.ts';

const verify = { attempts: 3, intervalMs: 5 };
const fakes: AntminerWebFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function start(options: AntminerWebFakeOptions = {}): Promise<AntminerWebFake> {
  const fake = await startAntminerWebFake(options);
  fakes.push(fake);
  return fake;
}

const clientOf = (fake: AntminerWebFake, extra: { webUser?: string; webPassword?: string } = {}) =>
  new AntminerStockClient({
    host: fake.host,
    port: fake.cgminer.port,
    webPort: fake.webPort,
    verify,
    ...extra,
  });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('stock Antminer web interface (HTTP Digest, get/set_miner_conf.cgi)', () => {
  it('capabilities: answers the Digest challenge, canSleep once get_miner_conf answers, probed once', async () => {
    const fake = await start();
    const client = clientOf(fake);
    expect(await client.capabilities()).toMatchObject({
      canSleep: true,
      canSetPowerTarget: false,
      minPowerW: null,
      maxPowerW: null,
      notes: [expect.stringMatching(/no power target/)],
    });
    expect(fake.web.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'GET /cgi-bin/get_miner_conf.cgi 401',
      'GET /cgi-bin/get_miner_conf.cgi 200',
    ]);
    expect(fake.web[0]!.authorization).toBeUndefined();
    const answer = fake.web[1]!.authorization!;
    expect(answer).toMatch(/^Digest /);
    expect(answer).toContain(`realm="${REALM}"`);
    expect(answer).toContain('username="root"');
    expect(answer).toContain('uri="/cgi-bin/get_miner_conf.cgi"');
    expect(answer).toMatch(/qop=auth, nc=00000001, cnonce="[0-9a-f]{16}"/);
    await client.capabilities();
    expect(fake.web).toHaveLength(2);
    expect(fake.cgminer.requests).toEqual([]);
  });

  it('reads a hashing miner over the cgminer API alone; a miner without hashrate asks the work mode', async () => {
    const fake = await start();
    const client = clientOf(fake);
    await client.capabilities();
    const probed = fake.web.length;
    expect((await client.read()).state).toBe('hashing');
    expect(fake.web).toHaveLength(probed);
    await client.sleep();
    const asked = fake.web.length;
    expect((await client.read()).state).toBe('sleeping');
    expect(fake.web.length).toBe(asked + 1);
  });

  it('sleep posts the config exactly as read with only the work mode changed: pools untouched', async () => {
    const fake = await start();
    const client = clientOf(fake);
    const before = fake.config();
    const result = await client.sleep();

    expect(fake.posted).toHaveLength(1);
    const sent = fake.posted[0]!;
    expect(sent.pools).toEqual(recordedStyleConfig().pools);
    expect(sent.pools).toEqual(before.pools);
    expect(sent).toEqual({ ...before, 'bitmain-work-mode': '1', 'miner-mode': 1 });
    // Same keys in the same order, the mode fields aside; every value identical.
    expect(Object.keys(sent)).toEqual([...Object.keys(before), 'miner-mode']);
    for (const key of Object.keys(before).filter((k) => k !== 'bitmain-work-mode')) {
      expect(sent[key]).toEqual(before[key]);
    }

    expect(result.applied).toBe(true);
    expect(result.detail).toMatch(
      /^set_miner_conf miner-mode 1 \(sleep\) \(was 0 \(normal\)\): M000 OK!; confirmed/,
    );
    expect(result.reading).toMatchObject({ state: 'sleeping', hashrate5sThs: 0, dialect: 'antminer-stock' });
    // The nonce of the probe signs the later requests (nc counts up); no further challenge needed.
    const statuses = fake.web.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    expect(fake.web.find((r) => r.method === 'POST')!.authorization).toMatch(/nc=0000000[2-9]/);
    // The read-back went over the cgminer API.
    expect(fake.cgminer.requests.length).toBeGreaterThan(0);
  });

  it('wake posts miner-mode 0 and reads hashing again; pools still untouched', async () => {
    const fake = await start({ config: { ...recordedStyleConfig(), 'bitmain-work-mode': '1' } });
    const client = clientOf(fake);
    const asleep = fake.config();
    const result = await client.wake();
    expect(fake.posted).toEqual([{ ...asleep, 'bitmain-work-mode': '0', 'miner-mode': 0 }]);
    expect(fake.posted[0]!.pools).toEqual(asleep.pools);
    expect(result.applied).toBe(true);
    expect(result.reading!.state).toBe('hashing');
    expect(result.reading!.hashrate5sThs).toBeGreaterThan(100);
  });

  it('a miner already in the mode is not written to; the read-back still confirms', async () => {
    const fake = await start({ config: { ...recordedStyleConfig(), 'bitmain-work-mode': '1' } });
    const client = clientOf(fake);
    const slept = await client.sleep();
    expect(slept).toMatchObject({ applied: true, reading: { state: 'sleeping' } });
    expect(slept.detail).toMatch(/^work mode already 1 \(sleep\); nothing sent/);
    const low = await start({ config: { ...recordedStyleConfig(), 'bitmain-work-mode': '3' } });
    // Low-power mode hashes: waking leaves it alone.
    expect((await clientOf(low).wake()).detail).toMatch(/^work mode already 3 \(low power\)/);
    expect([...fake.posted, ...low.posted]).toEqual([]);
  });

  it('a firmware that answers M000 but keeps mining: applied false after the read-backs', async () => {
    const fake = await start({ behaviour: 'liar' });
    const result = await clientOf(fake).sleep();
    expect(result.applied).toBe(false);
    expect(result.detail).toMatch(/not confirmed after 3 read-back\(s\)/);
    expect(result.reading!.state).toBe('hashing');
  });

  it('wrong password: MinerCommandRefusedError (401) on sleep, canSleep false with the reason, nothing posted', async () => {
    const fake = await start({ password: 'not-root' });
    const client = clientOf(fake);
    const error = await client.sleep().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinerCommandRefusedError);
    expect(error).toMatchObject({
      code: 'SY_ERR_MINER_COMMAND_REFUSED',
      minerCode: 401,
      endpoint: `127.0.0.1:${fake.webPort}`,
    });
    expect((error as Error).message).toMatch(/wrong web user or password/);
    await expect(client.wake()).rejects.toBeInstanceOf(MinerCommandRefusedError);
    const capabilities = await client.capabilities();
    expect(capabilities.canSleep).toBe(false);
    expect(capabilities.notes[0]).toMatch(/web interface at 127\.0\.0\.1:\d+ .*401/);
    expect(fake.posted).toEqual([]);
    expect(fake.web.every((r) => r.method === 'GET')).toBe(true);
    // The right password, given as the factory option, works.
    const right = await start({ password: 'admin1' });
    const made = createMinerClient('antminer-stock', {
      host: right.host,
      port: right.cgminer.port,
      antminerWebPort: right.webPort,
      antminerWebPassword: 'admin1',
      verify,
    });
    expect((await made.sleep()).applied).toBe(true);
  });

  it('a stale nonce is answered again with the fresh one', async () => {
    const fake = await start();
    const client = clientOf(fake);
    expect((await client.capabilities()).canSleep).toBe(true);
    fake.expireNonces();
    expect((await client.sleep()).applied).toBe(true);
    expect(fake.web.filter((r) => r.status === 401)).toHaveLength(2);
    expect(fake.posted).toHaveLength(1);
  });

  it('set_miner_conf refusing the config: MinerCommandRefusedError with its code', async () => {
    const fake = await start({ setReply: { stats: 'error', code: 'M001', msg: 'Illegal parameters!' } });
    await expect(clientOf(fake).sleep()).rejects.toMatchObject({
      name: 'MinerCommandRefusedError',
      minerCode: 1,
      minerMessage: 'M001 Illegal parameters!',
    });
  });

  it('read(): the work mode marks a sleeping miner once the web interface has answered', async () => {
    const fake = await start({ config: { ...recordedStyleConfig(), 'bitmain-work-mode': '1' } });
    const client = clientOf(fake);
    const first = await client.read();
    expect(first.state).toBe('faulted'); // the cgminer API alone cannot tell sleep from a fault
    expect(fake.web).toEqual([]);
    await client.capabilities();
    const second = await client.read();
    expect(second.state).toBe('sleeping');
    expect(second.warnings.filter((w) => /not curtailed/.test(w))).toEqual([]);
  });

  it('firmware whose config has no work mode: canSleep false, sleep refused before any write', async () => {
    const { 'bitmain-work-mode': _mode, ...config } = recordedStyleConfig();
    const fake = await start({ config });
    const client = clientOf(fake);
    expect(await client.capabilities()).toMatchObject({
      canSleep: false,
      notes: [expect.stringMatching(/without a work mode/), expect.stringMatching(/no power target/)],
    });
    await expect(client.sleep()).rejects.toBeInstanceOf(UnsupportedCommandError);
    expect(fake.posted).toEqual([]);
  });

  it('no web interface: canSleep false with a note, sleep/wake UnsupportedCommandError; power targets never send', async () => {
    const fake = await start();
    const client = new AntminerStockClient({
      host: fake.host,
      port: fake.cgminer.port,
      webPort: await closedPort(),
      verify,
    });
    const capabilities = await client.capabilities();
    expect(capabilities).toMatchObject({ canSleep: false, canSetPowerTarget: false });
    expect(capabilities.notes[0]).toMatch(/did not answer get_miner_conf\.cgi/);
    await expect(client.sleep()).rejects.toBeInstanceOf(UnsupportedCommandError);
    await expect(client.wake()).rejects.toThrow(/cannot wake/);
    await expect(client.setPowerTarget(3000)).rejects.toThrow(/cannot set a power target/);
    const served = await start();
    await expect(clientOf(served).setPowerTarget(3000)).rejects.toBeInstanceOf(UnsupportedCommandError);
    expect(served.web).toEqual([]);
    expect(served.cgminer.requests).toEqual([]);
  });
});
