import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_PATHS,
  dataDirFromEnv,
  readBtcDaily,
  readCsvFileSync,
  readDifficultyEpochs,
  requireColumns,
} from '../../src/adapters/market-data/index.ts';
import { satsToBtcText } from '../../src/core/accounting/exact-units.ts';
import { hashrateHsFromEhsText } from '../../src/core/accounting/expected-production.ts';
import {
  expectedDaySats,
  type NetworkDay,
  networkDaysFromBtcDays,
} from '../../src/core/accounting/network-day.ts';

/**
 * Real figures: Cango's published monthly production (reference/cango_production.csv) against
 * what our FPPS formula pays a fleet running at Cango's published average operating hashrate,
 * with the real difficulty, subsidy and fees of each day (bitcoin/btc_daily.csv). The months are
 * those where the data has every day's fees AND block count (Source 2: getblockstats), so no fee is
 * estimated. Pool fee 0: the comparison shows what is left for pool fee, rounding of the published
 * hashrate, and luck.
 *
 * Results (pool fee 0, floored per day):
 *   2025-09  44.85 EH/s  expected 621.18884948 BTC  reported 616.6  +0.74 %
 *   2025-10  46.09 EH/s  expected 606.65023471 BTC  reported 602.6  +0.67 %
 *   2025-11  44.38 EH/s  expected 549.29442579 BTC  reported 546.7  +0.47 %
 * The formula is 0.5-0.75 % above the reported BTC. Explanation: (1) the pool fee — Cango does not
 * publish its pool terms; an FPPS fee of ~0.5-0.75 % closes the gap exactly; (2) the average
 * operating hashrate is published to 0.01 EH/s (+-0.01 %) and is itself a month average of a
 * varying fleet, so uptime is already inside it; (3) fees are the actual fees (not an estimate) and
 * FPPS pays expected blocks (144/day at the day's difficulty), so luck and the real block count do
 * not enter. 2025-12 (2 days of fees estimated, hashrate falling through the month) comes out
 * -5.95 %; 2025-08 has 10 days without block data and is not used.
 */
const CASES = [
  { month: '2025-09', expectedSats: 62_118_884_948n },
  { month: '2025-10', expectedSats: 60_665_023_471n },
  { month: '2025-11', expectedSats: 54_929_442_579n },
];

let networkDays: NetworkDay[];
let cango: Map<string, { btcMined: string; avgOperatingEhs: string }>;

beforeAll(async () => {
  const dir = dataDirFromEnv();
  const [days, epochs] = await Promise.all([
    readBtcDaily(join(dir, DATA_PATHS.btcDaily)),
    readDifficultyEpochs(join(dir, DATA_PATHS.difficultyEpochs)),
  ]);
  networkDays = networkDaysFromBtcDays(days, epochs);
  const table = readCsvFileSync(join(dir, 'reference/cango_production.csv'));
  const columns = requireColumns(table, ['month', 'btc_mined', 'avg_operating_hashrate_ehs']);
  cango = new Map(
    table.rows.map((row) => [
      row.cells[columns.month.index]!,
      {
        btcMined: row.cells[columns.btc_mined.index]!,
        avgOperatingEhs: row.cells[columns.avg_operating_hashrate_ehs.index]!,
      },
    ]),
  );
});

describe('expected production on real figures (Cango)', () => {
  it.each(CASES)(
    '$month: a fleet at the reported operating hashrate mines the reported BTC within 1 %',
    ({ month, expectedSats }) => {
      const reported = cango.get(month)!;
      const hashrateHs = hashrateHsFromEhsText(reported.avgOperatingEhs);
      const days = networkDays.filter((d) => d.date.startsWith(month));
      expect(days.every((d) => !d.feesEstimated && d.blockCount !== null)).toBe(true);
      const sats = days.reduce((sum, day) => sum + expectedDaySats(day, hashrateHs, 0n), 0n);
      expect(sats).toBe(expectedSats);
      const reportedBtc = Number(reported.btcMined);
      const difference = Number(satsToBtcText(sats)) / reportedBtc - 1;
      expect(difference).toBeGreaterThan(0);
      expect(difference).toBeLessThan(0.01);
    },
  );

  it('a typical 2 % FPPS pool fee lands within 1.5 % below the reported figure', () => {
    const reported = cango.get('2025-09')!;
    const hashrateHs = hashrateHsFromEhsText(reported.avgOperatingEhs);
    const sats = networkDays
      .filter((d) => d.date.startsWith('2025-09'))
      .reduce((sum, day) => sum + expectedDaySats(day, hashrateHs, 200n), 0n);
    const difference = Number(satsToBtcText(sats)) / Number(reported.btcMined) - 1;
    expect(difference).toBeLessThan(0);
    expect(difference).toBeGreaterThan(-0.015);
  });
});

/**
 * 2025-02 .. 2025-04 (the months the issue names): the data has NO fees after 2025-02-02, so fees are
 * estimated (30 known days before, i.e. 2025-01-04 .. 2025-02-02: 4,555,075 sats = 0.0456 BTC per
 * block, 1.44 % of the block reward). Riot (peer_production.csv) is checked too.
 *   Cango 2025-02  29.7 EH/s  expected 475.50957209  reported 472.7  +0.59 %  (26 days fee-estimated)
 *   Cango 2025-03  30.3 EH/s  expected 534.45879386  reported 530.1  +0.82 %
 *   Riot  2025-03  30.3 EH/s  expected 534.45879386  reported 533    +0.27 %
 *   Cango 2025-04  29.9 EH/s  expected 473.7714321   reported 470.0  +0.80 %
 *   Riot  2025-04  29.3 EH/s  expected 464.26431294  reported 463    +0.27 %
 * Same sign and size as the months with real fees (+0.5..0.75 %), so the pool fee explains most of
 * it; the fee estimate can move the result by at most its 1.44 % share of the reward (fees in spring
 * 2025 were lower than in January, which would make the estimate a little high).
 */
describe('expected production with estimated fees (2025-02 .. 2025-04)', () => {
  it.each([
    { who: 'Cango', month: '2025-02', ehs: '29.7', reported: '472.7', sats: 47_550_957_209n },
    { who: 'Cango', month: '2025-03', ehs: '30.3', reported: '530.1', sats: 53_445_879_386n },
    { who: 'Riot', month: '2025-03', ehs: '30.3', reported: '533', sats: 53_445_879_386n },
    { who: 'Cango', month: '2025-04', ehs: '29.9', reported: '470.0', sats: 47_377_143_210n },
    { who: 'Riot', month: '2025-04', ehs: '29.3', reported: '463', sats: 46_426_431_294n },
  ])(
    '$who $month at $ehs EH/s: within 1 % above the reported $reported BTC',
    ({ month, ehs, reported, sats }) => {
      const days = networkDays.filter((d) => d.date.startsWith(month));
      expect(days.some((d) => d.feesEstimated)).toBe(true);
      const expected = days.reduce(
        (sum, day) => sum + expectedDaySats(day, hashrateHsFromEhsText(ehs), 0n),
        0n,
      );
      expect(expected).toBe(sats);
      const difference = Number(satsToBtcText(expected)) / Number(reported) - 1;
      expect(difference).toBeGreaterThan(0);
      expect(difference).toBeLessThan(0.01);
    },
  );
});
