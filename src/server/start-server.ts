import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import {
  type BrokerClient,
  connectBroker,
  type EmbeddedBroker,
  SiteChannel,
  startEmbeddedBroker,
} from '../adapters/broker/index.ts';
import { ReplayClock, systemClock } from '../adapters/clock/replay-clock.ts';
import { loadFleetFile } from '../adapters/fleet-file/load-fleet-file.ts';
import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { HighsSolver } from '../adapters/solver/highs-solver.ts';
import { openStorage } from '../adapters/storage/index.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { ComputeBackend } from '../core/ports/compute-backend.ts';
import type { Storage } from '../core/ports/storage.ts';
import { dayOf, monthOf, previousMonth } from '../core/time/calendar.ts';
import { type AppServices, buildApp } from './app.ts';
import { brokerAuthenticator } from './broker-authenticator.ts';
import { logDestination } from './pretty-log.ts';
import type { ScheduledJob } from './scheduler.ts';
import { defaultServerConfig, type ServerConfig } from './server-deps.ts';
import { feedsForFleet } from './services/market-feeds/configure-feeds.ts';
import { importOnFirstStart } from './services/market-feeds/import-on-first-start.ts';
import { liveMarketSnapshot } from './services/market-feeds/live-market.ts';

export interface StartServerOptions {
  /** HTTP port (default 8080) and host (default 127.0.0.1). */
  readonly port?: number;
  readonly host?: string;
  /** Where PGlite and the admin key live (default ./.switchyard). */
  readonly dataDir?: string;
  /** PostgreSQL URL (DATABASE_URL); PGlite when absent. */
  readonly databaseUrl?: string;
  /** External broker (MQTT_URL); the embedded broker when absent. */
  readonly mqttUrl?: string;
  /** Port of the embedded broker (MQTT_PORT, default 1884). */
  readonly mqttPort?: number;
  readonly marketDataDir?: string;
  /** The market-data directory already loaded (by `start`'s fake feeds): not read a second time. */
  readonly market?: ReplayMarketData;
  /** Replay history from this instant at `speed` x real time; wall time when absent. */
  readonly replayFromMs?: number;
  readonly speed?: number;
  /** Wall-clock instant the replay starts at (epoch ms); replicas given the same one share simulated time. */
  readonly replayAnchorMs?: number;
  /** Fleet file imported when the database has no sites yet. */
  readonly fleetFile?: string;
  readonly config?: Partial<ServerConfig>;
  readonly logLevel?: string;
  /** The GPU nodes leases run on; none when absent (offers are then empty). */
  readonly compute?: ComputeBackend;
  /**
   * Import the market-data directory into stored history in the background when the database
   * holds none yet (first start); default off (tests), on for `switchyard server` and `start`.
   */
  readonly importMarketHistory?: boolean;
  /**
   * Poll the live market feeds the fleet needs (configured from the environment, see
   * services/market-feeds/configure-feeds.ts) on the server's clock and plan each step on stored
   * history as known then: on the wall clock, or on a replay against feeds serving that replay
   * (the simulator's fake feeds). Without it a replay plans on the files.
   */
  readonly liveFeeds?: boolean;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly brokerUrl: string;
  readonly storage: Storage;
  readonly clock: Clock;
  /** Where the first start wrote the admin key (undefined when keys already existed). */
  readonly adminKeyFile?: string;
  close(): Promise<void>;
}

/**
 * Starts the control plane: storage (migrations applied), the broker (embedded unless MQTT_URL),
 * the HTTP app, the site channel and the allocation loop. Only this function listens.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  // One human line per event on a terminal, JSON lines otherwise (pretty-log.ts).
  const logger = pino({ level: options.logLevel ?? 'info' }, logDestination());
  const dataDir = resolve(options.dataDir ?? '.switchyard');
  mkdirSync(dataDir, { recursive: true });
  const storage = await openStorage(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: join(dataDir, 'pgdata') },
  );
  const clock: Clock =
    options.replayFromMs !== undefined
      ? new ReplayClock(options.replayFromMs, options.speed ?? 1, Date.now, options.replayAnchorMs)
      : systemClock;
  const config: ServerConfig = {
    ...defaultServerConfig,
    instanceId: `server-${randomBytes(3).toString('hex')}`,
    ...options.config,
  };
  const marketDataDir = dataDirFromEnv(options.marketDataDir);
  const [market, solver] = await Promise.all([
    options.market ?? ReplayMarketData.load(marketDataDir),
    HighsSolver.load(),
  ]);

  const live = options.liveFeeds === true;
  const fleetSites = live
    ? options.fleetFile && existsSync(options.fleetFile)
      ? loadFleetFile(options.fleetFile).sites
      : (await storage.sites.list()).map((r) => r.site)
    : [];
  let channel: SiteChannel | undefined;
  let client: BrokerClient | undefined;
  const app = await buildApp({
    ...(live
      ? {
          feeds: feedsForFleet(fleetSites, process.env),
          marketSnapshot: liveMarketSnapshot(storage.marketHistory, market),
        }
      : {}),
    storage,
    market,
    marketDataDir,
    solver,
    clock,
    config,
    logger,
    publisher: { publishSetpoint: async (setpoint) => channel?.publishSetpoint(setpoint) },
    rejectedMessages: () => (channel ? Object.fromEntries(Object.entries(channel.rejected())) : {}),
    brokerConnected: () => client?.connected ?? false,
    compute: options.compute,
  });
  const services = app.services;

  // The server's own broker identity: a secret made at start, known only to this process.
  const serverSecret = randomBytes(24).toString('base64url');
  let embedded: EmbeddedBroker | undefined;
  let brokerUrl = options.mqttUrl;
  if (!brokerUrl) {
    embedded = await startEmbeddedBroker({
      port: options.mqttPort ?? 1884,
      host: options.host ?? '127.0.0.1',
      log: brokerLog(logger),
      // A publish over the size limit never reaches the channel: counted with its rejections.
      onDropped: (reason) => {
        if (reason === 'too-large') channel?.countDropped('too-large');
      },
      authenticate: brokerAuthenticator(services.auth, serverSecret),
    });
    brokerUrl = embedded.url;
  }
  client = await connectBroker({
    url: brokerUrl,
    username: embedded ? 'switchyard-server' : process.env.MQTT_USERNAME,
    password: embedded ? serverSecret : process.env.MQTT_PASSWORD,
    clientId: `switchyard-${config.instanceId}`,
    cleanSession: false,
    log: brokerLog(logger),
  });
  const online = new Set<string>();
  channel = new SiteChannel(
    client,
    {
      onTelemetry: async (batch) => void (await services.telemetry.ingest(batch)),
      onAck: async (ack) => void (await services.acks.onAck(ack)),
      onEvent: async (event) => {
        await storage.audit.append({
          atMs: event.atMs,
          actor: `agent:${event.siteId}`,
          action: `agent.${event.kind}`,
          target: `site:${event.siteId}`,
          details: { message: event.message, ...event.details },
        });
      },
      onStatus: async (siteId, isOnline) => {
        if (isOnline) online.add(siteId);
        else online.delete(siteId);
        services.metrics.sitesOnline.set(online.size);
        if (isOnline) await storage.alerts.resolve('site.offline', siteId, clock.nowMs());
        else {
          await storage.alerts.raise({
            atMs: clock.nowMs(),
            siteId,
            severity: 'critical',
            kind: 'site.offline',
            message: `the agent of site ${siteId} went offline`,
          });
        }
      },
    },
    { log: brokerLog(logger) },
  );
  await channel.start();

  let adminKeyFile: string | undefined;
  if ((await storage.apiKeys.count()) === 0) {
    const { key } = await services.auth.create({ name: 'first admin', role: 'admin' }, 'system');
    adminKeyFile = join(dataDir, 'admin-key.txt');
    writeFileSync(adminKeyFile, `${key}\n`, { mode: 0o600 });
    chmodSync(adminKeyFile, 0o600);
    logger.info(
      { adminKeyFile },
      `first start: the admin API key is in ${adminKeyFile} (readable by its owner only)`,
    );
  }
  if (options.fleetFile && (await storage.sites.list()).length === 0 && existsSync(options.fleetFile)) {
    const fleet = loadFleetFile(options.fleetFile);
    await services.fleet.importFleet(fleet, 'system');
    logger.info({ sites: fleet.sites.length, file: options.fleetFile }, 'fleet imported');
  }

  const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  const importing = options.importMarketHistory
    ? importOnFirstStart(storage, market, marketDataDir, logger)
    : undefined;
  // Live: the first plan waits for one round of feed polls, so it plans on current values.
  await services.feeds?.tick().catch((error) => logger.warn({ err: error }, 'first feed poll failed'));
  // Every periodic job from the one scheduler (timers, the allocation interval, leader leases).
  const { scheduler } = services;
  if (services.feeds) scheduler.add(services.feeds.job());
  scheduler.add(services.loop.job());
  scheduler.add(services.marketplace.runner.job());
  scheduler.add({
    name: 'telemetry-retention',
    everyMs: 3_600_000,
    tick: (nowMs) =>
      storage.telemetry.compact(
        nowMs,
        config.minuteRetentionHours * 3_600_000,
        config.hourRetentionDays * 86_400_000,
      ),
  });
  scheduler.add(actualsJob(services));
  scheduler.start();
  logger.info(
    { url, brokerUrl, clock: options.replayFromMs !== undefined ? 'replay' : 'wall', liveFeeds: live },
    'switchyard server ready',
  );

  return {
    app,
    url,
    brokerUrl,
    storage,
    clock,
    adminKeyFile,
    async close() {
      await importing?.stop();
      await scheduler.stop();
      await app.close();
      await client?.close();
      await embedded?.close();
      await storage.close();
    },
  };
}

/**
 * Every 10 minutes of wall time, on one replica: the expected-vs-actual earnings tick (alerts), then
 * the books of the current and previous month brought to their actuals (pool credits, metered
 * energy, DR credits).
 */
function actualsJob(services: AppServices): ScheduledJob {
  return {
    name: 'actuals',
    everyMs: 600_000,
    leader: { lease: 'actuals', ttlMs: 1_800_000 },
    async tick(nowMs) {
      const today = dayOf(nowMs);
      const month = monthOf(nowMs);
      await services.earnings.tick(nowMs);
      for (const m of [previousMonth(month), month])
        await services.actuals.booking.postMonth(m, nowMs, today);
    },
  };
}

function brokerLog(logger: pino.Logger) {
  return {
    info: (obj: object, msg: string) => logger.info(obj, msg),
    warn: (obj: object, msg: string) => logger.warn(obj, msg),
    error: (obj: object, msg: string) => logger.error(obj, msg),
  };
}
