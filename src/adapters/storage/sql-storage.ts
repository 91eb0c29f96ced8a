import type { PoolCreditRepository, SiteEnergyRepository } from '../../core/ports/actuals-repository.ts';
import type { LedgerRepository } from '../../core/ports/ledger-repository.ts';
import type { ManualPriceRepository } from '../../core/ports/manual-price-repository.ts';
import type { MarketHistoryRepository } from '../../core/ports/market-history.ts';
import type { MarketplaceRepository } from '../../core/ports/marketplace-repository.ts';
import type {
  AlertRepository,
  AllocationRepository,
  ApiKeyRepository,
  AuditRepository,
  CurtailmentRepository,
  GridEventRepository,
  LeaderLease,
  LeaseWorkloadRepository,
  SetpointRepository,
  SiteRepository,
  Storage,
  TelemetryRepository,
} from '../../core/ports/storage.ts';
import { SqlAlertRepository } from './sql-alert-repository.ts';
import { SqlAllocationRepository } from './sql-allocation-repository.ts';
import { SqlApiKeyRepository } from './sql-api-key-repository.ts';
import { SqlAuditRepository } from './sql-audit-repository.ts';
import { SqlCurtailmentRepository } from './sql-curtailment-repository.ts';
import type { SqlDatabase } from './sql-database.ts';
import { SqlGridEventRepository } from './sql-grid-event-repository.ts';
import { SqlLeaderLease } from './sql-leader-lease.ts';
import { SqlLeaseWorkloadRepository } from './sql-lease-workload-repository.ts';
import { SqlLedgerRepository } from './sql-ledger-repository.ts';
import { SqlManualPriceRepository } from './sql-manual-price-repository.ts';
import { SqlMarketHistoryRepository } from './sql-market-history-repository.ts';
import { SqlMarketplaceRepository } from './sql-marketplace-repository.ts';
import { SqlPoolCreditRepository } from './sql-pool-credit-repository.ts';
import { SqlSetpointRepository } from './sql-setpoint-repository.ts';
import { SqlSiteEnergyRepository } from './sql-site-energy-repository.ts';
import { SqlSiteRepository } from './sql-site-repository.ts';
import { SqlTelemetryRepository } from './sql-telemetry-repository.ts';

export interface SqlStorageOptions {
  /** Clock for the times the storage stamps itself (a site's `updatedAtMs`); defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * The Storage port over PostgreSQL or PGlite (same SQL). Expects a migrated schema: use
 * `openStorage`, or `migrate(db)` first. Inside `transaction`, use only the storage handed to
 * `work`: its repositories run on the transaction's connection. Touching the outer storage from
 * inside waits for the transaction to end (PGlite: forever; PostgreSQL: possibly on a row lock).
 */
export class SqlStorage implements Storage {
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
  readonly ledger: LedgerRepository;
  readonly marketplace: MarketplaceRepository;
  readonly leaseWorkloads: LeaseWorkloadRepository;
  readonly marketHistory: MarketHistoryRepository;
  readonly manualPrices: ManualPriceRepository;
  readonly poolCredits: PoolCreditRepository;
  readonly energy: SiteEnergyRepository;
  readonly #db: SqlDatabase;
  readonly #options: SqlStorageOptions;

  constructor(db: SqlDatabase, options: SqlStorageOptions = {}) {
    this.#db = db;
    this.#options = options;
    this.sites = new SqlSiteRepository(db, options.now ?? Date.now);
    this.audit = new SqlAuditRepository(db);
    this.apiKeys = new SqlApiKeyRepository(db);
    this.telemetry = new SqlTelemetryRepository(db);
    this.allocations = new SqlAllocationRepository(db);
    this.setpoints = new SqlSetpointRepository(db);
    this.alerts = new SqlAlertRepository(db);
    this.gridEvents = new SqlGridEventRepository(db);
    this.curtailments = new SqlCurtailmentRepository(db);
    this.leader = new SqlLeaderLease(db);
    this.ledger = new SqlLedgerRepository(db);
    this.marketplace = new SqlMarketplaceRepository(db);
    this.leaseWorkloads = new SqlLeaseWorkloadRepository(db);
    this.marketHistory = new SqlMarketHistoryRepository(db);
    this.manualPrices = new SqlManualPriceRepository(db);
    this.poolCredits = new SqlPoolCreditRepository(db);
    this.energy = new SqlSiteEnergyRepository(db);
  }

  /** Nested calls (on the storage handed to `work`) become savepoints. */
  transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) => work(new SqlStorage(tx, this.#options)));
  }

  /** Closes the database; a no-op on the storage handed to a transaction callback. */
  close(): Promise<void> {
    return this.#db.close();
  }
}
