import type { PoolReading } from '../miner-reading.ts';
import type { ReadingDraft } from '../reading/finish-reading.ts';
import {
  asBoolean,
  asNumber,
  asObject,
  asTemperature,
  asText,
  round,
  toThs,
} from '../reading/json-values.ts';

/** BM chip -> Bitaxe family, as the Bitaxe boards are named after their ASIC. */
const FAMILY: Readonly<Record<string, string>> = {
  BM1397: 'Bitaxe Max',
  BM1366: 'Bitaxe Ultra',
  BM1368: 'Bitaxe Supra',
  BM1370: 'Bitaxe Gamma',
};

function poolUrl(url: string | null, port: number | null): string | null {
  if (url === null) return null;
  const withScheme = url.includes('://') ? url : `stratum+tcp://${url}`;
  return port === null ? withScheme : `${withScheme}:${port}`;
}

/**
 * A reading from AxeOS `GET /api/system/info`: `hashRate` GH/s (AxeOS's own current figure; no 5 s
 * window is named), `power` W from the board's power monitor (measured), `temp` the ASIC, `vrTemp` the
 * regulator (board), `fanrpm`, `uptimeSeconds`, the primary and fallback stratum pools. A Bitaxe is one
 * board of `asicCount` chips.
 */
export function parseBitaxe(info: unknown, endpoint: string, warnings: readonly string[]): ReadingDraft {
  const body = asObject(info) ?? {};
  const hashrate = toThs.fromGhs(asNumber(body.hashRate));
  const power = asNumber(body.power);
  const chip = asText(body.ASICModel);
  const usingFallback = asBoolean(body.isUsingFallbackStratum) === true;
  const pools: PoolReading[] = [
    {
      url: poolUrl(asText(body.stratumURL), asNumber(body.stratumPort)),
      user: asText(body.stratumUser),
      active: !usingFallback,
    },
    {
      url: poolUrl(asText(body.fallbackStratumURL), asNumber(body.fallbackStratumPort)),
      user: asText(body.fallbackStratumUser),
      active: usingFallback,
    },
  ]
    .filter((pool) => pool.url !== null)
    .map((pool, index) => ({
      index,
      url: pool.url,
      user: pool.user,
      status: pool.active ? 'active' : 'unknown',
      accepted: pool.active ? asNumber(body.sharesAccepted) : null,
      rejected: pool.active ? asNumber(body.sharesRejected) : null,
    }));
  const fan = asNumber(body.fanrpm);
  return {
    dialect: 'bitaxe',
    endpoint,
    model: chip ? (FAMILY[chip] ?? `Bitaxe (${chip})`) : 'Bitaxe',
    firmware: asText(body.version) === null ? null : `AxeOS ${asText(body.version)}`,
    hashrate5sThs: hashrate,
    hashrateAvgThs: null,
    nominalHashrateThs: toThs.fromGhs(asNumber(body.expectedHashrate)),
    powerW: power === null ? null : round(power, 2),
    powerSource: power === null ? null : 'measured',
    powerTargetW: null,
    reportedEfficiencyJPerTh: null,
    boards: [
      {
        index: 0,
        hashrate5sThs: hashrate,
        hashrateAvgThs: null,
        boardTempC: asTemperature(body.vrTemp),
        chipTempC: asTemperature(body.temp),
        chips: asNumber(body.asicCount),
      },
    ],
    fansRpm: fan === null ? null : [fan],
    pools,
    uptimeS: asNumber(body.uptimeSeconds),
    stateHint: {
      sleeping: null,
      off: null,
      fault: asBoolean(body.overheat_mode) === true ? 'AxeOS overheat mode: the ASIC is throttled off' : null,
    },
    errors: [],
    warnings,
  };
}
