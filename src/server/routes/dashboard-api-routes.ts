import type { FastifyInstance } from 'fastify';
import { buildHashpriceCalendar, type HashpriceCalendar } from '../../core/economics/hashprice-calendar.ts';
import type { ServerDeps } from '../server-deps.ts';
import type { FleetService } from '../services/fleet-service.ts';
import { FleetStatusService } from '../services/fleet-status-service.ts';
import { RunDigests } from '../services/run-digests.ts';
import { SiteInsightService } from '../services/site-insight-service.ts';
import { StrategyComparisonService } from '../services/strategy-comparison-service.ts';
import type { TwinScale } from '../services/twin-scale.ts';
import { allocationInsightRoutes } from './allocation-insight-routes.ts';
import { fleetStatusRoutes } from './fleet-status-routes.ts';
import { meRoutes } from './me-routes.ts';
import { siteInsightRoutes } from './site-insight-routes.ts';

/**
 * The reads the web dashboard needs beyond the resource routes (who am I, the fleet at a glance, a
 * site's prices and plan, the allocator's recent runs and a strategy comparison), with the read
 * models behind them. Registered under /api/v1.
 */
export async function dashboardApiRoutes(
  api: FastifyInstance,
  opts: { deps: ServerDeps; fleet: FleetService; twin: TwinScale },
): Promise<void> {
  const { deps, fleet, twin } = opts;
  const nowMs = () => deps.clock.nowMs();
  let calendar: HashpriceCalendar | undefined;
  const calendarOf = () =>
    (calendar ??= buildHashpriceCalendar(deps.market.btcDays(), deps.market.difficultyEpochs()));
  const runs = new RunDigests(deps.storage);
  const common = { storage: deps.storage, market: deps.market, nowMs, runs, calendar: calendarOf };
  await api.register(meRoutes, { nowMs });
  const status = new FleetStatusService({
    ...common,
    intervalMinutes: deps.config.intervalMinutes,
    twin,
  });
  api.addHook('onClose', async () => status.close());
  await api.register(fleetStatusRoutes, { status });
  await api.register(siteInsightRoutes, {
    insight: new SiteInsightService({ ...common, solver: deps.solver, fleet }),
  });
  await api.register(allocationInsightRoutes, {
    runs,
    strategies: new StrategyComparisonService({ market: deps.market, solver: deps.solver, fleet, nowMs }),
  });
}
