import { cgminerHashrate, parseCgminerPools, statusDescription } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asNumber,
  asTemperature,
  asText,
  firstObject,
  type JsonObject,
  objectsOf,
} from '../reading/json-values.ts';

/** `BOSminer 0.2.0-d360818`, `BOSer boser-buildroot 0.1.0-45f356ea`, from `version` or any STATUS. */
export function bosminerFirmware(replies: ReplySet): string | null {
  const version = firstObject(replies.body('version')?.VERSION);
  const named = asText(version?.BOSminer) ?? asText(version?.BOSer);
  if (named) return named;
  for (const command of ['version', 'summary', 'pools', 'devs', 'fans', 'temps']) {
    const description = statusDescription(replies.body(command));
    if (description && /bos(miner|er)/i.test(description)) return description;
  }
  return null;
}

/** Boards from `devs` (hashrates, chips) joined with `temps` (`Board`/`Chip` by position). */
function parseBoards(devs: JsonObject | null, temps: JsonObject | null): BoardReading[] | null {
  const tempRows = temps ? objectsOf(temps.TEMPS) : [];
  const devRows = devs ? objectsOf(devs.DEVS) : [];
  const count = Math.max(devRows.length, tempRows.length);
  if (count === 0) return devs || temps ? [] : null;
  const boards: BoardReading[] = [];
  for (let position = 0; position < count; position += 1) {
    const dev = devRows[position] ?? null;
    const temp = tempRows[position] ?? null;
    boards.push({
      index: asNumber(temp?.TEMP) ?? asNumber(dev?.ASC) ?? position,
      hashrate5sThs: cgminerHashrate(dev, '5s'),
      hashrateAvgThs: cgminerHashrate(dev, 'av'),
      boardTempC: asTemperature(temp?.Board) ?? asTemperature(dev?.Temperature),
      chipTempC: asTemperature(temp?.Chip),
      chips: asNumber(dev?.['Effective Chips']) ?? asNumber(dev?.Chips),
    });
  }
  return boards;
}

/**
 * A reading from BOSminer's cgminer-compatible API (Braiins OS before its REST API, Braiins OS+):
 * `summary` (MHS 5s / MHS av / Elapsed), `devs` + `temps` (boards), `fans`, `pools`, `tunerstatus`
 * (Braiins OS+ only: `PowerLimit` and `ApproximateMinerPowerConsumption`, a firmware estimate).
 * @param pausedByClient whether this client's own last command was `pause`: the cgminer API has no
 *   pause flag, so a paused miner is told from a faulted one only by who paused it.
 */
export function parseBosminer(replies: ReplySet, endpoint: string, pausedByClient: boolean): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const tuner = firstObject(replies.body('tunerstatus')?.TUNERSTATUS);
  const details = firstObject(replies.body('devdetails')?.DEVDETAILS);
  const power = asNumber(tuner?.ApproximateMinerPowerConsumption);
  const fans = replies.body('fans')
    ? objectsOf(replies.body('fans')?.FANS).flatMap((fan) => {
        const rpm = asNumber(fan.RPM);
        return rpm === null ? [] : [rpm];
      })
    : null;
  const hashrate = cgminerHashrate(summary, '5s');
  return {
    dialect: 'bosminer',
    endpoint,
    model: asText(details?.Model),
    firmware: bosminerFirmware(replies),
    hashrate5sThs: hashrate,
    hashrateAvgThs: cgminerHashrate(summary, 'av'),
    nominalHashrateThs: null,
    powerW: power,
    powerSource: power === null ? null : 'firmware-estimate',
    powerTargetW: asNumber(tuner?.PowerLimit),
    reportedEfficiencyJPerTh: null,
    boards: parseBoards(replies.body('devs'), replies.body('temps')),
    fansRpm: fans,
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed),
    stateHint: {
      sleeping: pausedByClient && (hashrate === null || hashrate === 0) ? true : null,
      off: null,
      fault: null,
    },
    errors: [],
    warnings: replies.warnings,
  };
}
