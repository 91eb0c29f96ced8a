import { poolStatus } from '../cgminer/parse-cgminer.ts';
import type { BoardReading, PoolReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asArray,
  asBoolean,
  asNumber,
  asObject,
  asTemperature,
  asText,
  type JsonObject,
  objectsOf,
  toThs,
} from '../reading/json-values.ts';
import { parseWhatsminerErrors, whatsminerModel } from '../whatsminer-v2/parse-whatsminer-v2.ts';

/** The `msg` objects of the API 3.x replies one read needs. */
export interface V3Replies {
  readonly deviceInfo: JsonObject | null;
  readonly summary: JsonObject | null;
  readonly pools: JsonObject | null;
  readonly edevs: JsonObject | null;
  readonly warnings: readonly string[];
}

function parseBoards(edevs: JsonObject | null, boardTemps: unknown[]): BoardReading[] | null {
  if (!edevs || !Array.isArray(edevs.edevs)) return null;
  return objectsOf(edevs.edevs)
    .map((dev, position) => {
      const index = asNumber(dev.id) ?? position;
      return {
        index,
        hashrate5sThs: toThs.fromThs(asNumber(dev['hash-realtime'])),
        hashrateAvgThs: toThs.fromThs(asNumber(dev['hash-average'])),
        boardTempC: asTemperature(boardTemps[index]),
        chipTempC: asTemperature(dev['chip-temp-max']),
        chips: asNumber(dev['effective-chips']),
      };
    })
    .sort((a, b) => a.index - b.index);
}

function parsePools(pools: JsonObject | null): PoolReading[] | null {
  if (!pools || !Array.isArray(pools.pools)) return null;
  return objectsOf(pools.pools).map((pool, index) => ({
    index,
    url: asText(pool.url),
    user: asText(pool.account),
    status: poolStatus(asText(pool.status), asBoolean(pool['stratum-active'])),
    accepted: asNumber(pool.accepted),
    rejected: asNumber(pool.rejected),
  }));
}

export function parseWhatsminerV3(replies: V3Replies, endpoint: string): ReadingDraft {
  const info = replies.deviceInfo;
  const miner = asObject(info?.miner);
  const system = asObject(info?.system);
  const summary = asObject(replies.summary?.summary);
  const power = asNumber(summary?.['power-realtime']);
  const fans = [summary?.['fan-speed-in'], summary?.['fan-speed-out']]
    .map(asNumber)
    .filter((rpm): rpm is number => rpm !== null);
  const working = asBoolean(miner?.working);
  return {
    dialect: 'whatsminer-v3',
    endpoint,
    model: whatsminerModel(asText(miner?.type)),
    firmware: asText(system?.fwversion),
    hashrate5sThs: toThs.fromThs(asNumber(summary?.['hash-realtime'])),
    hashrateAvgThs: toThs.fromThs(asNumber(summary?.['hash-average'])),
    nominalHashrateThs: toThs.fromThs(asNumber(summary?.['factory-hash'])),
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: asNumber(summary?.['power-limit']),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies.edevs, asArray(summary?.['board-temperature'])),
    fansRpm: fans.length > 0 ? fans : null,
    pools: parsePools(replies.pools),
    uptimeS: asNumber(summary?.elapsed),
    // "working": "false" once the mining service is stopped (set.miner.service stop).
    stateHint: { sleeping: working === null ? null : !working, off: null, fault: null },
    errors: parseWhatsminerErrors(info?.['error-code']),
    warnings: replies.warnings,
  };
}
