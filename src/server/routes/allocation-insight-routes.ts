import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { RunDigestViewContract, StrategyComparisonContract } from '../contracts/allocation-contract.ts';
import type { RunDigests } from '../services/run-digests.ts';
import type { StrategyComparisonService } from '../services/strategy-comparison-service.ts';
import { SiteId } from './edge-schemas.ts';
import { authErrors } from './schemas.ts';

/** The allocator page's reads: compact recent runs, and what each strategy would have earned. */
export async function allocationInsightRoutes(
  app: FastifyInstance,
  opts: { runs: RunDigests; strategies: StrategyComparisonService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/allocation/digests',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          "Recent allocation runs, newest first, with each site's decision reduced to its power split, hashrate, expected cents and explanation; only the newest run lists its sites unless detail=all",
        tags: ['allocation'],
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          detail: Type.Union([Type.Literal('latest'), Type.Literal('all')], { default: 'latest' }),
          siteId: Type.Optional(SiteId()),
        }),
        response: { 200: Type.Object({ runs: Type.Array(RunDigestViewContract) }), ...authErrors },
      },
    },
    async (request) => ({
      runs: await opts.runs.views(request.query.limit, request.query.detail, request.query.siteId),
    }),
  );
  r.get(
    '/allocation/strategies',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        summary:
          'What each strategy (always-on, breakeven, the live LP, perfect foresight) would have earned at a site over the last whole day, backtested on real prices (cached per site and day)',
        tags: ['allocation'],
        querystring: Type.Object({ siteId: SiteId() }),
        response: { 200: StrategyComparisonContract, ...authErrors },
      },
    },
    async (request) => opts.strategies.compare(request.query.siteId),
  );
}
