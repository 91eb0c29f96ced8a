import type { MinerSnapshot } from '../miner-snapshot.ts';

/** Passwords the emulated Whatsminers accept (their factory defaults unless configured). */
export interface WhatsminerCredentials {
  /** btminer 2.x `admin` password. */
  readonly v2Password: string;
  /** API 3.x account for `set.*` commands. */
  readonly v3Account: string;
  readonly v3Password: string;
}

export const DEFAULT_WHATSMINER_CREDENTIALS: WhatsminerCredentials = Object.freeze({
  v2Password: 'admin',
  v3Account: 'super',
  v3Password: 'super',
});

/** btminer's type string for a model: `Whatsminer M60S` -> `M60S_VK40`, `Whatsminer M50S++` -> `M50S++_VH30`. */
export function whatsminerType(model: string): string {
  const name = model
    .replace(/^\s*(whatsminer|microbt)\s+/i, '')
    .trim()
    .replace(/\s+/g, '_');
  const revision = /^M6/i.test(name) ? 'VK40' : /^M5/i.test(name) ? 'VH30' : 'VG20';
  return `${name}_${revision}`;
}

/** btminer error code of a hash board that stopped hashing (slot 0, 1, 2 -> 530, 531, 532). */
export function boardErrorCode(board: number): string {
  return String(530 + board);
}

/** Hottest, coolest and average chip temperatures over boards. */
export function chipTemps(snapshot: MinerSnapshot): { min: number; max: number; avg: number } {
  const temps = snapshot.boards.map((board) => board.chipTempC);
  const max = Math.max(...temps);
  return {
    min: Math.min(...temps) - 8,
    max,
    avg: temps.reduce((sum, t) => sum + t, 0) / temps.length - 4,
  };
}
