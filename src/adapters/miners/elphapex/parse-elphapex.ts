import type { BoardReading, MinerErrorEntry, PoolReading, PoolStatus } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asArray,
  asNumber,
  asText,
  at,
  firstObject,
  hottest,
  objectsOf,
  roundThs,
} from '../reading/json-values.ts';

/** The CGI replies one Elphapex reading is made of (`null` when unavailable). */
export interface ElphapexReplies {
  readonly summary: unknown;
  readonly stats: unknown;
  readonly pools: unknown;
  readonly systemInfo: unknown;
  readonly warnings: readonly string[];
}

/** `rate_unit` ("MH/s", "GH/s", "TH/s") to TH/s. */
function toThsIn(unit: string | null): (value: number | null) => number | null {
  const scale = /^GH/i.test(unit ?? '')
    ? 1e3
    : /^TH/i.test(unit ?? '')
      ? 1
      : /^KH/i.test(unit ?? '')
        ? 1e9
        : 1e6;
  return (value) => roundThs(value === null ? null : value / scale);
}

function poolStatus(status: string | null): PoolStatus {
  if (status === null) return 'unknown';
  if (/alive/i.test(status)) return 'alive';
  if (/dead|unreachable/i.test(status)) return 'dead';
  if (/disabled/i.test(status)) return 'disabled';
  return 'unknown';
}

/** Chip temperatures are milli-degrees as strings ("47125"); empty strings are absent sensors. */
function chipTemp(values: unknown): number | null {
  const temps = asArray(values).flatMap((value) => {
    const number = asNumber(value);
    return number === null || number <= 0 ? [] : [number > 1000 ? number / 1000 : number];
  });
  return temps.length > 0 ? Math.max(...temps) : null;
}

/**
 * A reading from Elphapex's web CGI (cgminer-shaped JSON, `/cgi-bin/summary.cgi`, `stats.cgi`,
 * `pools.cgi`, `get_system_info.cgi`): `rate_5s`, `rate_avg` and per-chain `rate_real` in `rate_unit`
 * (MH/s on the Scrypt DG models), `elapsed`, fans as strings, chip temps in milli-deg C, status entries
 * whose non-zero `code` is a fault. No power is reported.
 */
export function parseElphapex(replies: ElphapexReplies, endpoint: string): ReadingDraft {
  const summary = firstObject(at(replies.summary, 'SUMMARY'));
  const stats = firstObject(at(replies.stats, 'STATS'));
  const info = at(replies.summary, 'INFO') ?? at(replies.stats, 'INFO');
  const toThs = toThsIn(asText(summary?.rate_unit) ?? asText(stats?.rate_unit));
  const chains = stats ? objectsOf(stats.chain) : null;
  const boards: BoardReading[] | null =
    chains?.map((chain, index) => ({
      index: asNumber(chain.index) ?? index,
      hashrate5sThs: toThs(asNumber(chain.rate_real)),
      hashrateAvgThs: null,
      boardTempC: hottest(asArray(chain.temp_pcb)),
      chipTempC: chipTemp(chain.temp_chip),
      chips: asNumber(chain.asic_num),
    })) ?? null;
  const fans = stats ? asArray(stats.fan).flatMap((fan) => asNumber(fan) ?? []) : null;
  const pools: PoolReading[] | null =
    replies.pools === null
      ? null
      : objectsOf(at(replies.pools, 'POOLS')).map((pool, index) => ({
          index: asNumber(pool.index) ?? index,
          url: asText(pool.url),
          user: asText(pool.user),
          status: poolStatus(asText(pool.status)),
          accepted: asNumber(pool.accepted),
          rejected: asNumber(pool.rejected),
        }));
  const errors: MinerErrorEntry[] = objectsOf(summary?.status).flatMap((entry) => {
    const code = asNumber(entry.code);
    return code !== null && code !== 0
      ? [
          {
            code: String(code),
            message: asText(entry.msg) ?? `${asText(entry.type) ?? 'status'} fault`,
            timestamp: null,
          },
        ]
      : [];
  });
  const type = asText(at(info, 'type')) ?? asText(at(replies.systemInfo, 'minertype'));
  return {
    dialect: 'elphapex',
    endpoint,
    model: type ? `Elphapex ${type}` : null,
    firmware:
      asText(at(info, 'miner_version')) ?? asText(at(replies.systemInfo, 'system_filesystem_version')),
    hashrate5sThs: toThs(asNumber(summary?.rate_5s) ?? asNumber(stats?.rate_5s)),
    hashrateAvgThs: toThs(asNumber(summary?.rate_avg) ?? asNumber(stats?.rate_avg)),
    nominalHashrateThs: toThs(asNumber(summary?.rate_ideal) ?? asNumber(stats?.rate_ideal)),
    powerW: null,
    powerSource: null,
    powerTargetW: null,
    reportedEfficiencyJPerTh: null,
    boards,
    fansRpm: fans,
    pools,
    uptimeS: asNumber(summary?.elapsed) ?? asNumber(stats?.elapsed),
    stateHint: {
      sleeping: null,
      off: null,
      fault: errors.length > 0 ? `Elphapex reports ${errors.map((e) => e.message).join(', ')}` : null,
    },
    errors,
    warnings: replies.warnings,
  };
}
