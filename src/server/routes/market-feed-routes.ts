import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { feedAgeMs, isStale } from '../../core/feeds/feed-health.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { FeedPoller } from '../services/market-feeds/feed-poller.ts';
import { authErrors } from './schemas.ts';

const FeedValue = Type.Object({
  key: Type.String(),
  atMs: Type.Number(),
  value: Type.Number(),
  knownAtMs: Type.Number(),
});

const FeedHealthSchema = Type.Object({
  feedId: Type.String(),
  description: Type.String(),
  maxAgeMs: Type.Number(),
  lastAttemptMs: Type.Optional(Type.Number()),
  lastSuccessMs: Type.Optional(Type.Number()),
  lastValue: Type.Optional(FeedValue),
  lastError: Type.Optional(Type.String()),
  consecutiveFailures: Type.Integer(),
  lastPoints: Type.Optional(Type.Integer()),
  ageMs: Type.Union([Type.Number(), Type.Null()]),
  stale: Type.Boolean(),
  affectedSiteIds: Type.Array(Type.String()),
});

/** `GET /market/feeds`: each market feed's health (last success, last value, age, failures). */
export async function marketFeedRoutes(
  app: FastifyInstance,
  opts: { feeds: FeedPoller | undefined; clock: Clock },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/market/feeds',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          "Each market feed's health: last success, last value, age, consecutive failures, whether it is stale and the sites that then plan on last known values",
        tags: ['market data'],
        response: {
          200: Type.Object({ nowMs: Type.Number(), feeds: Type.Array(FeedHealthSchema) }),
          ...authErrors,
        },
      },
    },
    async () => {
      const nowMs = opts.clock.nowMs();
      if (!opts.feeds) return { nowMs, feeds: [] };
      const stale = new Map((await opts.feeds.stale(nowMs)).map((s) => [s.health.feedId, s.siteIds]));
      return {
        nowMs,
        feeds: opts.feeds.health().map((health) => ({
          ...health,
          ageMs: feedAgeMs(health, nowMs) ?? null,
          stale: stale.has(health.feedId) || isStale(health, nowMs, nowMs),
          affectedSiteIds: [...(stale.get(health.feedId) ?? [])],
        })),
      };
    },
  );
}
