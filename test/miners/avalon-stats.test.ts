import { afterEach, describe, expect, it } from 'vitest';
import { parseAvalonStats } from '../../src/adapters/miners/avalon/parse-avalon.ts';
import { parseMmPairs, parseMmSections } from '../../src/adapters/miners/avalon/parse-mm-stats.ts';
import { AvalonClient } from '../../src/adapters/miners/index.ts';
import { fixtureBytes, fixtureJson, type RunningServer, startTcpFixtureServer } from './fixture-server.ts';
import { cgminerResponder, variantNamed } from './fixture-variants.ts';

// The *_parsed.json files are asic-rs's parse of the raw `stats` strings: an independent oracle for
// the KEY[value] parser. asic-rs reads the key "Nonce Mask" as "Mask"; this parser keeps the full key.

const entry = (path: string) => (fixtureJson(path).STATS as Record<string, unknown>[])[0]!;

describe('Avalon KEY[value] strings, checked against asic-rs parses of the same captures', () => {
  it('MM ID0:Summary and HBinfo of the Avalon Q stats', () => {
    const raw = entry('avalonminer/stats.json');
    const oracle = entry('avalonminer/stats_parsed.json');
    const summary = parseMmSections(String(raw['MM ID0:Summary']));
    const { Mask: mask, ...expected } = (oracle['MM ID0:Summary'] as Record<string, Record<string, unknown>>)
      .STATS!;
    const { 'Nonce Mask': nonceMask, ...mine } = summary.STATS!;
    expect(mine).toEqual(expected);
    expect(nonceMask).toBe(mask);
    expect(parseMmSections(String(raw.HBinfo))).toEqual(oracle.HBinfo);
  });

  it('MM ID0 of the Avalon 1246 stats', () => {
    const raw = entry('avalonminer/avalon_a_stats.json');
    const oracle = entry('avalonminer/avalon_a_stats_parsed.json');
    expect(parseMmPairs(String(raw['MM ID0']))).toEqual(oracle['MM ID0']);
  });

  it('an empty controller block (stats_empty_parsed shape) gives no values, not zeros', () => {
    const stats = parseAvalonStats({
      STATS: [{ STATS: 0, ID: 'AVALON0', Elapsed: 117245, 'MM ID0:Summary': '', HBinfo: '' }],
    });
    expect(stats).toEqual({ mm: {}, hashboards: {}, elapsedS: 117245 });
  });
});

describe('Avalon litestats fallback', () => {
  let server: RunningServer | null = null;
  afterEach(async () => {
    await server?.close();
  });

  it('reads litestats when stats carries an empty controller block', async () => {
    const base = cgminerResponder(variantNamed('avalonminer Avalon Q (soft-off)'));
    server = await startTcpFixtureServer({
      framing: 'cgminer',
      respond: (request) => {
        if (request.command === 'stats') {
          // constructed: the shape of stats_empty_parsed.json as the wire would carry it
          return Buffer.from(
            '{"STATUS":[{"STATUS":"S","When":1753431749,"Code":70,"Msg":"CGMiner stats","Description":"cgminer 4.11.1"}],' +
              '"STATS":[{"STATS":0,"ID":"AVALON0","Elapsed":37977,"MM ID0:Summary":"","HBinfo":""}],"id":1}',
          );
        }
        if (request.command === 'litestats') return fixtureBytes('avalonminer/litestats.json');
        return base(request);
      },
    });
    const reading = await new AvalonClient({ host: server.host, port: server.port }).read();
    expect(server.requests.map((request) => request.command)).toContain('litestats');
    expect(reading).toMatchObject({
      model: 'Avalon Q',
      state: 'sleeping',
      nominalHashrateThs: 55.033,
      powerTargetW: 800,
      fansRpm: [0, 0, 0, 0],
      boards: [{ index: 0, hashrateAvgThs: 44.351, boardTempC: 27, chipTempC: null, chips: null }],
    });
  });
});
