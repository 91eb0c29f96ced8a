import { cgminerHashrate, parseCgminerPools } from '../cgminer/parse-cgminer.ts';
import type { ReplySet } from '../cgminer/reply-set.ts';
import type { BoardReading, MinerErrorEntry } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asNumber,
  asText,
  dashList,
  firstObject,
  hottest,
  type JsonObject,
  objectsOf,
  roundThs,
  toThs,
} from '../reading/json-values.ts';

/** The per-chain block of a bmminer/cgminer `stats` reply (the element with chain and fan keys). */
export function bitmainStatsBlock(stats: JsonObject | null): JsonObject | null {
  if (!stats) return null;
  return (
    objectsOf(stats.STATS).find(
      (entry) => 'fan_num' in entry || 'chain_rate1' in entry || 'temp_num' in entry,
    ) ?? null
  );
}

/** The version block of a `stats` reply (first element: Type, Miner, CompileTime). */
function statsVersionBlock(stats: JsonObject | null): JsonObject | null {
  return stats ? (objectsOf(stats.STATS).find((entry) => 'Type' in entry) ?? null) : null;
}

/**
 * Bitmain's Scrypt (L3, L7), X11 (D3, D7), Ethash (E3, E9) and Equihash (Z9, Z11, Z15) machines put
 * MH/s (ksol/s on Z) in the fields named `GHS`; `chain_rateN` follows the same unit.
 */
export function ghsFieldUnit(model: string | null): 'GH' | 'MH' {
  return model !== null && /^antminer\s+[ldez]\d/i.test(model) ? 'MH' : 'GH';
}

/**
 * The model of a `Type`: first line only ("Antminer S9\nV1.3.58" -> "Antminer S9"), without a
 * firmware named in brackets or after it ("Antminer S17+ (vnish 2.0.3)", "Antminer S9 Hiveon").
 */
export function bitmainModel(type: string | null): string | null {
  const first = type
    ?.split(/\r?\n/)[0]
    ?.replace(/\s*\((vnish|hiveon|asicseer|mskminer)[^)]*\)/i, '')
    .replace(/\s+(hiveon|blissz.*)$/i, '')
    .trim();
  return first ? first : null;
}

/** The firmware named in a `Type` ("Antminer S17+ (vnish 2.0.3)" -> "vnish 2.0.3"), if any. */
function firmwareInType(type: string | null): string | null {
  const match = /\((vnish[^)]*)\)|\b(hiveon|blissz.*)$/i.exec(type?.split(/\r?\n/)[0]?.trim() ?? '');
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Chipless Z11 builds put sol/s in `GHS 5s` while the chains keep ksol/s: when the total and the sum of
 * the chains differ by about 1000x, the chains are believed (their sum stands in, with a warning).
 */
function reconcileTotal(
  total: number | null,
  boards: readonly BoardReading[] | null,
  warnings: string[],
): number | null {
  const rates = (boards ?? []).map((b) => b.hashrate5sThs).filter((r): r is number => r !== null);
  if (total === null || rates.length === 0) return total;
  const sum = rates.reduce((a, b) => a + b, 0);
  const ratio = sum > 0 ? total / sum : 0;
  if (ratio > 500 && ratio < 2000) {
    warnings.push(`GHS 5s (${total} TH/s) is ~1000x the chains' sum; the chains' sum is used`);
    return roundThs(sum);
  }
  return total;
}

/** `GHS 5s` / `GHS av` (or `MHS`, `THS`) of a summary or stats entry, with the model's unit. */
function bitmainHashrate(entry: JsonObject | null, window: string, unit: 'GH' | 'MH'): number | null {
  if (!entry) return null;
  if (unit === 'MH' && `GHS ${window}` in entry) return toThs.fromMhs(asNumber(entry[`GHS ${window}`]));
  return cgminerHashrate(entry, window);
}

/** Converts a `chain_rateN` / `total_rateideal` value with the block's `rate_unit` (the model's by default). */
function rateThs(block: JsonObject, value: unknown, defaultUnit: 'GH' | 'MH' = 'GH'): number | null {
  const number = asNumber(value);
  const unit = (asText(block.rate_unit) ?? defaultUnit).toUpperCase();
  if (unit.startsWith('TH')) return toThs.fromThs(number);
  if (unit.startsWith('MH')) return toThs.fromMhs(number);
  return toThs.fromGhs(number);
}

/** Hash chains of a Bitmain stats block: chain_rateN, temp_pcbN/tempN, temp_chipN/temp2_N, chain_acnN. */
export function parseBitmainChains(
  block: JsonObject | null,
  defaultUnit: 'GH' | 'MH' = 'GH',
): BoardReading[] | null {
  if (!block) return null;
  if (!Object.keys(block).some((key) => /^chain_(rate|acn)\d+$/.test(key))) return null;
  const boards: BoardReading[] = [];
  for (let n = 1; n <= 16; n += 1) {
    const rate = block[`chain_rate${n}`];
    const chips = asNumber(block[`chain_acn${n}`]);
    if (rate === undefined && chips === null) continue;
    if ((asText(rate) === null || asNumber(rate) === 0) && (chips ?? 0) === 0) continue;
    boards.push({
      index: n - 1,
      hashrate5sThs: rateThs(block, rate, defaultUnit),
      hashrateAvgThs: null,
      boardTempC: hottest([...dashList(block[`temp_pcb${n}`]), block[`temp${n}`]]),
      chipTempC: hottest([...dashList(block[`temp_chip${n}`]), block[`temp2_${n}`]]),
      chips,
    });
  }
  return boards;
}

/** fan1..fanN of a Bitmain stats block (N from fan_num when present). */
export function parseBitmainFans(block: JsonObject | null): number[] | null {
  if (!block) return null;
  const count = asNumber(block.fan_num) ?? 8;
  const fans: number[] = [];
  for (let n = 1; n <= count; n += 1) {
    const rpm = asNumber(block[`fan${n}`]);
    if (rpm !== null) fans.push(rpm);
  }
  return fans.length > 0 || asNumber(block.fan_num) !== null ? fans : null;
}

/** Chips marked `x` in chain_acsN strings: chips that stopped answering. */
export function chainChipErrors(block: JsonObject | null): MinerErrorEntry[] {
  if (!block) return [];
  const errors: MinerErrorEntry[] = [];
  for (let n = 1; n <= 16; n += 1) {
    const acs = asText(block[`chain_acs${n}`]);
    const bad = acs ? [...acs].filter((c) => c === 'x' || c === 'X').length : 0;
    if (bad > 0)
      errors.push({ code: null, message: `board ${n - 1}: ${bad} chip(s) not responding`, timestamp: null });
  }
  return errors;
}

/** Bitmain's stats `Mode` for a miner put to sleep (its work mode "sleep"); 2 or "H" is working. */
export const STATS_MODE_SLEEP = 254;

/**
 * Whether the miner sleeps: the web config's work mode (1 = sleep) when the client read it, else the
 * stats block's `Mode` (254 = sleep, any other = working), else unknown (the state then follows the
 * hashrate alone).
 */
export function antminerSleeping(workMode: number | null, block: JsonObject | null): boolean | null {
  if (workMode !== null) return workMode === 1;
  const mode = asNumber(block?.Mode);
  return mode === null ? null : mode === STATS_MODE_SLEEP;
}

/**
 * A bmminer/cgminer reading. `summary` gives the hashrate; firmware that refuses `summary` still has
 * `GHS 5s` / `GHS av` / `Elapsed` in the `stats` chain block, which stands in.
 * @param workMode the work mode `get_miner_conf.cgi` reports (1 = sleep), when the client read the web
 *   interface too.
 */
export function parseAntminer(
  replies: ReplySet,
  endpoint: string,
  workMode: number | null = null,
  dialect: 'antminer-stock' | 'antminer-aftermarket' | 'vnish' = 'antminer-stock',
): ReadingDraft {
  const summary = firstObject(replies.body('summary')?.SUMMARY);
  const stats = replies.body('stats');
  const block = bitmainStatsBlock(stats);
  const version = firstObject(replies.body('version')?.VERSION) ?? statsVersionBlock(stats);
  const versionType = asText(version?.Type) ?? asText(statsVersionBlock(stats)?.Type);
  const compiled = asText(version?.CompileTime)?.replace(/\s+/g, ' ') ?? null;
  const minerVersion = asText(version?.Miner);
  const model = bitmainModel(versionType);
  const unit = ghsFieldUnit(model);
  const hashSource = summary ?? block;
  const sleeping = antminerSleeping(workMode, block);
  const boards = parseBitmainChains(block, unit);
  const warnings = [...replies.warnings];
  const firmware = minerVersion && compiled ? `${minerVersion} (${compiled})` : (minerVersion ?? compiled);
  // Newer bmminer (S19 XP, S21) states its power model's figure: `"chain_power": "3250 W"`.
  const chainPower = asNumber(asText(block?.chain_power)?.replace(/\s*W$/i, '') ?? null);
  return {
    dialect,
    endpoint,
    model,
    firmware: firmwareInType(versionType) ?? firmware,
    hashrate5sThs: reconcileTotal(bitmainHashrate(hashSource, '5s', unit), boards, warnings),
    hashrateAvgThs: bitmainHashrate(hashSource, 'av', unit),
    nominalHashrateThs: block ? rateThs(block, block.total_rateideal, unit) : null,
    powerW: chainPower,
    powerSource: chainPower === null ? null : 'firmware-estimate',
    powerTargetW: null,
    reportedEfficiencyJPerTh: null,
    boards,
    fansRpm: parseBitmainFans(block),
    pools: parseCgminerPools(replies.body('pools')),
    uptimeS: asNumber(summary?.Elapsed) ?? asNumber(block?.Elapsed),
    stateHint: { sleeping, off: null, fault: null },
    errors: chainChipErrors(block),
    warnings,
  };
}
