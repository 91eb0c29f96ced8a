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

/** btminer 1.x quotes its firmware version inside the string: `"'20210109.22.REL'"`. */
export function unquotedVersion(value: unknown): string | null {
  const text = asText(value);
  if (text === null) return null;
  return asText(text.replace(/^['"]+|['"]+$/g, ''));
}

function parseBoards(devs: JsonObject | null): BoardReading[] | null {
  if (!devs || !Array.isArray(devs.DEVS)) return null;
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

/**
 * A btminer reading (API 1.x and 2.x share the read commands). The 5 s hashrate is `MHS 5s`, the
 * figure the miner's own summary shows; `HS RT` (realtime) stands in only when `MHS 5s` is absent.
 * Sleep comes from `status`: `mineroff` (2.x) or `btmineroff` (1.x). Boards come from `devs`, else
 * `edevs` (1.x firmware that refuses `devs`).
 */
export function parseWhatsminerV2(
  replies: ReplySet,
  endpoint: string,
  dialect: 'whatsminer-v1' | 'whatsminer-v2' = 'whatsminer-v2',
): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const status = asObject(replies.body('status')?.Msg);
  const version = asObject(replies.body('get_version')?.Msg);
  const details = firstObject(replies.body('devdetails')?.DEVDETAILS);
  const errorCodes = asObject(replies.body('get_error_code')?.Msg);
  const power = asNumber(summary?.Power);
  const fanIn = asNumber(summary?.['Fan Speed In']);
  const fanOut = asNumber(summary?.['Fan Speed Out']);
  const fans = [fanIn, fanOut].filter((rpm): rpm is number => rpm !== null);
  const mineroff = asBoolean(status?.mineroff) ?? asBoolean(status?.btmineroff);
  return {
    dialect,
    endpoint,
    model: whatsminerModel(asText(details?.Model)),
    firmware:
      unquotedVersion(version?.fw_ver) ??
      unquotedVersion(status?.FirmwareVersion) ??
      unquotedVersion(status?.['Firmware Version']) ??
      unquotedVersion(summary?.['Firmware Version']),
    hashrate5sThs: cgminerHashrate(summary, '5s') ?? toThs.fromMhs(asNumber(summary?.['HS RT'])),
    hashrateAvgThs: cgminerHashrate(summary, 'av'),
    nominalHashrateThs: toThs.fromGhs(asNumber(summary?.['Factory GHS'])),
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: asNumber(summary?.['Power Limit']) ?? asNumber(status?.power_limit_set),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies.body('devs')) ?? parseBoards(replies.body('edevs')),
    fansRpm: fans.length > 0 ? fans : null,
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed),
    stateHint: { sleeping: mineroff, off: null, fault: null },
    errors: parseWhatsminerErrors(errorCodes?.error_code),
    warnings: replies.warnings,
  };
}
