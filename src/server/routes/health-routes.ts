import '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../plugins/metrics.ts';
import type { ServerDeps } from '../server-deps.ts';

export async function healthRoutes(
  app: FastifyInstance,
  opts: { deps: ServerDeps; metrics: ServerMetrics },
): Promise<void> {
  const { deps, metrics } = opts;
  app.get('/healthz', { config: { roles: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
    instance: deps.config.instanceId,
  }));
  app.get('/readyz', { config: { roles: 'public' }, schema: { hide: true } }, async (_request, reply) => {
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
  });
  app.get('/metrics', { config: { roles: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    if (deps.rejectedMessages) {
      for (const [reason, count] of Object.entries(deps.rejectedMessages()))
        metrics.rejectedMessages.set({ reason }, count);
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
