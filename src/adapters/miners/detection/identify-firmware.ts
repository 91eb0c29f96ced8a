import type { MinerDialect } from '../miner-reading.ts';

/**
 * What a reply says about the firmware behind it. `dialect: null` means the firmware was recognised
 * but this library has no client for it (it is named, not guessed at).
 */
export interface Identification {
  readonly dialect: MinerDialect | null;
  /** The firmware or make, for people: `LuxOS`, `Hiveon`, `Bitaxe AxeOS`. */
  readonly firmware: string;
}

/** Marks that name a firmware anywhere in a cgminer-family reply, most specific first. */
const CGMINER_MARKS: readonly { readonly pattern: RegExp; readonly id: Identification }[] = [
  { pattern: /LUXMINER/, id: { dialect: 'luxos', firmware: 'LuxOS' } },
  { pattern: /BOSMINER|"BOSER"|BOSER /, id: { dialect: 'bosminer', firmware: 'Braiins OS (BOSminer)' } },
  // Braiins OS 2018 ran bmminer itself: the bmminer API, nothing else.
  {
    pattern: /BOS_AM1|BRAIINS-AM1/,
    id: { dialect: 'antminer-aftermarket', firmware: 'Braiins OS (bmminer)' },
  },
  {
    pattern: /BTMINER|BITMICRO|WHATSMINER/,
    id: { dialect: 'whatsminer-v2', firmware: 'Whatsminer btminer' },
  },
  { pattern: /VNISH/, id: { dialect: 'vnish', firmware: 'VNish' } },
  { pattern: /HIVEON/, id: { dialect: 'antminer-aftermarket', firmware: 'Hiveon' } },
  { pattern: /ASICSEER/, id: { dialect: 'antminer-aftermarket', firmware: 'ASICseer' } },
  // MSKminer and early Hiveon builds sign their bmminer "rwglr".
  { pattern: /RWGLR|MSKMINER/, id: { dialect: 'antminer-aftermarket', firmware: 'MSKminer' } },
  { pattern: /BLISSZ/, id: { dialect: 'antminer-aftermarket', firmware: 'Blissz' } },
  { pattern: /CHIPLESS/, id: { dialect: 'antminer-aftermarket', firmware: 'Chipless' } },
  { pattern: /AVALON|CANAAN|"MM ID0/, id: { dialect: 'avalon', firmware: 'Canaan Avalon' } },
  { pattern: /GCMINER|AURADINE/, id: { dialect: 'auradine', firmware: 'Auradine (GCMiner)' } },
  { pattern: /ANTMINER|BMMINER/, id: { dialect: 'antminer-stock', firmware: 'Bitmain stock (bmminer)' } },
];

/**
 * Names a cgminer-family firmware from the text of any reply (`version`, `summary` Description,
 * `devdetails`, `stats` Type). Old Whatsminer firmware calls itself plain cgminer; its `summary` still
 * has the MicroBT fan fields (`Fan Speed In`/`Out`) and its `stats` the `SM0` blocks.
 */
export function identifyCgminerText(text: string): Identification | null {
  const upper = text.toUpperCase();
  for (const mark of CGMINER_MARKS) if (mark.pattern.test(upper)) return mark.id;
  if (upper.includes('"FAN SPEED IN"') || /"ID":"SM\d"/.test(upper.replace(/\s/g, ''))) {
    return { dialect: 'whatsminer-v1', firmware: 'Whatsminer (cgminer-based)' };
  }
  return null;
}

/** The dialect name of a cgminer reply's text, as `identifyCgminerText` finds it (supported ones only). */
export function dialectFromText(text: string): MinerDialect | null {
  return identifyCgminerText(text)?.dialect ?? null;
}
