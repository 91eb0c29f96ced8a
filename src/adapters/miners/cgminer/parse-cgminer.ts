import type { PoolReading, PoolStatus } from '../miner-reading.ts';
import { asBoolean, asNumber, asText, type JsonObject, objectsOf, toThs } from '../reading/json-values.ts';

/** The pool list of a cgminer-family `pools` reply. */
export function parseCgminerPools(body: JsonObject | null): PoolReading[] | null {
  if (!body || !Array.isArray(body.POOLS)) return null;
  return objectsOf(body.POOLS).map((pool, index) => ({
    index,
    url: asText(pool.URL),
    user: asText(pool.User),
    status: poolStatus(asText(pool.Status), asBoolean(pool['Stratum Active'])),
    accepted: asNumber(pool.Accepted),
    rejected: asNumber(pool.Rejected),
  }));
}

/** cgminer's `Status` (Alive, Dead, Disabled, Rejecting) plus `Stratum Active` for the pool in use. */
export function poolStatus(status: string | null, active: boolean | null): PoolStatus {
  const normalized = status?.toLowerCase() ?? null;
  if (active === true && normalized !== 'dead' && normalized !== 'disabled') return 'active';
  if (normalized === 'alive') return 'alive';
  if (normalized === 'dead' || normalized === 'rejecting') return 'dead';
  if (normalized === 'disabled') return 'disabled';
  return 'unknown';
}

/**
 * A hashrate of a cgminer summary/devs entry in TH/s, from whichever unit the firmware used:
 * `GHS 5s` (bmminer, LuxOS), `MHS 5s` (cgminer, Avalon, btminer), `THS 5s`.
 */
export function cgminerHashrate(entry: JsonObject | null, window: string): number | null {
  if (!entry) return null;
  const ths = asNumber(entry[`THS ${window}`]);
  if (ths !== null) return toThs.fromThs(ths);
  const ghs = asNumber(entry[`GHS ${window}`]);
  if (ghs !== null) return toThs.fromGhs(ghs);
  return toThs.fromMhs(asNumber(entry[`MHS ${window}`]));
}

/** The text of the first STATUS block's `Description`, e.g. `cgminer 4.11.1`, `LUXminer 2025.4.8`. */
export function statusDescription(body: JsonObject | null): string | null {
  const block = body && Array.isArray(body.STATUS) ? objectsOf(body.STATUS)[0] : null;
  return block ? asText(block.Description) : null;
}
