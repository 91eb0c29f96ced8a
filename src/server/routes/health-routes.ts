import '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ServerMetrics } from '../plugins/metrics.ts';
import type { ServerDeps } from '../server-deps.ts';

const Health = Type.Object({ status: Type.Literal('ok'), instance: Type.String() });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
  /** Each dependency: "ok", or what is wrong with it. */
  checks: Type.Record(Type.String(), Type.String()),
});

/** Liveness, readiness (storage and broker) and Prometheus metrics; public. */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; metrics: ServerMetrics },
): Promise<void> {
  const { deps, metrics } = opts;
  app.get(
    '/healthz',
    { config: { roles: 'public' }, schema: { tags: ['health'], response: { 200: Health } } },
    async () => ({
      status: 'ok',
      instance: deps.config.instanceId,
    }),
  );
  app.get(
    '/readyz',
    {
      config: { roles: 'public' },
      schema: { tags: ['health'], response: { 200: Readiness, 503: Readiness } },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      try {
        await deps.storage.sites.list();
        checks.storage = 'ok';
      } catch (error) {
        checks.storage = (error as Error).message;
      }
      checks.broker = deps.brokerConnected === undefined || deps.brokerConnected() ? 'ok' : 'disconnected';
      const ready = Object.values(checks).every((v) => v === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
    },
  );
  const metricsSchema = {
    tags: ['health'],
    response: { 200: Type.String({ description: 'Prometheus text format' }) },
  };
  app.get('/metrics', { config: { roles: 'public' }, schema: metricsSchema }, async (_request, reply) => {
    if (deps.rejectedMessages) {
      for (const [reason, count] of Object.entries(deps.rejectedMessages()))
        metrics.rejectedMessages.set({ reason }, count);
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
