/** Narrowing helpers for replies of unknown shape. None of them throws; a missing value is `null`. */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects of an array, skipping anything else. */
export function objectsOf(value: unknown): JsonObject[] {
  return asArray(value).flatMap((item) => {
    const object = asObject(item);
    return object ? [object] : [];
  });
}

/** The first object of an array (cgminer's `"SUMMARY":[{...}]`), or the value itself if it is an object. */
export function firstObject(value: unknown): JsonObject | null {
  if (Array.isArray(value)) return asObject(value[0]);
  return asObject(value);
}

/**
 * A finite number from a number or a numeric string ("37603.30", "  5.0000", "3600"). Anything else,
 * including `""`, `NaN` and infinities, is `null`.
 */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
    const parsed = Number(text);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A non-empty trimmed string, or a number rendered as text. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** true/false from booleans and the strings firmwares use ("true", "Y", "1"). */
export function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (['true', 'y', 'yes', '1', 'on'].includes(text)) return true;
    if (['false', 'n', 'no', '0', 'off'].includes(text)) return false;
  }
  return null;
}

/** Follows a path of keys and indexes; `null` as soon as a step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return null;
      current = current[step];
    } else {
      const object = asObject(current);
      if (!object) return null;
      current = object[step];
    }
    if (current === undefined) return null;
  }
  return current ?? null;
}

/** Rounds to `digits` decimals; keeps `null`. Readings carry 3 decimals of TH/s, 1 of W. */
export function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A hashrate in TH/s to 3 decimals; below 1 TH/s (Scrypt, X11, Ethash machines, small miners) to 6
 * significant digits instead, so a 504.56 MH/s L3+ does not read 0.001.
 */
export function roundThs(value: number | null): number | null {
  if (value === null) return null;
  if (Math.abs(value) >= 1 || value === 0) return round(value, 3);
  return Number(value.toPrecision(6));
}

/** Unit conversions of hashrates to TH/s. */
export const toThs = {
  fromMhs: (value: number | null) => roundThs(value === null ? null : value / 1e6),
  fromGhs: (value: number | null) => roundThs(value === null ? null : value / 1e3),
  fromThs: (value: number | null) => roundThs(value),
};

/**
 * A temperature in deg C, with the cgminer-family sentinel 0 (sensor absent or not read) as `null`.
 * No SHA-256 miner that answers its API has a board or chip at or below 0 deg C.
 */
export function asTemperature(value: unknown): number | null {
  const number = asNumber(value);
  return number === null || number <= 0 ? null : number;
}

/** The largest of the values that are temperatures (see `asTemperature`), or `null`. */
export function hottest(values: readonly unknown[]): number | null {
  const temps = values.map(asTemperature).filter((t): t is number => t !== null);
  return temps.length > 0 ? Math.max(...temps) : null;
}

/** Splits Bitmain's dash lists ("73-45-64-65") into numbers. */
export function dashList(value: unknown): number[] {
  const text = asText(value);
  if (!text) return [];
  return text
    .split('-')
    .map((part) => asNumber(part))
    .filter((n): n is number => n !== null);
}
