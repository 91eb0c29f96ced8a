import { bitmainStatsBlock, chainChipErrors } from '../antminer/parse-antminer.ts';
import { cgminerHashrate, parseCgminerPools } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading, MinerErrorEntry } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asText,
  dashList,
  firstObject,
  hottest,
  type JsonObject,
  objectsOf,
  toThs,
} from '../reading/json-values.ts';

/** A LuxOS tuning profile: name, nominal W and TH/s. */
export interface LuxProfile {
  readonly name: string;
  readonly watts: number;
  readonly hashrateThs: number | null;
}

export function parseLuxProfiles(body: JsonObject | null): LuxProfile[] {
  if (!body) return [];
  return objectsOf(body.PROFILES).flatMap((profile) => {
    const name = asText(profile['Profile Name']);
    const watts = asNumber(profile.Watts);
    return name !== null && watts !== null ? [{ name, watts, hashrateThs: asNumber(profile.Hashrate) }] : [];
  });
}

/** `CurtailMode` other than None (e.g. Sleep) means LuxOS was curtailed. */
export function isCurtailed(config: JsonObject | null): boolean | null {
  const mode = asText(config?.CurtailMode);
  if (mode === null) return null;
  return mode.toLowerCase() !== 'none';
}

function byId(entries: JsonObject[], key: string): JsonObject[] {
  return [...entries].sort((a, b) => (asNumber(a[key]) ?? 0) - (asNumber(b[key]) ?? 0));
}

function parseBoards(replies: ReplySet): BoardReading[] | null {
  const devs = replies.body('devs');
  if (!devs) return null;
  const block = bitmainStatsBlock(replies.body('stats'));
  const temps = objectsOf(replies.body('temps')?.TEMPS);
  return byId(objectsOf(devs.DEVS), 'ID').map((dev) => {
    const index = asNumber(dev.ID) ?? asNumber(dev.ASC) ?? 0;
    const sensors = temps.find((temp) => asNumber(temp.ID) === index);
    const n = index + 1;
    return {
      index,
      hashrate5sThs: cgminerHashrate(dev, '5s'),
      hashrateAvgThs: cgminerHashrate(dev, 'av'),
      boardTempC: hottest(
        sensors
          ? [sensors.TopLeft, sensors.TopRight, sensors.BottomLeft, sensors.BottomRight]
          : [dev.Temperature],
      ),
      chipTempC: hottest(block ? dashList(block[`temp_chip${n}`]) : []),
      chips: block ? asNumber(block[`chain_acn${n}`]) : null,
    };
  });
}

function parseEvents(body: JsonObject | null): MinerErrorEntry[] {
  return objectsOf(body?.EVENTS).map((event) => {
    const target = asText(event.Target);
    const id = asNumber(event.ID);
    const description = asText(event.Description) ?? asText(event.Code) ?? 'event';
    const where = target ? `[${target}${id !== null ? ` ${id}` : ''}] ` : '';
    return {
      code: asText(event.Code),
      message: `${where}${description}`,
      timestamp: asText(event.CreatedAt),
    };
  });
}

export function parseLuxos(replies: ReplySet, endpoint: string): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const version = firstObject(replies.body('version')?.VERSION);
  const config = firstObject(replies.body('config')?.CONFIG);
  const power = firstObject(replies.body('power')?.POWER);
  const block = bitmainStatsBlock(replies.body('stats'));
  const profiles = parseLuxProfiles(replies.body('profiles'));
  const profileName = asText(config?.Profile);
  const activeProfile = profiles.find((profile) => profile.name === profileName) ?? null;
  const watts = asNumber(power?.Watts);
  const fans = replies.body('fans');
  return {
    dialect: 'luxos',
    endpoint,
    model: asText(version?.Type) ?? asText(config?.Model),
    firmware: asText(version?.LUXminer) ?? asText(version?.Miner),
    hashrate5sThs: cgminerHashrate(summary, '5s'),
    hashrateAvgThs: cgminerHashrate(summary, 'av'),
    nominalHashrateThs: block
      ? toThs.fromGhs(asNumber(block.total_rateideal))
      : (activeProfile?.hashrateThs ?? null),
    powerW: watts,
    // "PSU": false means no PSU telemetry: LuxOS computes the watts from its tuning model.
    powerSource: watts === null ? null : asBoolean(power?.PSU) === true ? 'measured' : 'firmware-estimate',
    powerTargetW: activeProfile?.watts ?? null,
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies),
    fansRpm: Array.isArray(fans?.FANS)
      ? byId(objectsOf(fans.FANS), 'ID').flatMap((fan) => asNumber(fan.RPM) ?? [])
      : null,
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed),
    stateHint: { sleeping: isCurtailed(config), off: null, fault: null },
    errors: [...parseEvents(replies.body('events')), ...chainChipErrors(block)],
    warnings: replies.warnings,
  };
}
