import { readdirSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workModeOf } from '../../src/adapters/miners/antminer/antminer-web.ts';
import {
  createMinerClient,
  detectDialect,
  MinerError,
  type MinerReading,
  parseLenientJson,
  UnknownDialectError,
  WhatsminerV2Client,
} from '../../src/adapters/miners/index.ts';
import { startCapture } from './capture-server.ts';
import { CAPTURE_CASES, type CaptureCase, type ExpectedFigures } from './capture-sets.ts';
import { EXPECTED } from './expected-readings.ts';
import {
  fixtureBytes,
  type RunningServer,
  startHttpFixtureServer,
  startTcpFixtureServer,
} from './fixture-server.ts';
import { startVariant, variantNamed } from './fixture-variants.ts';
import { minerFixturesDir } from './fixtures-dir.ts';

// Source of every capture: ../shared/fixtures/miners/README.md (asic-rs, pyasic, proto-fleet, foreman-apps).
const fast = { connectTimeoutMs: 1_000, readTimeoutMs: 1_500 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function figuresOf(reading: MinerReading): ExpectedFigures {
  return {
    dialect: reading.dialect,
    hashrate5sThs: reading.hashrate5sThs,
    hashrateAvgThs: reading.hashrateAvgThs,
    powerW: reading.powerW,
    powerSource: reading.powerSource,
    powerTargetW: reading.powerTargetW,
    state: reading.state,
    boards: reading.boards === null ? null : reading.boards.map((board) => board.hashrate5sThs),
    fansRpm: reading.fansRpm,
    uptimeS: reading.uptimeS,
  };
}

/** Capture folders: one level (`avalonminer`) or two (`antminer/v2020`). */
function captureFolders(): string[] {
  const root = minerFixturesDir();
  const isDir = (path: string) => statSync(join(root, path)).isDirectory();
  return readdirSync(root)
    .filter(isDir)
    .flatMap((top) => {
      const subs = readdirSync(join(root, top)).filter((sub) => isDir(join(top, sub)));
      return subs.length === 0 ? [top] : subs.map((sub) => `${top}/${sub}`);
    })
    .sort();
}

const byKind = <K extends CaptureCase['kind']>(kind: K) =>
  CAPTURE_CASES.filter((c): c is Extract<CaptureCase, { kind: K }> => c.kind === kind).map((c) => ({
    ...c,
    name: 'file' in c && c.file ? `${c.dir}/${c.file}` : c.dir,
  }));

describe('the capture table', () => {
  it('lists every capture folder of the shared fixtures', () => {
    expect([...new Set(CAPTURE_CASES.map((c) => c.dir))].sort()).toEqual(captureFolders());
  });
});

describe('detect and read every capture over its real transport', () => {
  it.each(byKind('read'))('$name', async ({ dir, serve, expect: expected }) => {
    const servers = await startCapture(dir);
    closers.push(() => servers.close());
    const main = serve === 'http' ? servers.http! : servers.cgminer!;
    const webPort = serve === 'cgminer' ? await closedPort() : servers.http!.port;
    const found = await detectDialect(main.host, main.port, { ...fast, webPort });
    expect(found.dialect).toBe(expected.dialect);
    expect(found.attempts.length).toBeGreaterThan(0);
    const reading = await createMinerClient(found.dialect, {
      ...fast,
      host: main.host,
      port: found.port,
      webPort,
    }).read();
    expect(figuresOf(reading)).toEqual(expected);
  });

  it.each(byKind('variant'))('$name (fixture variant)', async ({ variant }) => {
    const server = await startVariant(variantNamed(variant));
    closers.push(() => server.close());
    const found = await detectDialect(server.host, server.port, { ...fast, webPort: await closedPort() });
    const reading = await createMinerClient(found.dialect, {
      ...fast,
      host: server.host,
      port: found.port,
    }).read();
    const { endpoint: _e, readAtMs: _r, warnings: _w, ...rest } = reading;
    expect(rest).toEqual(EXPECTED[variant]);
  });
});

describe('identify captures that carry no reading', () => {
  it.each(byKind('detect'))('$name', async ({ dir, file, dialect }) => {
    let server: RunningServer;
    if (file) {
      const bytes = fixtureBytes(join(dir, file));
      server = await startTcpFixtureServer({
        framing: 'cgminer',
        respond: (r) => (r.command === 'version' ? bytes : null),
      });
    } else {
      const servers = await startCapture(dir);
      server = servers.cgminer!;
    }
    closers.push(() => server.close());
    const found = await detectDialect(server.host, server.port, { ...fast, webPort: await closedPort() });
    expect(found.dialect).toBe(dialect);
    expect(found.evidence).toMatch(/^version names /);
  });

  it.each(byKind('unsupported'))('$name is named as unsupported', async ({ dir, names }) => {
    const servers = await startCapture(dir);
    closers.push(() => servers.close());
    const error = await detectDialect('127.0.0.1', servers.http!.port, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownDialectError);
    expect((error as UnknownDialectError).unsupportedFirmware).toMatch(names);
    expect((error as UnknownDialectError).message).toMatch(/not supported by this library/);
  });
});

describe('web configs, tokens and maps go through their parsers', () => {
  it('every get_miner_conf states its work mode, or none when the firmware left it empty', () => {
    const modes = Object.fromEntries(
      [
        'antminer/foreman-l3/get_miner_conf.json',
        'antminer/foreman-s17plus-web/get_miner_conf.json',
        'antminer/foreman-s19pro-web/get_miner_conf.json',
        'antminer/foreman-s19pro-web/get_miner_conf-missing-fan-ctrl.txt',
        'antminer/foreman-s19pro-web/get_miner_conf-unconfigured.txt',
        'antminer/foreman-s19pro-overheating/get_miner_conf.json',
      ].map((path) => {
        const parsed = parseLenientJson(fixtureBytes(path).toString('utf8'));
        return [path, workModeOf(parsed.value as Record<string, unknown>)];
      }),
    );
    expect(modes).toEqual({
      'antminer/foreman-l3/get_miner_conf.json': null,
      'antminer/foreman-s17plus-web/get_miner_conf.json': 0,
      'antminer/foreman-s19pro-web/get_miner_conf.json': 0,
      // `"bitmain-fan-ctrl" : ,` is read as null; `"bitmain-work-mode" : ""` states no mode.
      'antminer/foreman-s19pro-web/get_miner_conf-missing-fan-ctrl.txt': null,
      'antminer/foreman-s19pro-web/get_miner_conf-unconfigured.txt': null,
      'antminer/foreman-s19pro-overheating/get_miner_conf.json': 0,
    });
  });

  it('Braiins LuCI overview and the 401 page of a Bitmain web server', async () => {
    const luci = parseLenientJson(
      fixtureBytes('braiins/foreman-luci/luci_admin_status_overview.json').toString('utf8'),
    );
    expect(typeof luci.value).toBe('object');
    const page = fixtureBytes('antminer/foreman-versions/get_network_info-unauthorized.html');
    const server = await startHttpFixtureServer({ respond: () => ({ status: 401, body: page }) });
    closers.push(() => server.close());
    const error = await detectDialect(server.host, server.port, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownDialectError);
  });

  it('btminer API 1.x get_token and an encrypted reply: sleep ends in a typed outcome', async () => {
    const token = fixtureBytes('whatsminer/foreman-api-v1/get_token.json');
    const encrypted = fixtureBytes('whatsminer/foreman-api-v1/encrypted_reply.json');
    const server = await startTcpFixtureServer({
      framing: 'cgminer',
      respond: (request) =>
        request.command === 'get_token' ? token : request.raw?.enc !== undefined ? encrypted : null,
    });
    closers.push(() => server.close());
    const client = new WhatsminerV2Client({
      ...fast,
      host: server.host,
      port: server.port,
      api: 'whatsminer-v1',
      verify: { attempts: 1, intervalMs: 0 },
    });
    const outcome = await client.sleep().catch((e: unknown) => e);
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(MinerError);
    expect(server.requests.map((r) => r.command)).toContain('get_token');
    expect(server.requests.some((r) => r.raw?.enc === 1)).toBe(true);
  });
});
