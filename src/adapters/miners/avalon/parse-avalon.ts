import { cgminerHashrate, parseCgminerPools } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading, MinerErrorEntry } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asNumber,
  asTemperature,
  asText,
  firstObject,
  type JsonObject,
  objectsOf,
  toThs,
} from '../reading/json-values.ts';
import {
  type MmPairs,
  mmNumber,
  mmNumbers,
  mmText,
  parseMmPairs,
  parseMmSections,
} from './parse-mm-stats.ts';

/** The Avalon controller block of a `stats` / `litestats` reply, parsed. */
export interface AvalonStats {
  /** `MM ID0` pairs, or the `STATS` section of `MM ID0:Summary`. Empty when the firmware sent none. */
  readonly mm: MmPairs;
  /** `HBinfo` sections per hash board (`HB0` ...), newer firmware only. */
  readonly hashboards: Record<string, MmPairs>;
  readonly elapsedS: number | null;
}

export function parseAvalonStats(body: JsonObject | null): AvalonStats | null {
  if (!body) return null;
  const entry = objectsOf(body.STATS).find((item) => 'MM ID0' in item || 'MM ID0:Summary' in item);
  if (!entry) return null;
  const plain = entry['MM ID0'];
  const sectioned = entry['MM ID0:Summary'];
  const mm =
    typeof plain === 'string'
      ? parseMmPairs(plain)
      : typeof sectioned === 'string'
        ? (parseMmSections(sectioned).STATS ?? {})
        : {};
  const hbinfo = entry.HBinfo;
  return {
    mm,
    hashboards: typeof hbinfo === 'string' ? parseMmSections(hbinfo) : {},
    elapsedS: asNumber(entry.Elapsed),
  };
}

/** `Avalon Q` from `version` PROD, else from the MM `Ver` (`1246-83-...` -> `Avalon 1246`, `Q-2505...` -> `Avalon Q`). */
export function avalonModel(version: JsonObject | null, mm: MmPairs): string | null {
  const prod = asText(version?.PROD);
  if (prod) return prod.split('-')[0]!.trim();
  const ver = mmText(mm.Ver);
  const head = ver?.split('-')[0];
  return head ? `Avalon ${head}` : null;
}

/** `Work: In Idle` after a softoff; `Work: In Work` when hashing. */
export function avalonSleeping(mm: MmPairs): boolean | null {
  const status = mmText(mm.SYSTEMSTATU);
  if (status && /in idle/i.test(status)) return true;
  if (status && /in work/i.test(status)) return false;
  const softOff = mmNumber(mm.SoftOFF);
  return softOff === null ? null : softOff > 0;
}

function boardCount(mm: MmPairs, hashboards: Record<string, MmPairs>): number {
  const fromStatus = /hash board:\s*(\d+)/i.exec(mmText(mm.SYSTEMSTATU) ?? '');
  if (fromStatus) return Number(fromStatus[1]);
  return Math.max(mmNumbers(mm.MGHS).length, Object.keys(hashboards).length);
}

function parseBoards(stats: AvalonStats): BoardReading[] | null {
  const { mm, hashboards } = stats;
  const count = boardCount(mm, hashboards);
  if (count === 0) return Object.keys(mm).length > 0 ? [] : null;
  const perBoardGhs = mmNumbers(mm.MGHS);
  const perBoardTmax = mmNumbers(mm.MTmax);
  const boards: BoardReading[] = [];
  for (let index = 0; index < count; index += 1) {
    const hb = hashboards[`HB${index}`];
    // Per-chip sensor lists (HBinfo on newer firmware, the MM block on A-series): one entry per chip.
    const chipTemps = mmNumbers(hb?.[`PVT_T${index}`] ?? mm[`PVT_T${index}`]);
    boards.push({
      index,
      hashrate5sThs: null,
      hashrateAvgThs: toThs.fromGhs(perBoardGhs[index] ?? null),
      // Single-board models (Avalon Q, Nano) give hash-board outlet/inlet temperatures.
      boardTempC: count === 1 ? asTemperature(mmNumber(mm.HBOTemp)) : null,
      // MTmax per board (A-series), else TMax. Not the PVT lists: they keep stale values after a softoff.
      chipTempC: asTemperature(perBoardTmax[index] ?? (count === 1 ? mmNumber(mm.TMax) : null)),
      chips: chipTemps.length > 0 ? chipTemps.length : null,
    });
  }
  return boards;
}

function parseFans(mm: MmPairs): number[] | null {
  const fans: number[] = [];
  for (let n = 1; n <= 8; n += 1) {
    const rpm = mmNumber(mm[`Fan${n}`]);
    if (rpm !== null) fans.push(rpm);
  }
  return fans.length > 0 ? fans : null;
}

function parseErrors(mm: MmPairs): MinerErrorEntry[] {
  const errors: MinerErrorEntry[] = [];
  mmNumbers(mm.ECHU).forEach((code, board) => {
    if (code !== 0)
      errors.push({ code: String(code), message: `hash board ${board} error code ${code}`, timestamp: null });
  });
  const controller = mmNumber(mm.ECMM);
  if (controller)
    errors.push({
      code: String(controller),
      message: `controller error code ${controller}`,
      timestamp: null,
    });
  const fanErr = mmNumber(mm.FanErr);
  if (fanErr) errors.push({ code: String(fanErr), message: `fan error ${fanErr}`, timestamp: null });
  return errors;
}

/**
 * PSU watts: `WALLPOWER` on newer firmware, else `PS[4]` (PSU output: volts x amps). A PS list of
 * nothing but zeros (`PS[0 0 0 0 0 0]`) is a controller that did not read its PSU: not reported, so
 * `null`, never 0 W. A live PSU (non-zero voltages) that outputs 0 W, as after a softoff, stays 0.
 */
export function avalonPower(mm: MmPairs): number | null {
  const wall = mmNumber(mm.WALLPOWER);
  if (wall !== null && wall > 0) return wall;
  const ps = mmNumbers(mm.PS);
  if (ps.length > 4 && ps.some((value) => value !== 0)) return ps[4] ?? null;
  return wall === 0 && ps.some((value) => value !== 0) ? 0 : null;
}

export function parseAvalon(replies: ReplySet, stats: AvalonStats | null, endpoint: string): ReadingDraft {
  const version = firstObject(replies.body('version')?.VERSION);
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const mm = stats?.mm ?? {};
  const power = avalonPower(mm);
  return {
    dialect: 'avalon',
    endpoint,
    model: avalonModel(version, mm),
    firmware: asText(version?.CGVERSION) ?? asText(version?.LVERSION) ?? mmText(mm.Ver),
    hashrate5sThs: cgminerHashrate(summary, '5s') ?? toThs.fromGhs(mmNumber(mm.GHSspd)),
    hashrateAvgThs: cgminerHashrate(summary, 'av') ?? toThs.fromGhs(mmNumber(mm.GHSavg)),
    nominalHashrateThs: toThs.fromGhs(mmNumber(mm.GHSmm)),
    powerW: power,
    powerSource: power === null ? null : 'measured',
    powerTargetW: mmNumber(mm.MPO),
    reportedEfficiencyJPerTh: null,
    boards: stats ? parseBoards(stats) : null,
    fansRpm: parseFans(mm),
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed) ?? stats?.elapsedS ?? mmNumber(mm.Elapsed),
    stateHint: { sleeping: avalonSleeping(mm), off: null, fault: null },
    errors: parseErrors(mm),
    warnings: replies.warnings,
  };
}
