import type { HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import type { Site } from '../../core/fleet/index.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import type { Alert, SetpointRecord, SiteMinute, Storage } from '../../core/ports/storage.ts';
import type { SiteDecisionDigest } from '../contracts/allocation-contract.ts';
import type { FleetStatus, SiteState, SiteStatus } from '../contracts/fleet-status-contract.ts';
import { ProductionEstimate } from './production-estimate.ts';
import type { RunDigests } from './run-digests.ts';
import { type SiteCapacity, siteCapacity } from './site-capacity.ts';
import { TwinScale } from './twin-scale.ts';

/** The allocator plans 24 h ahead; expected earnings are over that horizon. */
const HORIZON_HOURS = 24;
/** A site whose last reading is older than this many intervals counts as offline. */
const STALE_INTERVALS = 2;

/**
 * The fleet at a glance for the dashboard: each site's state (offline, curtailed, alert, online), its
 * power split, hashrate and GPUs, and the fleet's headline figures. Computed from storage at most
 * once per `ttlMs` of wall time, however many dashboards poll it.
 */
export class FleetStatusService {
  private last: { atWallMs: number; value: FleetStatus } | undefined;
  private pending: Promise<FleetStatus> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private askedAtWallMs = 0;
  private readonly capacities = new Map<string, { site: Site; capacity: SiteCapacity }>();
  private readonly production: ProductionEstimate;

  constructor(
    private readonly deps: {
      storage: Storage;
      market: MarketData;
      nowMs: () => number;
      intervalMinutes: number;
      runs: RunDigests;
      calendar: () => HashpriceCalendar;
      /** The fleet is a scaled twin: its measured figures are shown at full scale. */
      twin?: TwinScale;
    },
    private readonly ttlMs = 3000,
    private readonly staleMs = 10_000,
  ) {
    this.production = new ProductionEstimate(deps.storage, deps.calendar);
  }

  /**
   * The status as last computed when it is at most `staleMs` old, else computed now. While someone
   * asks for it (within the last minute), it is recomputed every `ttlMs` in the background, so pages
   * never wait on the computation and several dashboards polling at once cost one computation.
   */
  async status(): Promise<FleetStatus> {
    this.askedAtWallMs = Date.now();
    this.keepFresh();
    if (this.last && Date.now() - this.last.atWallMs <= this.staleMs) return this.last.value;
    return this.refresh();
  }

  /** Stops the background refresh (the app is closing). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private refresh(): Promise<FleetStatus> {
    this.pending ??= this.compute()
      .then((value) => {
        this.last = { atWallMs: Date.now(), value };
        return value;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  private keepFresh(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (Date.now() - this.askedAtWallMs > 60_000) return this.close();
      void this.refresh().catch(() => undefined);
    }, this.ttlMs);
    this.timer.unref();
  }

  private capacityOf(site: Site): SiteCapacity {
    const known = this.capacities.get(site.id);
    if (known && known.site === site) return known.capacity;
    const capacity = siteCapacity(site, this.deps.market.minerModels());
    this.capacities.set(site.id, { site, capacity });
    return capacity;
  }

  private async compute(): Promise<FleetStatus> {
    const { storage, nowMs: clock, intervalMinutes } = this.deps;
    const twin = this.deps.twin ?? new TwinScale(undefined);
    const nowMs = clock();
    const intervalMs = intervalMinutes * 60_000;
    const [records, alerts, curtailments, [run], recent] = await Promise.all([
      storage.sites.list(),
      storage.alerts.list({ open: true, limit: 1000 }),
      storage.curtailments.active(),
      // The last completed run: a run in progress has no decisions yet (its figures would read 0).
      this.deps.runs.lastCompleted().then((completed) => (completed === undefined ? [] : [completed])),
      // Every site gets a setpoint each interval: one query finds them all (latest per site below).
      storage.setpoints.list({ fromMs: nowMs - 3 * intervalMs, toMs: nowMs + 1 }),
    ]);
    const latestSetpoint = new Map<string, SetpointRecord>();
    for (const s of recent) {
      const known = latestSetpoint.get(s.siteId);
      if (!known || s.seq > known.seq) latestSetpoint.set(s.siteId, s);
    }
    const curtailedIds = new Set(curtailments.flatMap((c) => c.siteIds));
    const decisions = new Map<string, SiteDecisionDigest>((run?.sites ?? []).map((d) => [d.siteId, d]));
    const capacities = new Map(records.map((r) => [r.site.id, this.capacityOf(r.site)]));
    const sites = await Promise.all(
      records.map(async ({ site }) => {
        const capacity = capacities.get(site.id)!;
        const [setpoint, minutes, gpus] = await Promise.all([
          latestSetpoint.get(site.id) ?? storage.setpoints.latest(site.id),
          storage.telemetry.minutes(site.id, nowMs - STALE_INTERVALS * intervalMs, nowMs + 60_000),
          site.gpuNodes.length > 0
            ? storage.telemetry.latest(site.id).then((r) => r.filter((d) => d.kind === 'gpu'))
            : Promise.resolve([]),
        ]);
        const siteAlerts = alerts.filter((a) => a.siteId === site.id);
        const decision = decisions.get(site.id);
        const last: SiteMinute | undefined = minutes[minutes.length - 1];
        const offline = siteAlerts.some((a) => a.kind === 'site.offline') || last === undefined;
        const curtailed = curtailedIds.has(site.id) || setpoint?.curtailed === true;
        const worst = worstSeverity(siteAlerts);
        const state: SiteState = offline
          ? 'offline'
          : curtailed
            ? 'curtailed'
            : worst === 'critical' || worst === 'warning'
              ? 'alert'
              : 'online';
        const miningMw = setpoint ? (setpoint.curtailed ? 0 : setpoint.miningMw) : 0;
        const thsPerMw =
          decision && decision.miningMw > 0 ? decision.hashrateThs / decision.miningMw : capacity.thsPerMw;
        const utilisations = gpus.map((g) => g.utilisation).filter((u): u is number => u !== null);
        const status: SiteStatus = {
          id: site.id,
          name: site.name,
          region: site.region,
          country: site.country,
          lat: site.coordinates.lat,
          lon: site.coordinates.lon,
          state,
          deployedThs: capacity.deployedThs,
          operatingThs: Math.min(miningMw * thsPerMw, capacity.deployedThs),
          measuredThs: twin.fullScale(last?.hashrateThs ?? 0, site.id),
          miningMw,
          aiMw: setpoint?.aiMw ?? 0,
          batteryMw: setpoint?.batteryMw ?? 0,
          exportMw: decision?.exportMw ?? 0,
          gpus: capacity.gpus,
          gpusBusy: gpus.filter((g) => g.state === 'busy').length,
          gpusReporting: gpus.length,
          gpuUtilisation: utilisations.length ? mean(utilisations) : null,
          lastReadingMs: last ? last.minuteMs : null,
          openAlerts: siteAlerts.length,
          worstAlert: worst,
          setpoint: setpoint
            ? {
                seq: setpoint.seq,
                issuedAtMs: setpoint.issuedAtMs,
                curtailed: setpoint.curtailed,
                ackedAtMs: setpoint.ackedAtMs,
                ackOk: setpoint.ackOk,
              }
            : null,
          expectedCents: decision?.expectedCents ?? 0,
        };
        return status;
      }),
    );
    const production = await this.production.figures(nowMs, capacities);
    const sum = (pick: (s: SiteStatus) => number) => sites.reduce((total, s) => total + pick(s), 0);
    const reporting = sites.filter((s) => s.gpuUtilisation !== null);
    return {
      nowMs,
      intervalMinutes,
      twin: twin.scaled ? { scale: twin.share, label: `twin at ${twin.label}` } : null,
      latestRun: run
        ? {
            id: run.id,
            intervalStartMs: run.intervalStartMs,
            finishedAtMs: run.finishedAtMs,
            status: run.status,
          }
        : null,
      sites,
      totals: {
        sites: sites.length,
        sitesOnline: sites.filter((s) => s.state !== 'offline').length,
        deployedThs: sum((s) => s.deployedThs),
        operatingThs: sum((s) => s.operatingThs),
        measuredThs: sum((s) => s.measuredThs),
        miningMw: sum((s) => s.miningMw),
        aiMw: sum((s) => s.aiMw),
        batteryChargeMw: sum((s) => Math.max(0, s.batteryMw)),
        batteryDischargeMw: sum((s) => Math.max(0, -s.batteryMw)),
        exportMw: sum((s) => s.exportMw),
        gpus: sum((s) => s.gpus),
        gpusBusy: sum((s) => s.gpusBusy),
        gpuUtilisation: reporting.length
          ? reporting.reduce((t, s) => t + s.gpuUtilisation! * s.gpusReporting, 0) /
            reporting.reduce((t, s) => t + s.gpusReporting, 0)
          : null,
        earningsCentsPerHour: Math.round(
          (run?.sites ?? []).reduce((t, d) => t + d.expectedCents, 0) / HORIZON_HOURS,
        ),
        ...production,
      },
    };
  }
}

function worstSeverity(alerts: readonly Alert[]): Alert['severity'] | null {
  if (alerts.some((a) => a.severity === 'critical')) return 'critical';
  if (alerts.some((a) => a.severity === 'warning')) return 'warning';
  return alerts.length > 0 ? 'info' : null;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
