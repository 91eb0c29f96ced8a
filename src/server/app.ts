import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { NodeApiComputeBackend } from '../adapters/compute/node-api-compute-backend.ts';
import type { SetpointRecord } from '../core/ports/storage.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerDashboard } from './plugins/dashboard.ts';
import { clientErrorHandler, MAX_HEADER_BYTES, registerEdgeGuard } from './plugins/edge-guard.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { ServerMetrics } from './plugins/metrics.ts';
import { actualsRoutes } from './routes/actuals-routes.ts';
import { allocationRoutes } from './routes/allocation-routes.ts';
import { apiKeyRoutes } from './routes/api-key-routes.ts';
import { dashboardApiRoutes } from './routes/dashboard-api-routes.ts';
import { fleetRoutes } from './routes/fleet-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { ledgerRoutes } from './routes/ledger-routes.ts';
import { manualPriceRoutes } from './routes/manual-price-routes.ts';
import { marketFeedRoutes } from './routes/market-feed-routes.ts';
import { marketplaceAccountRoutes } from './routes/marketplace-account-routes.ts';
import { marketplaceRoutes } from './routes/marketplace-routes.ts';
import { operationsRoutes } from './routes/operations-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { telemetryRoutes } from './routes/telemetry-routes.ts';
import { treasuryRoutes } from './routes/treasury-routes.ts';
import { LeaderElection, Scheduler } from './scheduler.ts';
import type { ServerDeps } from './server-deps.ts';
import { AckService } from './services/ack-service.ts';
import { ActualsService } from './services/actuals-service.ts';
import { AllocationLoop } from './services/allocation-loop.ts';
import { AllocationService } from './services/allocation-service.ts';
import { AuthService } from './services/auth-service.ts';
import { contractPrices } from './services/contract-prices.ts';
import { EarningsWatch } from './services/earnings-watch.ts';
import { fleetCatalogOf } from './services/fleet-import.ts';
import { FleetService } from './services/fleet-service.ts';
import { ManualPriceService } from './services/manual-price-service.ts';
import { FeedPoller } from './services/market-feeds/feed-poller.ts';
import {
  createMarketplaceServices,
  type MarketplaceServices,
} from './services/marketplace/marketplace-services.ts';
import { OperationsService } from './services/operations-service.ts';
import { ReportService } from './services/report-service.ts';
import { reportSimulator } from './services/report-simulation-pool.ts';
import { TelemetryService } from './services/telemetry-service.ts';
import { TreasuryService } from './services/treasury-service.ts';
import { TwinScale } from './services/twin-scale.ts';

/** The services an app runs on, for main.ts (broker wiring, loop start) and tests. */
export interface AppServices {
  readonly auth: AuthService;
  readonly fleet: FleetService;
  readonly telemetry: TelemetryService;
  readonly operations: OperationsService;
  readonly acks: AckService;
  readonly loop: AllocationLoop;
  /** Every periodic job of the server (started by startServer, not by tests building an app). */
  readonly scheduler: Scheduler;
  readonly metrics: ServerMetrics;
  readonly marketplace: MarketplaceServices;
  readonly reports: ReportService;
  readonly treasury: TreasuryService;
  /** Market feed polling and health; undefined when the server has no feeds. */
  readonly feeds?: FeedPoller;
  /** The books from actuals (measured hashrate, metered energy, pool credits). */
  readonly actuals: ActualsService;
  /** The expected-vs-actual earnings tick (alerts naming the likely cause, gap alerts). */
  readonly earnings: EarningsWatch;
  /** The digital twin's scale, when the agents drive one (identity for a real fleet). */
  readonly twin: TwinScale;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

/**
 * Builds the control-plane HTTP app without listening (only main.ts listens). Order: error
 * handling and auth, then the OpenAPI document, then route groups under /api/v1.
 */
export async function buildApp(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof deps.logger === 'object' ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false }),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
    // `{"__proto__": ...}` is valid JSON: drop the key rather than refuse the body.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  const nowMs = () => deps.clock.nowMs();
  const metrics = new ServerMetrics();
  const auth = new AuthService(deps.storage, nowMs);
  const fleet = new FleetService(deps.storage, nowMs, fleetCatalogOf(deps.market));
  await fleet.restore();
  // A scaled twin: setpoints scaled down on the way to its agents, its site figures scaled up on the way in.
  const twin = new TwinScale(deps.config.twinScale);
  const telemetry = new TelemetryService(deps.storage, metrics, twin);
  const marketplace = createMarketplaceServices(
    deps,
    deps.compute ?? new NodeApiComputeBackend({ nodes: [], now: nowMs }),
    fleet,
    auth,
    app.log,
  );
  const feeds =
    deps.feeds && deps.feeds.length > 0
      ? new FeedPoller(deps.storage, deps.clock, deps.feeds, metrics, app.log, {
          sites: async () => (await fleet.fleet())?.sites ?? [],
        })
      : undefined;
  const publisher = twin.scaled
    ? { publishSetpoint: (setpoint: SetpointRecord) => deps.publisher.publishSetpoint(twin.toTwin(setpoint)) }
    : deps.publisher;
  const scheduler = new Scheduler({
    clock: deps.clock,
    leader: new LeaderElection(deps.storage.leader, deps.config.instanceId, deps.clock),
    log: app.log,
  });
  const loop = new AllocationLoop({
    storage: deps.storage,
    clock: deps.clock,
    solver: deps.solver,
    publisher,
    config: deps.config,
    market: deps.market,
    marketSnapshot: deps.marketSnapshot,
    fleet: () => fleet.fleet(),
    metrics,
    log: app.log,
    leader: scheduler.leader,
    hooks: marketplace.planHooks,
    staleFeeds: feeds ? (nowMs) => feeds.stale(nowMs) : undefined,
  });
  const operations = new OperationsService(deps.storage, nowMs, (siteIds) => loop.replan(siteIds), {
    publishCurtailed: (siteIds, reason) => loop.publishCurtailed(siteIds, reason),
    onError: (error, siteIds) => app.log.error({ err: error, siteIds }, 'carrying out a curtailment failed'),
  });
  const acks = new AckService(deps.storage, metrics, operations, nowMs, twin);
  const reports = new ReportService(
    deps.storage,
    fleet,
    deps.market,
    reportSimulator({ ...deps, log: app.log }),
    nowMs,
  );
  const actuals = new ActualsService(deps.storage, deps.market, {
    prices: contractPrices(deps.market, () => fleet.fleet()),
    intervalMinutes: deps.config.intervalMinutes,
  });
  const earnings = new EarningsWatch(deps.storage, actuals);
  // Before the server waits for open requests: a report being simulated must not hold up a shutdown.
  app.addHook('preClose', () => reports.close());
  // A curtailment answered is carried out before the server closes.
  app.addHook('preClose', () => operations.settled());
  const treasury = new TreasuryService(deps.storage, nowMs);
  app.decorate('services', {
    auth,
    fleet,
    telemetry,
    operations,
    acks,
    loop,
    scheduler,
    metrics,
    marketplace,
    reports,
    treasury,
    feeds,
    actuals,
    earnings,
    twin,
  });

  registerErrorHandler(app);
  registerEdgeGuard(app);
  registerAuth(app, auth);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Switchyard control plane',
        version: '1',
        description:
          'Fleet, telemetry, allocation and operations API. Every route lists the roles that may call it.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'sy_<id>_<secret>' } },
      },
      security: [{ apiKey: [] }],
    },
    transform: ({ schema, url, route }) => {
      const roles = (route.config as { roles?: unknown } | undefined)?.roles;
      const described = { ...(schema ?? {}) } as Record<string, unknown>;
      if (roles && roles !== 'public') {
        described.description =
          `${(described.description as string | undefined) ?? ''} Roles: ${(roles as string[]).join(', ')}.`.trim();
      }
      return { schema: described as never, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/v1/openapi.json', { config: { roles: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes, { deps, metrics });
  await app.register(
    async (api) => {
      await api.register(fleetRoutes, { fleet });
      await api.register(telemetryRoutes, { telemetry });
      await api.register(allocationRoutes, {
        allocation: new AllocationService({
          storage: deps.storage,
          loop,
          nowMs,
          intervalMs: deps.config.intervalMinutes * 60_000,
        }),
        acks,
      });
      await api.register(operationsRoutes, { operations });
      await api.register(apiKeyRoutes, { auth });
      await api.register(marketplaceRoutes, { marketplace });
      await api.register(marketplaceAccountRoutes, { marketplace });
      await api.register(dashboardApiRoutes, { deps, fleet, twin });
      await api.register(reportRoutes, { reports });
      await api.register(actualsRoutes, { actuals, reports, storage: deps.storage, nowMs });
      await api.register(ledgerRoutes, { ledger: deps.storage.ledger });
      await api.register(treasuryRoutes, { treasury });
      await api.register(marketFeedRoutes, { feeds, clock: deps.clock });
      await api.register(manualPriceRoutes, {
        manualPrices: new ManualPriceService(deps.storage, nowMs, deps.market),
      });
    },
    { prefix: '/api/v1' },
  );
  await registerDashboard(app);
  return app;
}
