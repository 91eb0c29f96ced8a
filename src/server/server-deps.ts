import type { Logger } from 'pino';
import type { Clock } from '../core/ports/clock.ts';
import type { ComputeBackend } from '../core/ports/compute-backend.ts';
import type { LpSolver } from '../core/ports/lp-solver.ts';
import type { MarketData } from '../core/ports/market-data.ts';
import type { SetpointRecord, Storage } from '../core/ports/storage.ts';
import type { FeedSchedule } from './services/market-feeds/feed-schedule.ts';

/** Publishes setpoints to site agents (the broker's site channel in production, a fake in tests). */
export interface SetpointPublisher {
  publishSetpoint(setpoint: SetpointRecord): Promise<void>;
}

export interface ServerConfig {
  /** Allocation interval, minutes (default 15). */
  readonly intervalMinutes: number;
  /** How long a setpoint stays valid after it is issued, minutes (default 3 intervals). */
  readonly setpointTtlMinutes: number;
  /** A setpoint not acked within this many seconds raises an alert. */
  readonly ackTimeoutSeconds: number;
  /** Identifies this replica in leases and runs. */
  readonly instanceId: string;
  /** Retention of per-minute telemetry, hours, and of hourly history, days. */
  readonly minuteRetentionHours: number;
  readonly hourRetentionDays: number;
  /** Price forecaster the allocation loop plans on (a name from core/forecast's registry). */
  readonly forecaster?: string;
  /**
   * The share of every site the agents drive when the fleet is a scaled digital twin (0.01 for
   * `switchyard start`'s 1/100 twin); absent for a real fleet. See services/twin-scale.ts.
   */
  readonly twinScale?: number;
}

export const defaultServerConfig: ServerConfig = {
  intervalMinutes: 15,
  setpointTtlMinutes: 45,
  ackTimeoutSeconds: 120,
  instanceId: 'server-1',
  minuteRetentionHours: 48,
  hourRetentionDays: 400,
};

/** Everything buildApp needs; main.ts wires real implementations, tests pass fakes. */
export interface ServerDeps {
  readonly storage: Storage;
  readonly market: MarketData;
  /**
   * The directory `market` was loaded from: monthly reports then simulate in a worker thread that
   * loads it itself; absent (tests with a MarketData instance), they run on the event loop.
   */
  readonly marketDataDir?: string;
  readonly solver: LpSolver;
  readonly clock: Clock;
  readonly publisher: SetpointPublisher;
  readonly config: ServerConfig;
  readonly logger?: Logger | boolean;
  /** Counts of rejected broker messages by reason, for /metrics. */
  readonly rejectedMessages?: () => Record<string, number>;
  /** The GPU nodes leases run on (none configured: every lease fails to place, and offers are empty). */
  readonly compute?: ComputeBackend;
  /** Whether the broker connection is up, for /readyz. */
  readonly brokerConnected?: () => boolean;
  /**
   * The market as known at an instant, for each allocation step's snapshot (stored history the
   * feeds write, as of now); absent: every step plans on `market` (replay of the files).
   */
  readonly marketSnapshot?: (nowMs: number) => Promise<MarketData>;
  /** Live market feeds polled as ticks (none: the server plans on `market` alone). */
  readonly feeds?: readonly FeedSchedule[];
}
