import type { FastifyBaseLogger } from 'fastify';
import { sitesUsingSeries } from '../../../core/feeds/affected-sites.ts';
import { backoffDelayMs } from '../../../core/feeds/backoff.ts';
import {
  type FeedHealth,
  type FeedValue,
  feedAgeMs,
  initialHealth,
  isStale,
  nextHealth,
} from '../../../core/feeds/feed-health.ts';
import type { Site } from '../../../core/fleet/index.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import type { FeedReading } from '../../../core/ports/market-feed.ts';
import type { Storage } from '../../../core/ports/storage.ts';
import type { StaleFeed } from '../../../core/ticks/stale-feed-lines.ts';
import type { ServerMetrics } from '../../plugins/metrics.ts';
import type { ScheduledJob } from '../../scheduler.ts';
import { backfillRange, historyCovers } from './backfill-range.ts';
import type { FeedSchedule } from './feed-schedule.ts';
import { newPoints } from './new-points.ts';

export interface FeedPollerOptions {
  /** Uniform [0, 1) for the retry jitter (Math.random in production, seeded in tests). */
  readonly random?: () => number;
  /** Waits between retries (setTimeout in production; instant in tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The fleet's sites, for the sites a stale feed affects. */
  readonly sites: () => Promise<readonly Site[]>;
}

/** Alert kind of a stale feed: one open alert per feed and affected site. */
export function staleAlertKind(feedId: string): string {
  return `feed.stale:${feedId}`;
}

/**
 * Polls the market feeds as ticks of the server's clock: each due feed is asked (with a timeout,
 * and retries with backoff and jitter), new or corrected points are stored as the feed's batches
 * (one write phase), its health record updated; then every feed past its maximum age raises an
 * alert naming it and the sites it affects, cleared when the feed answers again.
 */
export class FeedPoller {
  readonly #health = new Map<string, FeedHealth>();
  readonly #nextDue = new Map<string, number>();
  readonly #keys = new Map<string, Set<string>>();
  /** Feeds whose history is filled in (or already was): the backfill runs until it succeeds once. */
  readonly #backfilled = new Set<string>();
  /** After a failed backfill, when to try again (not every poll of an outage). */
  readonly #backfillRetryAt = new Map<string, number>();
  #startedAtMs: number | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly schedules: readonly FeedSchedule[],
    private readonly metrics: ServerMetrics,
    private readonly log: FastifyBaseLogger,
    private readonly options: FeedPollerOptions,
  ) {
    for (const s of schedules) {
      this.#health.set(s.feed.id, initialHealth(s.feed.id, s.feed.description, s.maxAgeMs));
      this.#keys.set(s.feed.id, new Set(s.seriesKeys ?? []));
    }
  }

  /** Every feed's health, in schedule order. */
  health(): FeedHealth[] {
    return this.schedules.map((s) => this.#health.get(s.feed.id)!);
  }

  /** Feeds past their maximum age now, with the sites each affects. */
  async stale(nowMs = this.clock.nowMs()): Promise<StaleFeed[]> {
    const sites = await this.options.sites();
    return this.health()
      .filter((h) => isStale(h, nowMs, this.#startedAtMs ?? nowMs))
      .map((health) => ({
        health,
        siteIds: this.#affected(health.feedId, sites),
        seriesKeys: [...this.#keys.get(health.feedId)!],
      }));
  }

  /** The scheduler's job: checks every `checkEveryMs` which feeds are due. */
  job(checkEveryMs = 1000): ScheduledJob {
    return { name: 'feed-polling', everyMs: checkEveryMs, tick: (nowMs) => this.tick(nowMs) };
  }

  /** One tick: poll the feeds that are due, then raise or clear staleness alerts. */
  async tick(nowMs = this.clock.nowMs()): Promise<void> {
    this.#startedAtMs ??= nowMs;
    const due = this.schedules.filter(
      (s) => nowMs >= (this.#nextDue.get(s.feed.id) ?? Number.NEGATIVE_INFINITY),
    );
    await Promise.all(
      due.map(async (schedule) => {
        this.#nextDue.set(schedule.feed.id, nowMs + schedule.everyMs);
        await this.#pollOne(schedule, nowMs);
      }),
    );
    await this.#alertStale(this.clock.nowMs());
  }

  /**
   * Fills in the forecasters' weeks of history from the provider's history endpoint the first
   * time a feed is polled, unless stored history already covers them; a failure is logged and
   * tried again at the first poll 15 minutes on.
   */
  async #backfill(schedule: FeedSchedule, nowMs: number): Promise<void> {
    const { feed } = schedule;
    if (!feed.backfill || this.#backfilled.has(feed.id)) return;
    if (nowMs < (this.#backfillRetryAt.get(feed.id) ?? Number.NEGATIVE_INFINITY)) return;
    const range = backfillRange(nowMs);
    if (await historyCovers(this.storage.marketHistory, [...this.#keys.get(feed.id)!], range)) {
      this.#backfilled.add(feed.id);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(60_000, schedule.timeoutMs * 6));
    try {
      const readings = await feed.backfill(range.fromMs, range.toMs, nowMs, abort.signal);
      const stored = await this.#store(feed.id, readings);
      this.#backfilled.add(feed.id);
      this.log.info(
        { feed: feed.id, points: stored, from: new Date(range.fromMs).toISOString() },
        'market feed history filled in',
      );
    } catch (error) {
      this.#backfillRetryAt.set(feed.id, nowMs + 15 * 60_000);
      this.log.warn({ feed: feed.id, error: (error as Error).message }, 'market feed backfill failed');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stores the new and corrected points of a feed's readings; returns how many. */
  async #store(feedId: string, readings: readonly FeedReading[]): Promise<number> {
    let stored = 0;
    for (const reading of readings) {
      this.#keys.get(feedId)!.add(reading.series.key);
      const fresh = await newPoints(this.storage.marketHistory, reading);
      stored += await this.storage.marketHistory.append({
        series: reading.series,
        source: `feed:${feedId}`,
        points: fresh,
      });
    }
    return stored;
  }

  async #pollOne(schedule: FeedSchedule, nowMs: number): Promise<void> {
    const { feed } = schedule;
    await this.#backfill(schedule, nowMs);
    const started = performance.now();
    let readings: FeedReading[] | undefined;
    let lastError = '';
    const attempts = 1 + (schedule.retries ?? 2);
    for (let attempt = 1; attempt <= attempts && readings === undefined; attempt++) {
      if (attempt > 1) {
        await (this.options.sleep ?? sleep)(
          backoffDelayMs(attempt - 1, 1000, 30_000, (this.options.random ?? Math.random)()),
        );
      }
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), schedule.timeoutMs);
      try {
        readings = await feed.poll(nowMs, abort.signal);
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        clearTimeout(timer);
      }
    }
    const previous = this.#health.get(feed.id)!;
    if (readings === undefined) {
      this.#health.set(feed.id, nextHealth(previous, { ok: false, atMs: nowMs, error: lastError }));
      this.metrics.feedPolls.inc({ feed: feed.id, result: 'failed' });
      this.log.warn({ feed: feed.id, error: lastError }, 'market feed poll failed');
    } else {
      const stored = await this.#store(feed.id, readings);
      let lastValue: FeedValue | undefined;
      for (const reading of readings) {
        const last = reading.points[reading.points.length - 1];
        if (last && lastValue === undefined) {
          lastValue = { key: reading.series.key, ...last };
        }
      }
      this.#health.set(feed.id, nextHealth(previous, { ok: true, atMs: nowMs, points: stored, lastValue }));
      this.metrics.feedPolls.inc({ feed: feed.id, result: 'ok' });
    }
    this.metrics.feedPollSeconds.observe({ feed: feed.id }, (performance.now() - started) / 1000);
    const health = this.#health.get(feed.id)!;
    this.metrics.feedConsecutiveFailures.set({ feed: feed.id }, health.consecutiveFailures);
  }

  async #alertStale(nowMs: number): Promise<void> {
    const sites = await this.options.sites();
    for (const health of this.health()) {
      const age = feedAgeMs(health, nowMs);
      this.metrics.feedAgeSeconds.set({ feed: health.feedId }, age === undefined ? -1 : age / 1000);
      const kind = staleAlertKind(health.feedId);
      if (isStale(health, nowMs, this.#startedAtMs ?? nowMs)) {
        const siteIds = this.#affected(health.feedId, sites);
        const since =
          age === undefined
            ? 'has not answered since polling began'
            : `last answered ${Math.round(age / 60_000)} min ago`;
        const message =
          `market feed ${health.feedId} (${health.description}) ${since} (maximum age ${Math.round(health.maxAgeMs / 60_000)} min)` +
          `${health.lastError ? `: ${health.lastError}` : ''}; affects ${siteIds.length > 0 ? `sites ${siteIds.join(', ')}` : 'no site'}; ` +
          'the allocator plans on the last known values';
        for (const siteId of siteIds.length > 0 ? siteIds : [undefined]) {
          await this.storage.alerts.raise({ atMs: nowMs, siteId, severity: 'warning', kind, message });
        }
      } else {
        for (const alert of await this.storage.alerts.list({ open: true, limit: 1000 })) {
          if (alert.kind === kind) await this.storage.alerts.resolve(kind, alert.siteId, nowMs);
        }
      }
    }
  }

  #affected(feedId: string, sites: readonly Site[]): string[] {
    const ids = new Set<string>();
    for (const key of this.#keys.get(feedId) ?? [])
      for (const id of sitesUsingSeries(key, sites)) ids.add(id);
    return [...ids].sort();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
