/** A value of an Avalon `KEY[value]` pair: a number, a text, or a list of them. */
export type MmValue = number | string | (number | string)[];
export type MmPairs = Record<string, MmValue>;

const PAIR = /([A-Za-z_][\w ]*?)\[([^\]]*)\]/g;
const SECTION = /'([^']+)':\{([^}]*)\}/g;

function convert(key: string, raw: string): MmValue {
  const value = raw.trim();
  if (key === 'SYSTEMSTATU') return value;
  const scalar = (token: string): number | string => {
    if (/^[-+]?\d+$/.test(token)) return Number.parseInt(token, 10);
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token)) return Number(token);
    return token;
  };
  if (/\s/.test(value)) return value.split(/\s+/).map(scalar);
  return scalar(value);
}

/**
 * Parses the `KEY[value] KEY[value] ...` text Avalon firmware puts in `stats` (`MM ID0`), e.g.
 * `Ver[1246-83-...] Fan1[5344] MGHS[26907.01 26025.06] SYSTEMSTATU[Work: In Work, Hash Board: 3 ]`.
 * Keys may contain spaces (`Nonce Mask`); values with spaces become lists; empty values are skipped.
 */
export function parseMmPairs(text: string): MmPairs {
  const pairs: MmPairs = {};
  for (const match of text.matchAll(PAIR)) {
    const key = match[1]!.trim();
    // Empty values (`SSID[]`, `FACOPTS0[]`) carry nothing: left out, so they read as missing.
    if (match[2]!.trim() !== '') pairs[key] = convert(key, match[2]!);
  }
  return pairs;
}

/**
 * Parses sectioned text, `'STATS':{Ver[...] ...}` (`MM ID0:Summary`) or `'HB0':{PVT_T0[...] ...}`
 * (`HBinfo`), into pairs per section.
 */
export function parseMmSections(text: string): Record<string, MmPairs> {
  const sections: Record<string, MmPairs> = {};
  for (const match of text.matchAll(SECTION)) sections[match[1]!] = parseMmPairs(match[2]!);
  return sections;
}

/** The numbers of a value: a number alone, or the numbers of a list. */
export function mmNumbers(value: MmValue | undefined): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.filter((item): item is number => typeof item === 'number');
  return [];
}

export function mmNumber(value: MmValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

export function mmText(value: MmValue | undefined): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}
