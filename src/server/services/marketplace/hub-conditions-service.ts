import type { SitePlan } from '../../../core/allocator/site-plan.ts';
import type { SitePlanInput } from '../../../core/allocator/site-plan-input.ts';
import { planFleetAt } from '../../../core/backtest/plan-fleet-at.ts';
import type { Fleet } from '../../../core/fleet/index.ts';
import { dayAhead } from '../../../core/forecast/forecasters.ts';
import { type HubConditions, hubConditionsFrom } from '../../../core/marketplace/index.ts';
import type { ServerDeps } from '../../server-deps.ts';
import type { FleetService } from '../fleet-service.ts';

const INTERVAL_MS = 900_000;

/**
 * What energy is worth at each hub now, for pricing: kept from the allocation loop's latest plan
 * of each site; planned on demand (same code, same forecasts) when a site has no plan for the
 * current interval yet.
 */
export class HubConditionsService {
  private readonly latest = new Map<string, HubConditions>();

  constructor(
    private readonly deps: Pick<ServerDeps, 'market' | 'solver' | 'clock'>,
    private readonly fleet: FleetService,
  ) {}

  /** The allocation loop calls this with each site's input and plan. */
  record(input: SitePlanInput, plan: SitePlan): void {
    const first = plan.decisions[0];
    if (first) this.latest.set(input.siteId, hubConditionsFrom(input, first));
  }

  /** The latest known conditions, without planning. */
  peek(siteId: string): HubConditions | undefined {
    return this.latest.get(siteId);
  }

  async get(siteId: string): Promise<HubConditions | undefined> {
    const atMs = Math.floor(this.deps.clock.nowMs() / INTERVAL_MS) * INTERVAL_MS;
    const known = this.latest.get(siteId);
    if (known && known.atMs >= atMs) return known;
    const fleet = await this.fleet.fleet();
    const site = fleet?.sites.find((s) => s.id === siteId);
    if (!fleet || !site) return known;
    try {
      planFleetAt(
        {
          fleet: { ...fleet, sites: [site] } as Fleet,
          atMs,
          forecaster: dayAhead,
          onPlanned: (input, plan) => this.record(input, plan),
        },
        this.deps,
      );
    } catch {
      // No market data for now (or no plan): keep the last known conditions.
    }
    return this.latest.get(siteId);
  }
}
