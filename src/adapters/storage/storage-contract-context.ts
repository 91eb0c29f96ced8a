import type { Storage } from '../../core/ports/storage.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Times of the tests' telemetry and events, far from the compaction test's (which sit near the epoch). */
export const BASE_MS = Date.UTC(2024, 0, 1);

/** What the parts of the Storage contract share: the storage under test and fresh ids. */
export interface ContractContext {
  /** The implementation's name, for log lines. */
  readonly name: string;
  /** The storage created in the contract's beforeAll. */
  storage(): Storage;
  /** A fresh id, unique in this run. */
  uid(prefix: string): string;
  /** Interval starts that increase through the suite, so the newest runs are always the current test's. */
  nextInterval(): number;
}
