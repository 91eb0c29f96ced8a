import { poolStatus } from '../cgminer/parse-cgminer.ts';
import type { BoardReading, PoolReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asObject,
  asTemperature,
  asText,
  at,
  type JsonObject,
  objectsOf,
  roundThs,
} from '../reading/json-values.ts';

/** A VNish hashrate in TH/s from its `hr_measure` unit (`GH/s` on every build seen; `MH/s` for Scrypt). */
function vnishThs(value: unknown, measure: string | null): number | null {
  const number = asNumber(value);
  if (number === null) return null;
  const unit = (measure ?? 'GH/s').toUpperCase();
  if (unit.startsWith('TH')) return roundThs(number);
  if (unit.startsWith('MH')) return roundThs(number / 1e6);
  return roundThs(number / 1e3);
}

/** VNish `miner_status.miner_state`: `mining`, `auto-tuning`, `starting`, `stopped`, `failure`, ... */
export function vnishStateHint(state: string | null): {
  sleeping: boolean | null;
  off: boolean | null;
  fault: string | null;
} {
  const normalized = state?.toLowerCase() ?? null;
  if (normalized === null) return { sleeping: null, off: null, fault: null };
  if (/stop|pause|idle|sleep/.test(normalized)) return { sleeping: true, off: null, fault: null };
  if (/fail|error|broken/.test(normalized))
    return { sleeping: null, off: null, fault: `VNish reports miner state "${state}"` };
  return { sleeping: false, off: null, fault: null };
}

function parseChains(miner: JsonObject, measure: string | null): BoardReading[] | null {
  if (!Array.isArray(miner.chains)) return null;
  return objectsOf(miner.chains).map((chain, position) => {
    const statuses = asObject(chain.chip_statuses);
    const chips = statuses
      ? Object.values(statuses).reduce<number>((sum, count) => sum + (asNumber(count) ?? 0), 0)
      : null;
    return {
      index: position,
      hashrate5sThs: vnishThs(chain.hashrate_rt, measure),
      hashrateAvgThs: null,
      boardTempC: asTemperature(at(chain, 'pcb_temp', 'max')),
      chipTempC: asTemperature(at(chain, 'chip_temp', 'max')),
      chips: chips === 0 ? null : chips,
    };
  });
}

function parsePools(miner: JsonObject): PoolReading[] | null {
  if (!Array.isArray(miner.pools)) return null;
  return objectsOf(miner.pools).map((pool, index) => {
    const status = asText(pool.status);
    return {
      index,
      url: asText(pool.url),
      user: asText(pool.user),
      status: status?.toLowerCase() === 'active' ? 'active' : poolStatus(status, null),
      accepted: asNumber(pool.accepted),
      rejected: asNumber(pool.rejected),
    };
  });
}

/** `Antminer S21 Pro (Vnish 1.2.7)` -> `Antminer S21 Pro`. */
function modelOf(text: string | null): string | null {
  return text ? (asText(text.replace(/\s*\(vnish[^)]*\)\s*$/i, '')) ?? null) : null;
}

/**
 * A reading from the VNish REST API: `GET /api/v1/summary` (the `miner` block: `hr_realtime` in
 * `hr_measure` units, `power_consumption` W, chains, fans, pools, `miner_status`), `GET /api/v1/info`
 * (model, `fw_version`, `hr_measure`) and `GET /api/v1/perf-summary` (the current autotune preset,
 * named by its watts: the power target).
 */
export function parseVnish(
  summary: unknown,
  info: unknown,
  perf: unknown,
  endpoint: string,
  warnings: readonly string[],
): ReadingDraft {
  const miner = asObject(at(summary, 'miner')) ?? {};
  const measure = asText(at(info, 'hr_measure'));
  const power = asNumber(miner.power_consumption);
  const metered = asBoolean(at(miner, 'psu', 'psu_power_metering'));
  const state = asText(at(miner, 'miner_status', 'miner_state'));
  const hint = vnishStateHint(state);
  const fans = Array.isArray(at(miner, 'cooling', 'fans'))
    ? objectsOf(at(miner, 'cooling', 'fans')).flatMap((fan) => {
        const rpm = asNumber(fan.rpm);
        return rpm === null ? [] : [rpm];
      })
    : null;
  const fwVersion = asText(at(info, 'fw_version'));
  return {
    dialect: 'vnish',
    endpoint,
    model: modelOf(asText(at(info, 'miner'))) ?? modelOf(asText(miner.miner_type)),
    firmware: fwVersion ? `VNish ${fwVersion}` : asText(miner.miner_type),
    hashrate5sThs: vnishThs(miner.hr_realtime, measure),
    hashrateAvgThs: vnishThs(miner.hr_average, measure),
    nominalHashrateThs: vnishThs(miner.hr_nominal, measure),
    powerW: power,
    powerSource: power === null ? null : metered === false ? 'firmware-estimate' : 'measured',
    powerTargetW: asNumber(at(perf, 'current_preset', 'name')),
    reportedEfficiencyJPerTh: null,
    boards: parseChains(miner, measure),
    fansRpm: fans,
    pools: parsePools(miner),
    uptimeS: hint.sleeping ? null : asNumber(at(miner, 'miner_status', 'miner_state_time')),
    stateHint: hint,
    errors: [],
    warnings: [...warnings],
  };
}
