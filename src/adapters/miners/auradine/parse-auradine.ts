import { cgminerHashrate, parseCgminerPools } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asTemperature,
  asText,
  firstObject,
  type JsonObject,
  objectsOf,
} from '../reading/json-values.ts';

/** `"3200W"`, `"12.1 V"`: the number in a value with its unit attached. */
export function numberWithUnit(value: unknown): number | null {
  const direct = asNumber(value);
  if (direct !== null) return direct;
  const text = asText(value);
  const match = text ? /-?\d+(\.\d+)?/.exec(text) : null;
  return match ? asNumber(match[0]) : null;
}

/** Web replies of the read, `null` when that path did not answer. */
export interface AuradineWeb {
  readonly mode: JsonObject | null;
  readonly psu: JsonObject | null;
  readonly fan: JsonObject | null;
}

function parseBoards(devs: JsonObject | null): BoardReading[] | null {
  if (!devs || !Array.isArray(devs.DEVS)) return null;
  return objectsOf(devs.DEVS).map((dev, position) => ({
    index: asNumber(dev.ID) ?? asNumber(dev.ASC) ?? position,
    hashrate5sThs: cgminerHashrate(dev, '5s'),
    hashrateAvgThs: cgminerHashrate(dev, 'av'),
    boardTempC: asTemperature(dev.Temperature),
    chipTempC: null,
    chips: null,
  }));
}

/**
 * An Auradine (GCMiner) reading, built to the published API (asic-rs `auradine/v1`; no recorded reply
 * in the shared fixtures): cgminer-style `summary` (`MHS 5s`), `devs`, `pools`, `version` (`GCMiner`)
 * on 4028, and the web API's `mode` (`Mode[0].Sleep` on/off, `Power` target W), `psu`
 * (`PSU[0].PowerIn`, e.g. "3200W": measured) and `fan` (`Fan[].Speed` RPM).
 */
export function parseAuradine(
  replies: ReplySet,
  web: AuradineWeb,
  endpoint: string,
  warnings: readonly string[],
): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const version = firstObject(replies.body('version')?.VERSION);
  const mode = firstObject(web.mode?.Mode);
  const psu = firstObject(web.psu?.PSU);
  const power = numberWithUnit(psu?.PowerIn) ?? numberWithUnit(summary?.Wattage);
  const sleep = asText(mode?.Sleep);
  const fans =
    web.fan && Array.isArray(web.fan.Fan)
      ? objectsOf(web.fan.Fan).flatMap((fan) => {
          const rpm = asNumber(fan.Speed);
          return rpm === null ? [] : [rpm];
        })
      : null;
  return {
    dialect: 'auradine',
    endpoint,
    model: null,
    firmware: asText(version?.GCMiner),
    hashrate5sThs: cgminerHashrate(summary, '5s'),
    hashrateAvgThs: cgminerHashrate(summary, 'av'),
    nominalHashrateThs: asNumber(mode?.Ths),
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: asNumber(mode?.Power),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies.body('devs')),
    fansRpm: fans,
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed),
    stateHint: {
      sleeping: sleep === null ? asBoolean(mode?.Sleep) : /^on$/i.test(sleep),
      off: null,
      fault: null,
    },
    errors: [],
    warnings: [...replies.warnings, ...warnings],
  };
}
