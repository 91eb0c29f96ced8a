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
import { MemoryPoolCreditRepository, MemorySiteEnergyRepository } from './memory-actuals-repositories.ts';
import { MemoryAlertRepository } from './memory-alert-repository.ts';
import { MemoryAllocationRepository } from './memory-allocation-repository.ts';
import { MemoryApiKeyRepository } from './memory-api-key-repository.ts';
import { MemoryAuditRepository } from './memory-audit-repository.ts';
import { MemoryCurtailmentRepository } from './memory-curtailment-repository.ts';
import { MemoryGridEventRepository } from './memory-grid-event-repository.ts';
import { MemoryLeaderLease } from './memory-leader-lease.ts';
import { MemoryLeaseWorkloadRepository } from './memory-lease-workload-repository.ts';
import { MemoryLedgerRepository } from './memory-ledger-repository.ts';
import { MemoryManualPriceRepository } from './memory-manual-price-repository.ts';
import { MemoryMarketHistoryRepository } from './memory-market-history-repository.ts';
import { MemoryMarketplaceRepository } from './memory-marketplace-repository.ts';
import { MemorySetpointRepository } from './memory-setpoint-repository.ts';
import { MemorySiteRepository } from './memory-site-repository.ts';
import { MemoryState } from './memory-state.ts';
import { MemoryTelemetryRepository } from './memory-telemetry-repository.ts';

export interface MemoryStorageOptions {
  /** Clock for the times the storage stamps itself (a site's `updatedAtMs`); defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * The Storage port in memory, for unit tests of services: the same behaviour as SqlStorage (the
 * contract suite runs against both), nothing persisted. Transactions run one at a time and roll
 * back by restoring a snapshot; a write made outside the transaction while it runs is rolled back
 * with it, so don't mix the two in a test.
 */
export class MemoryStorage implements Storage {
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
  readonly #state: MemoryState;
  readonly #options: MemoryStorageOptions;
  readonly #nested: boolean;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: MemoryStorageOptions = {}, state: MemoryState = new MemoryState(), nested = false) {
    this.#state = state;
    this.#options = options;
    this.#nested = nested;
    this.sites = new MemorySiteRepository(state, options.now ?? Date.now);
    this.audit = new MemoryAuditRepository(state);
    this.apiKeys = new MemoryApiKeyRepository(state);
    this.telemetry = new MemoryTelemetryRepository(state);
    this.allocations = new MemoryAllocationRepository(state);
    this.setpoints = new MemorySetpointRepository(state);
    this.alerts = new MemoryAlertRepository(state);
    this.gridEvents = new MemoryGridEventRepository(state);
    this.curtailments = new MemoryCurtailmentRepository(state);
    this.leader = new MemoryLeaderLease(state);
    this.ledger = new MemoryLedgerRepository(state);
    this.marketplace = new MemoryMarketplaceRepository(state);
    this.leaseWorkloads = new MemoryLeaseWorkloadRepository(state);
    this.marketHistory = new MemoryMarketHistoryRepository(state);
    this.manualPrices = new MemoryManualPriceRepository(state);
    this.poolCredits = new MemoryPoolCreditRepository(state);
    this.energy = new MemorySiteEnergyRepository(state);
  }

  transaction<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const snapshot = this.#state.snapshot();
      try {
        return await work(new MemoryStorage(this.#options, this.#state, true));
      } catch (error) {
        this.#state.restore(snapshot);
        throw error;
      }
    };
    if (this.#nested) return run();
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {}
}
