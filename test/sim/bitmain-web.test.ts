import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  createMinerClient,
  MinerCommandRefusedError,
} from '../../src/adapters/miners/index.ts';
import { EmulatedMiner, MinerEmulatorHost, type MinerEndpoint } from '../../src/sim/index.ts';

/** Firmware delays x 0.005: sleep 25-75 ms, wake 150-300 ms. */
const TIME_SCALE = 0.005;
const verify = { attempts: 80, intervalMs: 10 };
const spec = { model: 'Antminer S19j Pro', hashrateThs: 104, powerW: 3068 };

let host: MinerEmulatorHost;
let seed = 500;

beforeAll(() => {
  host = new MinerEmulatorHost({ tickMs: 50 });
});
afterAll(async () => {
  await host.close();
});

async function emulate(flavour: 'stock' | 'vnish' = 'stock') {
  seed += 1;
  const miner = EmulatedMiner.create({ spec, now: () => Date.now(), timeScale: TIME_SCALE, seed });
  const endpoint = await host.add(miner, {
    id: `bitmain-${seed}`,
    dialect: 'antminer-stock',
    bitmainFlavour: flavour,
  });
  return { miner, endpoint };
}

const clientFor = (endpoint: MinerEndpoint, webPassword?: string) =>
  createMinerClient('antminer-stock', {
    host: endpoint.host,
    port: endpoint.port,
    antminerWebPort: endpoint.webPort,
    antminerWebPassword: webPassword,
    verify,
  });

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** GET/POST with Digest, written out by hand (independent of the client). */
async function digestFetch(
  endpoint: MinerEndpoint,
  path: string,
  init: { method?: string; body?: string; password?: string } = {},
): Promise<Response> {
  const url = `http://${endpoint.host}:${endpoint.webPort}${path}`;
  const method = init.method ?? 'GET';
  const first = await fetch(url, { method, body: init.body });
  expect(first.status).toBe(401);
  const challenge = first.headers.get('www-authenticate')!;
  const realm = /realm="([^"]*)"/.exec(challenge)![1]!;
  const nonce = /nonce="([^"]*)"/.exec(challenge)![1]!;
  const ha1 = md5(`root:${realm}:${init.password ?? 'root'}`);
  const response = md5(`${ha1}:${nonce}:00000001:abcdef:auth:${md5(`${method}:${path}`)}`);
  const authorization =
    `Digest username="root", realm="${realm}", nonce="${nonce}", uri="${path}", ` +
    `response="${response}", qop=auth, nc=00000001, cnonce="abcdef"`;
  return fetch(url, { method, body: init.body, headers: { authorization } });
}

describe('emulated stock Antminer web interface', () => {
  it('each stock miner gets a second port; VNish and other dialects get none', async () => {
    const { endpoint } = await emulate();
    expect(endpoint.webPort).toBeGreaterThan(0);
    expect(endpoint.webPort).not.toBe(endpoint.port);
    expect((await emulate('vnish')).endpoint.webPort).toBeUndefined();
    seed += 1;
    const lux = await host.add(EmulatedMiner.create({ spec, now: () => Date.now(), seed }), {
      id: `lux-${seed}`,
      dialect: 'luxos',
    });
    expect(lux.webPort).toBeUndefined();
  });

  it('serves get_miner_conf / get_system_info behind HTTP Digest (root/root), 401 with a challenge otherwise', async () => {
    const { miner, endpoint } = await emulate();
    const plain = await fetch(`http://${endpoint.host}:${endpoint.webPort}/cgi-bin/get_miner_conf.cgi`);
    expect(plain.status).toBe(401);
    expect(plain.headers.get('www-authenticate')).toMatch(
      /^Digest realm="antMiner Configuration", charset="UTF-8", nonce="[0-9a-f]{32}", qop="auth", algorithm="MD5"$/,
    );
    const conf = (await (await digestFetch(endpoint, '/cgi-bin/get_miner_conf.cgi')).json()) as Record<
      string,
      unknown
    >;
    expect(conf).toMatchObject({ 'bitmain-work-mode': '0', 'api-listen': true, 'bitmain-fan-ctrl': false });
    expect(conf.pools).toHaveLength(3);
    const info = (await (await digestFetch(endpoint, '/cgi-bin/get_system_info.cgi')).json()) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({ minertype: 'Antminer S19j Pro', hostname: 'Antminer' });
    const wrong = await digestFetch(endpoint, '/cgi-bin/get_miner_conf.cgi', { password: 'admin' });
    expect(wrong.status).toBe(401);
    // A sleep ordered in-process reads as work mode 1, as the firmware would report it.
    miner.sleep();
    const asleep = (await (await digestFetch(endpoint, '/cgi-bin/get_miner_conf.cgi')).json()) as Record<
      string,
      unknown
    >;
    expect(asleep['bitmain-work-mode']).toBe('1');
    expect(miner.controls()).toEqual([]);
  });

  it('sleep: the client reads sleeping only after the firmware delay; wake: hashing again after its delay', async () => {
    const { miner, endpoint } = await emulate();
    const client = clientFor(endpoint);
    expect(await client.capabilities()).toMatchObject({ canSleep: true, canSetPowerTarget: false });

    const sleepStarted = Date.now();
    const slept = await client.sleep();
    expect(slept.applied).toBe(true);
    expect(Date.now() - sleepStarted).toBeGreaterThanOrEqual(5_000 * TIME_SCALE);
    expect(slept.reading).toMatchObject({ state: 'sleeping', hashrate5sThs: 0 });
    expect(miner.phase).toBe('sleeping');
    expect(miner.controls()).toEqual(['set_miner_conf miner-mode=1 pools unchanged']);

    const wakeStarted = Date.now();
    const woken = await client.wake();
    expect(woken.applied).toBe(true);
    let reading = await client.read();
    while (reading.state !== 'hashing' && Date.now() - wakeStarted < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      reading = await client.read();
    }
    expect(reading.state).toBe('hashing');
    expect(Date.now() - wakeStarted).toBeGreaterThanOrEqual(30_000 * TIME_SCALE);
    expect(Math.abs(reading.hashrate5sThs! - spec.hashrateThs) / spec.hashrateThs).toBeLessThan(0.03);
    expect(miner.controls()).toEqual([
      'set_miner_conf miner-mode=1 pools unchanged',
      'set_miner_conf miner-mode=0 pools unchanged',
    ]);
  });

  it('a config posted with other pools is noted as such; a bad mode is refused', async () => {
    const { miner, endpoint } = await emulate();
    const conf = (await (await digestFetch(endpoint, '/cgi-bin/get_miner_conf.cgi')).json()) as Record<
      string,
      unknown
    >;
    const refused = await digestFetch(endpoint, '/cgi-bin/set_miner_conf.cgi', {
      method: 'POST',
      body: JSON.stringify({ ...conf, 'miner-mode': 7 }),
    });
    expect(await refused.json()).toMatchObject({ stats: 'error' });
    const changed = await digestFetch(endpoint, '/cgi-bin/set_miner_conf.cgi', {
      method: 'POST',
      body: JSON.stringify({ ...conf, pools: [], 'miner-mode': 0 }),
    });
    expect(await changed.json()).toEqual({ stats: 'success', code: 'M000', msg: 'OK!' });
    expect(miner.controls()).toEqual([
      'set_miner_conf miner-mode=7 (refused)',
      'set_miner_conf miner-mode=0 pools CHANGED',
    ]);
  });

  it('a wrong web password is refused (401) before anything changes', async () => {
    const { miner, endpoint } = await emulate();
    const client = clientFor(endpoint, 'admin');
    await expect(client.sleep()).rejects.toBeInstanceOf(MinerCommandRefusedError);
    expect(miner.controls()).toEqual([]);
    expect(miner.phase).toBe('hashing');
  });

  it('network loss applies to the web port too', async () => {
    const { miner, endpoint } = await emulate();
    miner.setNetwork({ dropProbability: 1 });
    const client = new AntminerStockClient({
      host: endpoint.host,
      port: endpoint.port,
      webPort: endpoint.webPort,
      verify,
    });
    const capabilities = await client.capabilities();
    expect(capabilities.canSleep).toBe(false);
    expect(capabilities.notes[0]).toMatch(/did not answer get_miner_conf\.cgi/);
    miner.setNetwork({ dropProbability: 0 });
    // A command asks the web interface again rather than trusting the failed probe.
    expect((await client.sleep()).applied).toBe(true);
  });

  it('removing a miner closes both of its ports', async () => {
    const { endpoint } = await emulate();
    await host.remove(endpoint.id);
    await expect(fetch(`http://${endpoint.host}:${endpoint.webPort}/`)).rejects.toThrow();
  });
});
