import type { StoredPoolCredit } from '../pools/pool-credit.ts';
import type { SiteMeterReading } from './site-meter.ts';

/** What storing a pool credit did: a day seen first, seen again unchanged, or revised by the pool. */
export type PoolCreditOutcome = 'new' | 'same' | 'revised';

/**
 * Daily pool credits per site (from the pools' APIs and the payout CSV import). One credit per
 * (source, account, UTC day); a pool that revises a day replaces it (the revision is reported).
 */
export interface PoolCreditRepository {
  record(credit: StoredPoolCredit): Promise<PoolCreditOutcome>;
  /** Credits of days in [fromDate, toDate] (both included), by date then source and account. */
  list(filter: {
    readonly siteId?: string;
    readonly fromDate: string;
    readonly toDate: string;
  }): Promise<StoredPoolCredit[]>;
}

/** The site meter's last reading in one minute (the agent reads it every cycle). */
export interface MeterMinute {
  readonly siteId: string;
  readonly minuteMs: number;
  /** The reading itself (null fields stay null: the meter did not report them). */
  readonly reading: SiteMeterReading;
}

/** Where an interval's energy figure comes from, best first. */
export type EnergySource = 'utility-csv' | 'meter' | 'device-sum';

/** Energy a site drew over one interval (utility 15-min data, or derived from meter registers). */
export interface EnergyInterval {
  readonly siteId: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Whole Wh imported over the interval. */
  readonly energyWh: number;
  readonly source: EnergySource;
}

/** Metered energy: meter minutes from the agents, interval data from the utility's CSV exports. */
export interface SiteEnergyRepository {
  /** Stores a reading in its minute; a later reading of the same minute replaces an earlier one. */
  recordMeter(siteId: string, reading: SiteMeterReading): Promise<void>;
  /** Meter minutes in [fromMs, toMs), oldest first. */
  meterMinutes(siteId: string, fromMs: number, toMs: number): Promise<MeterMinute[]>;
  /** Stores intervals; one per (site, source, start): a re-import replaces. Returns how many were stored. */
  putIntervals(intervals: readonly EnergyInterval[]): Promise<number>;
  /** Intervals starting in [fromMs, toMs), oldest first, optionally of one source. */
  intervals(siteId: string, fromMs: number, toMs: number, source?: EnergySource): Promise<EnergyInterval[]>;
}
