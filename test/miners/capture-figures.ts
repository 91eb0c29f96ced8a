import type { MinerDialect, MinerState, PowerSource } from '../../src/adapters/miners/index.ts';

/** The figures a person reads off a capture; every one is checked against the client's reading. */
export interface ExpectedFigures {
  readonly dialect: MinerDialect;
  readonly hashrate5sThs: number | null;
  readonly hashrateAvgThs: number | null;
  readonly powerW: number | null;
  readonly powerSource: PowerSource | null;
  readonly powerTargetW: number | null;
  readonly state: MinerState;
  /** Per-board 5 s TH/s in the firmware's order (`null` entries: not reported); `null`: no boards listed. */
  readonly boards: readonly (number | null)[] | null;
  readonly fansRpm: readonly number[] | null;
  readonly uptimeS: number | null;
}

/**
 * What each capture folder of `../shared/fixtures/miners` holds and what it must give:
 * - `read`: served over its real transports (`cgminer` TCP 4028 style, `http` web port), detected with
 *   `detectDialect` and read through the detected client;
 * - `detect`: replies that identify the firmware but carry no reading (version-only captures);
 * - `unsupported`: a firmware this library names but has no client for;
 * - `variant`: the folders `fixture-variants.ts` serves (their readings are in `expected-readings.ts`);
 * - `files`: web configs, tokens and LuCI maps no reading is made of (each still goes through its parser).
 * Figures are what the replies say: e.g. `GHS 5s` 110786.79 GH/s -> 110.787 TH/s; `mhs5S` 7160208.94
 * MH/s -> 7.16 TH/s; Scrypt/X11/Ethash/Equihash Antminers' `GHS` fields hold MH/s (504.56 -> 0.00050456).
 */
export type CaptureCase =
  | {
      readonly dir: string;
      readonly kind: 'read';
      readonly serve: 'cgminer' | 'http' | 'both';
      readonly expect: ExpectedFigures;
    }
  | { readonly dir: string; readonly kind: 'detect'; readonly file?: string; readonly dialect: MinerDialect }
  | {
      readonly dir: string;
      readonly kind: 'unsupported';
      readonly serve: 'cgminer' | 'http';
      readonly names: RegExp;
    }
  | { readonly dir: string; readonly kind: 'variant'; readonly variant: string }
  | { readonly dir: string; readonly kind: 'files' };

export const figures = (
  dialect: MinerDialect,
  hashrate5sThs: number | null,
  rest: Partial<Omit<ExpectedFigures, 'dialect' | 'hashrate5sThs'>>,
): ExpectedFigures => ({
  dialect,
  hashrate5sThs,
  hashrateAvgThs: null,
  powerW: null,
  powerSource: null,
  powerTargetW: null,
  state: 'hashing',
  boards: null,
  fansRpm: null,
  uptimeS: null,
  ...rest,
});
