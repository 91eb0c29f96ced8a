import type { LeaseWorkload } from '../../core/marketplace/lease-workload.ts';
import type { TenantSshKey } from '../../core/marketplace/ssh-public-key.ts';
import type { StoredPoolCredit } from '../../core/pools/pool-credit.ts';
import type { EnergyInterval, MeterMinute } from '../../core/ports/actuals-repository.ts';
import type { ManualPrice } from '../../core/ports/manual-price-repository.ts';
import type { MarketPointDraft, MarketSeriesSpec } from '../../core/ports/market-history.ts';
import type {
  Alert,
  AllocationRun,
  ApiKeyRecord,
  AuditEntry,
  Curtailment,
  DeviceReading,
  GridEvent,
  SetpointRecord,
  SiteMinute,
  SiteRecord,
} from '../../core/ports/storage.ts';
import type { HourSums } from './hour-sums.ts';
import { emptyLedger, type MemoryLedger } from './memory-ledger-repository.ts';
import { emptyMarketplace, type MemoryMarketplace } from './memory-marketplace-state.ts';

/** An allocation run as MemoryStorage keeps it (the failure message is stored, as in SQL, but not returned). */
export interface MemoryRun {
  run: AllocationRun;
  error?: string;
}

/**
 * Everything a MemoryStorage holds, in plain maps and arrays (so `structuredClone` can snapshot it
 * for transaction rollback). Repositories always read through the fields, never keep a reference
 * to a map, so `restore` can swap the contents wholesale.
 */
export class MemoryState {
  sites = new Map<string, SiteRecord>();
  /** Lease workloads by JSON [tenantId, idempotencyKey]. */
  leaseWorkloads = new Map<string, LeaseWorkload>();
  /** Tenants' SSH keys by JSON [tenantId, id], in the order registered. */
  sshKeys = new Map<string, TenantSshKey>();
  audit: AuditEntry[] = [];
  auditSeq = 0;
  apiKeys = new Map<string, ApiKeyRecord>();
  /** batch id -> sentAtMs */
  batches = new Map<string, number>();
  /** site -> device -> newest reading */
  latest = new Map<string, Map<string, DeviceReading>>();
  /** site -> minute start -> aggregate */
  minutes = new Map<string, Map<number, SiteMinute>>();
  /** site -> hour start -> sums */
  hours = new Map<string, Map<number, HourSums>>();
  /** run id -> run */
  runs = new Map<string, MemoryRun>();
  /** site -> last seq issued */
  setpointCounters = new Map<string, number>();
  /** site -> setpoints by seq */
  setpoints = new Map<string, SetpointRecord[]>();
  alerts: Alert[] = [];
  alertSeq = 0;
  gridEvents = new Map<string, GridEvent>();
  curtailments = new Map<string, Curtailment>();
  leases = new Map<string, { holder: string; expiresAtMs: number }>();
  ledger: MemoryLedger = emptyLedger();
  marketplace: MemoryMarketplace = emptyMarketplace();
  /** Market history: series by key, and batches in insertion order. */
  marketSeries = new Map<string, MarketSeriesSpec>();
  marketBatches: { key: string; source: string; points: MarketPointDraft[] }[] = [];
  /** The desk's manual prices by id. */
  manualPrices = new Map<string, ManualPrice>();
  /** `source\0account\0date` -> credit */
  poolCredits = new Map<string, StoredPoolCredit>();
  /** `site\0minute` -> meter minute */
  meterMinutes = new Map<string, MeterMinute>();
  /** `site\0source\0start` -> interval */
  energyIntervals = new Map<string, EnergyInterval>();

  snapshot(): MemoryState {
    return structuredClone({ ...this }) as MemoryState;
  }

  restore(snapshot: MemoryState): void {
    Object.assign(this, snapshot);
  }
}

/** A copy of a stored value, so callers never share objects with the store (as with a database). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Compares strings by UTF-16 code unit, like ORDER BY on a `COLLATE "C"` column for everyday ids. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value of `key` in `map`, created with `make` when absent. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
