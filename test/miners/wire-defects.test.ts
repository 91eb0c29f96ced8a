import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AntminerStockClient,
  AvalonClient,
  type MinerReading,
  WhatsminerV2Client,
} from '../../src/adapters/miners/index.ts';
import { EXPECTED } from './expected-readings.ts';
import { type MinerRequest, type RunningServer, startTcpFixtureServer } from './fixture-server.ts';
import { cgminerResponder, variantNamed } from './fixture-variants.ts';

// Each test serves a real capture with one known wire defect written into it (the stored fixtures
// are clean re-serialized JSON), and expects the same reading as from the clean capture.

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Mangle = (request: MinerRequest, clean: Buffer | null) => Buffer | 'hang' | null;

async function serveMangled(variantName: string, mangle: Mangle, combined: 'compose' | 'reject' = 'reject') {
  const base = cgminerResponder(variantNamed(variantName));
  server = await startTcpFixtureServer({
    framing: 'cgminer',
    combined,
    respond: (request) => {
      const clean = base(request);
      return mangle(request, Buffer.isBuffer(clean) ? clean : null);
    },
  });
  return server;
}

const text = (bytes: Buffer | null) => bytes?.toString('utf8') ?? '';
const strip = ({ endpoint: _e, readAtMs: _r, warnings: _w, ...rest }: MinerReading) => rest;

describe('wire defects', () => {
  it('"}{" between the STATS objects of bmminer and a NUL terminator', async () => {
    const s = await serveMangled('antminer/v2020', (request, clean) => {
      if (request.command !== 'stats') return clean;
      const joined = text(clean).replace(/\}\s*,\s*\{\s*"Calls"/, '}{"Calls"');
      expect(joined).toContain('}{"Calls"');
      return Buffer.from(`${joined}\0`);
    });
    const reading = await new AntminerStockClient({ host: s.host, port: s.port }).read();
    expect(strip(reading)).toEqual(EXPECTED['antminer/v2020']);
    expect(reading.warnings).toContain('reply to stats repaired: missing-comma');
  });

  it('",}" trailing commas (btminer) and NUL padding', async () => {
    const s = await serveMangled('whatsminer/v2', (request, clean) => {
      if (request.command !== 'summary') return clean;
      return Buffer.from(`${text(clean).replace('"Uptime": 25500', '"Uptime": 25500,')}\0\0\0`);
    });
    const reading = await new WhatsminerV2Client({ host: s.host, port: s.port }).read();
    expect(strip(reading)).toEqual(EXPECTED['whatsminer/v2']);
    expect(reading.warnings).toContain('reply to summary repaired: trailing-comma');
  });

  it('bare inf / nan become null, never 0', async () => {
    const s = await serveMangled('antminer/v2020', (request, clean) => {
      if (request.command !== 'summary') return clean;
      return Buffer.from(
        text(clean)
          .replace('"GHS av": 111834.85', '"GHS av": inf')
          .replace('"Utility": 4.82', '"Utility": nan'),
      );
    });
    const reading = await new AntminerStockClient({ host: s.host, port: s.port }).read();
    expect(reading.hashrateAvgThs).toBeNull();
    expect(reading.hashrate5sThs).toBe(110.567);
    expect(reading.warnings).toContain('reply to summary repaired: non-finite-number');
  });

  it('a truncated reply keeps what arrived and says so', async () => {
    const s = await serveMangled('antminer/v2020', (request, clean) => {
      if (request.command !== 'pools') return clean;
      const full = text(clean);
      const second = full.indexOf('"POOL": 1');
      return Buffer.from(full.slice(0, full.indexOf('"Status"', second)));
    });
    const reading = await new AntminerStockClient({ host: s.host, port: s.port }).read();
    expect(reading.pools).toHaveLength(2);
    expect(reading.pools?.[0]).toEqual(EXPECTED['antminer/v2020']!.pools![0]);
    expect(reading.pools?.[1]).toMatchObject({
      index: 1,
      url: null,
      user: null,
      status: 'unknown',
      accepted: 0,
    });
    expect(reading.warnings).toContain(
      'reply to pools repaired: truncated (values after the cut are missing)',
    );
    expect(reading.hashrate5sThs).toBe(110.567);
  });

  it('a leading comma instead of "{" (Avalon)', async () => {
    const s = await serveMangled('avalonminer Avalon Q (soft-off)', (request, clean) => {
      if (request.command !== 'version') return clean;
      return Buffer.from(text(clean).replace(/^\{/, ','));
    });
    const reading = await new AvalonClient({ host: s.host, port: s.port }).read();
    expect(strip(reading)).toEqual(EXPECTED['avalonminer Avalon Q (soft-off)']);
    expect(reading.warnings).toContain('reply to version repaired: leading-comma');
  });

  it('a complete reply with no terminator on a connection the miner leaves open', async () => {
    const base = cgminerResponder(variantNamed('antminer/v2020'));
    const open = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', (chunk) => {
        const command = String(JSON.parse(chunk.toString('utf8')).command);
        const reply = base({ command, parameter: null, raw: { command } });
        if (Buffer.isBuffer(reply))
          socket.write(reply); // no NUL and no close: the client must stop by itself
        else socket.end();
      });
    });
    await new Promise<void>((resolve) => open.listen(0, '127.0.0.1', resolve));
    const { port } = open.address() as AddressInfo;
    try {
      const reading = await new AntminerStockClient({ host: '127.0.0.1', port, readTimeoutMs: 100 }).read();
      expect(strip(reading)).toEqual(EXPECTED['antminer/v2020']);
    } finally {
      await new Promise((resolve) => open.close(resolve));
    }
  });

  it('old firmware that rejects "summary+devs": falls back once, then sends one by one', async () => {
    const s = await serveMangled('whatsminer/v2', (_request, clean) => clean, 'reject');
    const client = new WhatsminerV2Client({ host: s.host, port: s.port });
    expect(strip(await client.read())).toEqual(EXPECTED['whatsminer/v2']);
    const combinedBefore = s.requests.filter((request) => request.command.includes('+')).length;
    await client.read();
    const combinedAfter = s.requests.filter((request) => request.command.includes('+')).length;
    expect(combinedBefore).toBe(1);
    expect(combinedAfter).toBe(1);
  });
});
