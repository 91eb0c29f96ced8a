import { describe, expect, it } from 'vitest';
import { avalonPower, parseAvalon, parseAvalonStats } from '../../src/adapters/miners/avalon/parse-avalon.ts';
import { parseMmPairs } from '../../src/adapters/miners/avalon/parse-mm-stats.ts';
import { ReplySet } from '../../src/adapters/miners/cgminer/reply-set.ts';
import { builtInSpecs } from '../../src/adapters/miners/model-specs.ts';
import { finishReading } from '../../src/adapters/miners/reading/finish-reading.ts';
import type { JsonObject } from '../../src/adapters/miners/reading/json-values.ts';
import { parseWhatsminerV2 } from '../../src/adapters/miners/whatsminer-v2/parse-whatsminer-v2.ts';
import { fixtureBytes, fixtureJson } from './fixture-server.ts';

// Recorded replies: ../shared/fixtures/miners (avalonminer: asic-rs; whatsminer/foreman-m31s-btminer: foreman-apps).
const replySet = (bodies: Record<string, JsonObject>) =>
  new ReplySet(
    new Map(
      Object.entries(bodies).map(([command, body]) => [
        command,
        { command, body, defects: [], minerTimeS: null },
      ]),
    ),
    [],
  );
const finish = (draft: Parameters<typeof finishReading>[0]) =>
  finishReading(draft, { specs: builtInSpecs, nowMs: 0 });

describe('Avalon power', () => {
  const stats = fixtureBytes('avalonminer/avalon_a_stats.json').toString('utf8');

  it('PS[0 1214 1316 242 3189 1320 3504] is 3189 W measured (PS[4], PSU output)', () => {
    const reading = finish(parseAvalon(replySet({}), parseAvalonStats(JSON.parse(stats)), 'a:4028'));
    expect([reading.powerW, reading.powerSource]).toEqual([3189, 'measured']);
  });

  it('PS[0 0 0 0 0 0] is power not reported: null, never 0 W measured', () => {
    const zeroed = JSON.parse(stats.replace(/PS\[[^\]]*\]/, 'PS[0 0 0 0 0 0]')) as JsonObject;
    const reading = finish(parseAvalon(replySet({}), parseAvalonStats(zeroed), 'a:4028'));
    expect([reading.powerW, reading.powerSource]).toEqual([null, null]);
    expect(reading.hashrate5sThs).toBe(81.073);
  });

  it('a live PSU putting out 0 W after a softoff stays 0 W', () => {
    expect(avalonPower(parseMmPairs('Ver[Q] PS[0 1222 4 0 0 2245 146]'))).toBe(0);
    expect(avalonPower(parseMmPairs('Ver[Q] PS[0 0 0 0 0 0]'))).toBeNull();
  });
});

describe('Whatsminer 5 s hashrate and sleep', () => {
  const summary = fixtureJson('whatsminer/foreman-m31s-btminer/summary.json');

  it('the 5 s hashrate is MHS 5s (116.47 TH/s, the summary figure), not HS RT (96.42)', () => {
    const reading = finish(parseWhatsminerV2(replySet({ summary }), 'w:4028', 'whatsminer-v1'));
    expect(reading.hashrate5sThs).toBe(116.472);
    expect(reading.firmware).toBe('20210109.22.REL');
  });

  it('HS RT stands in only when MHS 5s is absent', () => {
    const entry = { ...(summary.SUMMARY as JsonObject[])[0]! };
    delete entry['MHS 5s'];
    const reading = finish(
      parseWhatsminerV2(replySet({ summary: { ...summary, SUMMARY: [entry] } }), 'w:4028'),
    );
    expect(reading.hashrate5sThs).toBe(96.417);
  });

  it('API 1.x status btmineroff "true" reads sleeping; its quoted Firmware Version is unquoted', () => {
    const entry = { ...(summary.SUMMARY as JsonObject[])[0]!, 'MHS 5s': 0, 'HS RT': 0 };
    const status = {
      STATUS: 'S',
      When: 1,
      Code: 131,
      Msg: { btmineroff: 'true', 'Firmware Version': "'20210109.22.REL'" },
    };
    const reading = finish(
      parseWhatsminerV2(
        replySet({ summary: { ...summary, SUMMARY: [entry] }, status }),
        'w:4028',
        'whatsminer-v1',
      ),
    );
    expect(reading.state).toBe('sleeping');
    expect(reading.firmware).toBe('20210109.22.REL');
  });
});
