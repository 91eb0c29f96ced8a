import type { Site } from '../fleet/fleet-schema.ts';
import type { LeaseWorkload } from '../marketplace/lease-workload.ts';
import type { TenantSshKey } from '../marketplace/ssh-public-key.ts';
import type { PoolCreditRepository, SiteEnergyRepository } from './actuals-repository.ts';
import type { LedgerRepository } from './ledger-repository.ts';
import type { ManualPriceRepository } from './manual-price-repository.ts';
import type { MarketHistoryRepository } from './market-history.ts';
import type { MarketplaceRepository } from './marketplace-repository.ts';
import type { SiteMeterReading } from './site-meter.ts';

/**
 * Storage port: the control plane's state, behind one repository per aggregate. Implementations:
 * PostgreSQL (`pg`), embedded PGlite (same SQL, same migrations), and an in-memory fake for unit
 * tests. One contract suite (src/adapters/storage/storage.contract.ts) runs against all three.
 * Times are epoch milliseconds (UTC); money is never stored here as a float.
 */
export interface Storage {
  readonly sites: SiteRepository;
  readonly audit: AuditRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly telemetry: TelemetryRepository;
  readonly allocations: AllocationRepository;
  readonly setpoints: SetpointRepository;
  readonly alerts: AlertRepository;
  readonly gridEvents: GridEventRepository;
  readonly curtailments: CurtailmentRepository;
  readonly leader: LeaderLease;
  /** The books: double-entry postings in exact units (see ledger-repository.ts). */
  readonly ledger: LedgerRepository;
  readonly marketplace: MarketplaceRepository;
  /** What each GPU lease runs, stored before its booking. */
  readonly leaseWorkloads: LeaseWorkloadRepository;
  /** Stored as-of market history (prices, bitcoin network, weather), see market-history.ts. */
  readonly marketHistory: MarketHistoryRepository;
  /** The energy desk's manual prices, fixed windows and tariff overrides. */
  readonly manualPrices: ManualPriceRepository;
  /** Actuals: daily pool credits per site (pool APIs and payout CSVs). */
  readonly poolCredits: PoolCreditRepository;
  /** Actuals: site meter minutes and utility interval energy. */
  readonly energy: SiteEnergyRepository;
  /** Runs `work` in one database transaction: all of its writes land, or none. */
  transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- fleet

export interface SiteRecord {
  readonly site: Site;
  /** Incremented on every change (optimistic concurrency). */
  readonly version: number;
  readonly updatedAtMs: number;
}

export interface SiteRepository {
  list(): Promise<SiteRecord[]>;
  get(siteId: string): Promise<SiteRecord | undefined>;
  /**
   * Inserts or replaces a site. With `expectedVersion`, fails with SY_ERR_STORAGE_CONFLICT when the
   * stored version differs (someone else changed it).
   */
  put(site: Site, expectedVersion?: number): Promise<SiteRecord>;
  delete(siteId: string): Promise<boolean>;
}

export interface AuditEntry {
  readonly id: string;
  readonly atMs: number;
  /** Who: an API key id, `system`, or `agent:<siteId>`. */
  readonly actor: string;
  /** What, e.g. `site.update`, `fleet.import`, `curtailment.start`, `apikey.create`. */
  readonly action: string;
  /** What it applied to, e.g. `site:tx-west-1`. */
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first. */
  list(filter: { target?: string; sinceMs?: number; limit?: number }): Promise<AuditEntry[]>;
}

// ---------------------------------------------------------------- auth

export type Role = 'admin' | 'operator' | 'tenant' | 'agent';

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** For role agent: the one site it may act for. */
  readonly siteId?: string;
  /** For role tenant: the tenant it belongs to. */
  readonly tenantId?: string;
  /** scrypt hash of the secret, `scrypt$<salt b64>$<hash b64>`; the secret itself is never stored. */
  readonly secretHash: string;
  readonly createdAtMs: number;
  readonly revokedAtMs?: number;
}

export interface ApiKeyRepository {
  create(record: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, atMs: number): Promise<boolean>;
  count(): Promise<number>;
}

// ---------------------------------------------------------------- telemetry

export type DeviceKind = 'miner' | 'gpu';
export type DeviceState = 'hashing' | 'sleeping' | 'off' | 'faulted' | 'busy' | 'idle' | 'unknown';

/** One device's reading. A value the device did not report is null, never 0. */
export interface DeviceReading {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly atMs: number;
  readonly state: DeviceState;
  readonly hashrateThs: number | null;
  readonly powerW: number | null;
  readonly maxTempC: number | null;
  /** For GPUs: utilisation 0-1. */
  readonly utilisation: number | null;
}

export interface TelemetryBatch {
  readonly siteId: string;
  /** Unique per batch from an agent: a batch delivered twice (reconnect) is stored once. */
  readonly batchId: string;
  readonly sentAtMs: number;
  readonly readings: readonly DeviceReading[];
  /** The site meter's reading of this poll (first part of a split batch only); absent when the site has no meter. */
  readonly meter?: SiteMeterReading | null;
  /** Why the meter could not be read this poll (the reading is then null, never 0). */
  readonly meterError?: string;
}

/** Per-minute site aggregate. */
export interface SiteMinute {
  readonly siteId: string;
  /** Start of the minute. */
  readonly minuteMs: number;
  readonly hashrateThs: number;
  readonly miningPowerW: number;
  readonly aiPowerW: number;
  readonly maxTempC: number | null;
  readonly devicesUp: number;
  readonly devicesDown: number;
  readonly readings: number;
}

export interface TelemetryRepository {
  /**
   * Stores a batch atomically: the latest state per device is upserted (a newer reading wins),
   * per-minute site aggregates are recomputed for the minutes touched. Returns false (and changes
   * nothing) when the batch id was already stored.
   */
  ingest(batch: TelemetryBatch): Promise<boolean>;
  latest(siteId: string): Promise<DeviceReading[]>;
  minutes(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]>;
  /** Hourly downsampled history (mean of the minutes) for ranges longer than the minute retention. */
  hours(siteId: string, fromMs: number, toMs: number): Promise<SiteMinute[]>;
  /** Downsamples minutes older than `minuteRetentionMs` into hours, then deletes them; deletes hours older than `hourRetentionMs`. */
  compact(
    nowMs: number,
    minuteRetentionMs: number,
    hourRetentionMs: number,
  ): Promise<{ minutesCompacted: number; hoursDeleted: number }>;
}

// ---------------------------------------------------------------- allocation

export interface SiteDecisionRecord {
  readonly siteId: string;
  /** The allocator's first-interval decision and the plan summary, as JSON. */
  readonly decision: Readonly<Record<string, unknown>>;
  readonly explanation: readonly string[];
  /** Expected earnings over the horizon, USD cents (integer). */
  readonly expectedCents: number;
  readonly error?: string;
}

export interface AllocationRun {
  readonly id: string;
  /** Start of the interval this run decides, epoch ms. Unique: a step runs once. */
  readonly intervalStartMs: number;
  readonly startedAtMs: number;
  readonly finishedAtMs?: number;
  readonly status: 'running' | 'completed' | 'failed';
  /** Who ran it (server instance id). */
  readonly runner: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly sites: readonly SiteDecisionRecord[];
  readonly solveMs?: number;
}

export interface AllocationRepository {
  /**
   * Claims the run of an interval: inserts a `running` run and returns it, or undefined when a
   * run for this interval already exists (another replica or an earlier attempt completed it).
   * A `running` run older than `staleAfterMs` is taken over (its holder died), and so is one
   * started after `run.startedAtMs` (a replay clock restarted behind it). With
   * `takeOverOtherRunners` (the caller holds the allocator's leader lease, so no other runner is
   * alive) a `running` run of another runner is taken over at once: the interval is re-run.
   */
  claim(
    run: Omit<AllocationRun, 'sites' | 'status' | 'finishedAtMs'>,
    staleAfterMs: number,
    takeOverOtherRunners?: boolean,
  ): Promise<AllocationRun | undefined>;
  complete(
    id: string,
    sites: readonly SiteDecisionRecord[],
    finishedAtMs: number,
    solveMs: number,
  ): Promise<void>;
  fail(id: string, error: string, finishedAtMs: number): Promise<void>;
  get(id: string): Promise<AllocationRun | undefined>;
  latest(limit: number): Promise<AllocationRun[]>;
  /** Completed runs whose interval starts in [fromMs, toMs), oldest first (the plan of a period). */
  completedBetween(fromMs: number, toMs: number): Promise<AllocationRun[]>;
}

export interface SetpointRecord {
  readonly siteId: string;
  /** Strictly increasing per site. */
  readonly seq: number;
  readonly runId?: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly miningMw: number;
  readonly aiMw: number;
  /** Positive charges the battery, negative discharges. */
  readonly batteryMw: number;
  /** True when an operator curtailment or a demand-response event forces mining off. */
  readonly curtailed: boolean;
  readonly reason: string;
  readonly ackedAtMs?: number;
  readonly ackOk?: boolean;
  readonly ackMessage?: string;
  /** Mining MW the site reported reaching. */
  readonly reachedMiningMw?: number;
}

export interface SetpointRepository {
  /** Stores a setpoint with the next sequence number of its site and returns it. */
  issue(
    setpoint: Omit<SetpointRecord, 'seq' | 'ackedAtMs' | 'ackOk' | 'ackMessage' | 'reachedMiningMw'>,
  ): Promise<SetpointRecord>;
  /** Records an ack; false when no such setpoint or it was already acked. */
  ack(
    siteId: string,
    seq: number,
    ack: { atMs: number; ok: boolean; message: string; reachedMiningMw: number },
  ): Promise<boolean>;
  latest(siteId: string): Promise<SetpointRecord | undefined>;
  /** Setpoints issued in [fromMs, toMs), oldest first, optionally for one site. */
  list(filter: { siteId?: string; fromMs: number; toMs: number }): Promise<SetpointRecord[]>;
  /** Issued before `beforeMs` and still not acked. */
  unacked(beforeMs: number): Promise<SetpointRecord[]>;
}

// ---------------------------------------------------------------- alerts, grid events, curtailment

export interface Alert {
  readonly id: string;
  readonly atMs: number;
  readonly siteId?: string;
  readonly severity: 'info' | 'warning' | 'critical';
  /** Stable kind, e.g. `setpoint.not-acked`, `setpoint.not-reached`, `site.offline`. */
  readonly kind: string;
  readonly message: string;
  readonly resolvedAtMs?: number;
}

/** What a GPU lease runs, keyed like its booking (tenant, idempotency key); the first stored is kept. */
export interface LeaseWorkloadRepository {
  /** Stores the workload unless one is stored under the key; returns the stored one. */
  put(
    tenantId: string,
    idempotencyKey: string,
    workload: LeaseWorkload,
    atMs: number,
  ): Promise<LeaseWorkload>;
  get(tenantId: string, idempotencyKey: string): Promise<LeaseWorkload | undefined>;
  /** Registers a tenant's SSH public key; a key already registered (same id) is returned as stored. */
  addSshKey(key: TenantSshKey): Promise<TenantSshKey>;
  /** A tenant's SSH keys, oldest first. */
  sshKeys(tenantId: string): Promise<TenantSshKey[]>;
  /** Removes one; false when the tenant has no such key. */
  removeSshKey(tenantId: string, id: string): Promise<boolean>;
}

export interface AlertRepository {
  /** Raises an alert unless an unresolved one of the same kind and site exists; returns it either way. */
  raise(alert: Omit<Alert, 'id' | 'resolvedAtMs'>): Promise<Alert>;
  resolve(kind: string, siteId: string | undefined, atMs: number): Promise<number>;
  list(filter: { open?: boolean; siteId?: string; limit?: number }): Promise<Alert[]>;
}

export interface GridEvent {
  readonly id: string;
  /** Sites affected (a region is expanded to its sites when the event is entered). */
  readonly siteIds: readonly string[];
  readonly region?: string;
  readonly startMs: number;
  readonly endMs: number;
  /** MW to shed per site, or undefined for a full curtailment. */
  readonly shedMw?: number;
  readonly receivedAtMs: number;
  /** When every affected site had acked a setpoint honouring the event. */
  readonly allAckedAtMs?: number;
  readonly createdBy: string;
}

export interface GridEventRepository {
  create(event: GridEvent): Promise<void>;
  get(id: string): Promise<GridEvent | undefined>;
  /** Events overlapping [fromMs, toMs). */
  overlapping(fromMs: number, toMs: number): Promise<GridEvent[]>;
  markAllAcked(id: string, atMs: number): Promise<void>;
  list(limit: number): Promise<GridEvent[]>;
}

export interface Curtailment {
  readonly id: string;
  readonly siteIds: readonly string[];
  readonly region?: string;
  readonly startedAtMs: number;
  readonly releasedAtMs?: number;
  readonly reason: string;
  readonly createdBy: string;
}

export interface CurtailmentRepository {
  start(curtailment: Curtailment): Promise<void>;
  release(id: string, atMs: number): Promise<boolean>;
  /** Curtailments not yet released. */
  active(): Promise<Curtailment[]>;
}

// ---------------------------------------------------------------- leadership

export interface LeaderLease {
  /**
   * Takes or renews the named lease for `holder` until `nowMs + ttlMs`. Returns true when `holder`
   * holds it afterwards: free, expired (its holder died) or already held by `holder`.
   */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}
