import type { SitePlan } from '../allocator/site-plan.ts';
import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import { type FleetPlanRequest, planFleetAt } from '../backtest/plan-fleet-at.ts';
import type { HashpriceCalendar } from '../economics/hashprice-calendar.ts';
import { fallbackSetpoint } from '../feeds/failure-policy.ts';
import type { Fleet, Site } from '../fleet/index.ts';
import { liveForecaster } from '../forecast/forecasters.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import type { ManualPrice } from '../ports/manual-price-repository.ts';
import type { MarketData } from '../ports/market-data.ts';
import type { Alert, SetpointRecord, SiteDecisionRecord } from '../ports/storage.ts';
import { applyGridEvents, type GridEventWindow } from './grid-events.ts';
import { manualPriceLines, withManualPriceInput, withManualPrices } from './manual-prices.ts';
import { siteFallbackInput } from './site-fallback.ts';
import { type StaleFeed, staleFeedLines } from './stale-feed-lines.ts';

/** Power figures of a setpoint (the last one a site was given). */
export interface SitePower {
  readonly miningMw: number;
  readonly aiMw: number;
  readonly batteryMw: number;
}

/** Everything one allocation tick decides on, read before deciding. */
export interface FleetTickSnapshot {
  /** The server's clock when the snapshot was taken. */
  readonly nowMs: number;
  /** The allocation interval, ms (the configured `intervalMinutes`). */
  readonly intervalMs: number;
  readonly fleet: Fleet;
  /** Only these sites (an operator's re-plan); all when absent. */
  readonly siteIds?: readonly string[];
  /** The market as known now, and its hashprice calendar. */
  readonly market: MarketData;
  readonly calendar: HashpriceCalendar;
  /** The forecaster's name (core/forecast's registry). */
  readonly forecaster: string;
  /** Operator curtailments in force: site id to reason. */
  readonly curtailments: ReadonlyMap<string, string>;
  /** Grid events overlapping the next day. */
  readonly gridEvents: readonly GridEventWindow[];
  /** The energy desk's manual prices neither expired nor withdrawn (none when absent). */
  readonly manualPrices?: readonly ManualPrice[];
  /** Feeds past their maximum age. */
  readonly staleFeeds: readonly StaleFeed[];
  /** Each site's last setpoint (the failure policy holds it). */
  readonly lastSetpoints: ReadonlyMap<string, SitePower>;
  /** Sites whose plans have been failing, since when. */
  readonly failingSince: ReadonlyMap<string, number>;
  /** The marketplace's leases as GPU load. */
  readonly gpuLoad?: FleetPlanRequest['gpuLoad'];
  /** The run this tick belongs to (none for a re-plan). */
  readonly runId?: string;
  readonly setpointTtlMs: number;
}

/** One site's outcome: the run's record, its setpoint, the alert change and the plan for the hooks. */
export interface SiteTickDecision {
  readonly siteId: string;
  readonly record: SiteDecisionRecord;
  readonly setpoint: Omit<SetpointRecord, 'seq'>;
  /** Raise this alert, or resolve the site's `plan.failed` alert. */
  readonly alert:
    | { readonly raise: Omit<Alert, 'id' | 'resolvedAtMs'> }
    | { readonly resolve: 'plan.failed' };
  /** The site's input and plan (absent when planning failed). */
  readonly planned?: { readonly input: SitePlanInput; readonly plan: SitePlan };
  /** Set when the plan failed: since when the site's plans fail, and the fallback applied. */
  readonly failure?: { readonly message: string; readonly sinceMs: number; readonly fallback: string };
}

/**
 * The allocation tick's decision (pure): every site planned on the snapshot, one site at a time
 * so that a site that cannot be planned follows its failure policy (hold the last setpoint, then
 * breakeven on the last known price) while the others are planned as usual. Operator curtailments
 * and full grid events force mining off; the explanation names what was in force.
 */
export function planFleetTick(snapshot: FleetTickSnapshot, solver: LpSolver): SiteTickDecision[] {
  const { nowMs, intervalMs, fleet, calendar } = snapshot;
  const manual = snapshot.manualPrices ?? [];
  // The desk's prices replace the feed's values in the series (history, fallback) and in each plan's horizon.
  const market = withManualPrices(snapshot.market, manual, nowMs);
  const atMs = Math.floor(nowMs / intervalMs) * intervalMs;
  const base = {
    runId: snapshot.runId,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + snapshot.setpointTtlMs,
  };
  return fleet.sites
    .filter((s) => !snapshot.siteIds || snapshot.siteIds.includes(s.id))
    .map((site): SiteTickDecision => {
      const manualLines = manualPriceLines(site, manual, nowMs);
      const curtailReason = snapshot.curtailments.get(site.id);
      // An event starting within the interval being decided is in force for it.
      const eventNow = snapshot.gridEvents.find(
        (e) => e.siteIds.includes(site.id) && e.startMs < atMs + intervalMs && e.endMs > atMs,
      );
      const forcedOff =
        curtailReason !== undefined || (eventNow !== undefined && eventNow.shedMw === undefined);
      const staleLines = staleFeedLines(snapshot.staleFeeds, site, nowMs);
      try {
        const { input, plan } = planOneSite({ ...snapshot, market }, site, atMs, solver);
        const first = plan.decisions[0]!;
        const explanation = [...manualLines, ...staleLines, ...plan.explanation];
        if (curtailReason !== undefined) explanation.unshift(`operator curtailment: ${curtailReason}`);
        else if (eventNow) explanation.unshift(`grid event ${eventNow.id} in force`);
        return {
          siteId: site.id,
          record: {
            siteId: site.id,
            decision: { ...first, plannedValueUsd: plan.plannedValueUsd },
            explanation,
            expectedCents: Math.round(plan.plannedValueUsd * 100),
          },
          setpoint: {
            ...base,
            siteId: site.id,
            miningMw: forcedOff ? 0 : round(first.miningMw),
            aiMw: round(first.gpuMw),
            batteryMw: round(first.chargeMw - first.dischargeMw),
            curtailed: forcedOff,
            reason: explanation.join('; '),
          },
          alert: { resolve: 'plan.failed' },
          planned: { input, plan },
        };
      } catch (error) {
        const message = (error as Error).message;
        const sinceMs = snapshot.failingSince.get(site.id) ?? nowMs;
        const fallback = fallbackSetpoint({
          ...siteFallbackInput(site, market, calendar, nowMs, fleet.currencies ?? {}),
          nowMs,
          failingSinceMs: sinceMs,
          last: snapshot.lastSetpoints.get(site.id),
        });
        const explanation = [`plan failed: ${message}`, fallback.reason, ...manualLines, ...staleLines];
        return {
          siteId: site.id,
          record: { siteId: site.id, decision: {}, explanation, expectedCents: 0, error: message },
          setpoint: {
            ...base,
            siteId: site.id,
            miningMw: forcedOff ? 0 : round(fallback.miningMw),
            aiMw: round(fallback.aiMw),
            batteryMw: round(fallback.batteryMw),
            curtailed: forcedOff,
            reason: explanation.join('; '),
          },
          alert: {
            raise: {
              atMs: nowMs,
              siteId: site.id,
              severity: 'critical',
              kind: 'plan.failed',
              message: `the plan of site ${site.id} failed: ${message}; ${fallback.reason}`,
            },
          },
          failure: { message, sinceMs, fallback: fallback.reason },
        };
      }
    });
}

function planOneSite(
  snapshot: FleetTickSnapshot,
  site: Site,
  atMs: number,
  solver: LpSolver,
): { input: SitePlanInput; plan: SitePlan } {
  let planned: { input: SitePlanInput; plan: SitePlan } | undefined;
  planFleetAt(
    {
      fleet: { ...snapshot.fleet, sites: [applyGridEvents(site, snapshot.gridEvents)] },
      atMs,
      forecaster: liveForecaster(snapshot.forecaster),
      gpuLoad: snapshot.gpuLoad,
      adjustInput: (s, input) => withManualPriceInput(s, input, snapshot.manualPrices ?? [], snapshot.nowMs),
      onPlanned: (input, plan) => {
        planned = { input, plan };
      },
    },
    { market: snapshot.market, solver, calendar: snapshot.calendar },
  );
  return planned!;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
