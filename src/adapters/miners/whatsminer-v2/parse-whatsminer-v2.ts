import { cgminerHashrate, parseCgminerPools } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading, MinerErrorEntry } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asObject,
  asTemperature,
  asText,
  firstObject,
  type JsonObject,
  objectsOf,
  toThs,
} from '../reading/json-values.ts';

/** `M50S_VH30` -> `Whatsminer M50S VH30`. */
export function whatsminerModel(type: string | null): string | null {
  if (!type) return null;
  const name = type.replace(/_/g, ' ').trim();
  return /^whatsminer/i.test(name) ? name : `Whatsminer ${name}`;
}

/**
 * btminer error lists: `[{"218":"2024-06-15 10:30:00"}]` (2.x), `[{"264":"...","reason":"..."}]` (3.x),
 * or plain code strings.
 */
export function parseWhatsminerErrors(list: unknown): MinerErrorEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): MinerErrorEntry[] => {
    const text = asText(item);
    if (text !== null) return [{ code: text, message: `error code ${text}`, timestamp: null }];
    const object = asObject(item);
    if (!object) return [];
    const reason = asText(object.reason);
    return Object.entries(object)
      .filter(([key]) => key !== 'reason')
      .map(([code, when]) => ({ code, message: reason ?? `error code ${code}`, timestamp: asText(when) }));
  });
}

function parseBoards(devs: JsonObject | null): BoardReading[] | null {
  if (!devs) return null;
  return objectsOf(devs.DEVS)
    .map((dev, position) => ({
      index: asNumber(dev.ID) ?? asNumber(dev.ASC) ?? position,
      hashrate5sThs: cgminerHashrate(dev, '5s'),
      hashrateAvgThs: cgminerHashrate(dev, 'av'),
      boardTempC: asTemperature(dev.Temperature),
      chipTempC: asTemperature(dev['Chip Temp Max']),
      chips: asNumber(dev['Effective Chips']),
    }))
    .sort((a, b) => a.index - b.index);
}

export function parseWhatsminerV2(replies: ReplySet, endpoint: string): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const status = asObject(replies.body('status')?.Msg);
  const version = asObject(replies.body('get_version')?.Msg);
  const details = firstObject(replies.body('devdetails')?.DEVDETAILS);
  const errorCodes = asObject(replies.body('get_error_code')?.Msg);
  const power = asNumber(summary?.Power);
  const fanIn = asNumber(summary?.['Fan Speed In']);
  const fanOut = asNumber(summary?.['Fan Speed Out']);
  const fans = [fanIn, fanOut].filter((rpm): rpm is number => rpm !== null);
  const mineroff = asBoolean(status?.mineroff);
  return {
    dialect: 'whatsminer-v2',
    endpoint,
    model: whatsminerModel(asText(details?.Model)),
    firmware: asText(version?.fw_ver) ?? asText(status?.FirmwareVersion),
    // "HS RT" is the realtime hashrate in MH/s; older firmware has "MHS 5s".
    hashrate5sThs: toThs.fromMhs(asNumber(summary?.['HS RT'])) ?? cgminerHashrate(summary, '5s'),
    hashrateAvgThs: cgminerHashrate(summary, 'av'),
    nominalHashrateThs: toThs.fromGhs(asNumber(summary?.['Factory GHS'])),
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: asNumber(summary?.['Power Limit']) ?? asNumber(status?.power_limit_set),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies.body('devs')),
    fansRpm: fans.length > 0 ? fans : null,
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed),
    stateHint: { sleeping: mineroff, off: null, fault: null },
    errors: parseWhatsminerErrors(errorCodes?.error_code),
    warnings: replies.warnings,
  };
}
