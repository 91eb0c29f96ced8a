import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SiteHistoryContract, SitePlanContract } from '../contracts/site-insight-contract.ts';
import type { SiteInsightService } from '../services/site-insight-service.ts';
import { authErrors, SiteIdParams } from './schemas.ts';

/** A site's prices and the allocator's decisions over them, and its plan for the hours ahead. */
export async function siteInsightRoutes(
  app: FastifyInstance,
  opts: { insight: SiteInsightService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/sites/:siteId/history',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          'Per 15-minute interval up to now: the import price and hashprice the site saw, and the allocator decision that ran it',
        tags: ['allocation'],
        params: SiteIdParams,
        querystring: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 72, default: 24 }) }),
        response: { 200: SiteHistoryContract, ...authErrors },
      },
    },
    async (request) => opts.insight.history(request.params.siteId, request.query.hours),
  );
  r.get(
    '/sites/:siteId/plan',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          "The allocator's plan for the site's next 24 h, re-planned now on the live loop's inputs (fleet, grid events, curtailment, day-ahead forecast)",
        tags: ['allocation'],
        params: SiteIdParams,
        response: { 200: SitePlanContract, ...authErrors },
      },
    },
    async (request) => opts.insight.plan(request.params.siteId),
  );
}
