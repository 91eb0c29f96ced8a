import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AllocationRunContract, StepResultContract } from '../contracts/allocation-contract.ts';
import { List } from '../contracts/list.ts';
import { SetpointContract } from '../contracts/telemetry-contract.ts';
import { assertSiteAccess } from '../plugins/auth.ts';
import type { AckService } from '../services/ack-service.ts';
import type { AllocationService } from '../services/allocation-service.ts';
import { TimeQuery } from './edge-schemas.ts';
import { AckSchema, authErrors, IdParams, SiteIdParams } from './schemas.ts';

/** Allocation runs with their explanations, setpoints and acks. */
export async function allocationRoutes(
  app: FastifyInstance,
  opts: { allocation: AllocationService; acks: AckService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { allocation } = opts;
  r.get(
    '/allocation/runs',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        tags: ['allocation'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }) }),
        response: { 200: Type.Object({ runs: List(AllocationRunContract) }), ...authErrors },
      },
    },
    async (request) => ({ runs: await allocation.runs(request.query.limit) }),
  );
  r.get(
    '/allocation/runs/:id',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        tags: ['allocation'],
        params: IdParams,
        response: { 200: AllocationRunContract, ...authErrors },
      },
    },
    async (request) => allocation.run(request.params.id),
  );
  r.post(
    '/allocation/run',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Run the allocation step of the current interval now (once per interval)',
        tags: ['allocation'],
        response: { 200: StepResultContract, ...authErrors },
      },
    },
    async () => allocation.stepNow(),
  );
  r.get(
    '/sites/:siteId/setpoints',
    {
      config: { roles: ['admin', 'operator', 'agent'] },
      schema: {
        tags: ['allocation'],
        params: SiteIdParams,
        querystring: Type.Object({ from: Type.Optional(TimeQuery()), to: Type.Optional(TimeQuery()) }),
        response: { 200: Type.Object({ setpoints: List(SetpointContract) }), ...authErrors },
      },
    },
    async (request) => {
      assertSiteAccess(request, request.params.siteId);
      const { from, to } = request.query;
      return { setpoints: await allocation.setpoints(request.params.siteId, from, to) };
    },
  );
  r.post(
    '/sites/:siteId/acks',
    {
      config: { roles: ['admin', 'agent'] },
      schema: {
        tags: ['allocation'],
        params: SiteIdParams,
        body: AckSchema,
        response: { 200: Type.Object({ recorded: Type.Boolean() }), ...authErrors },
      },
    },
    async (request) => {
      assertSiteAccess(request, request.params.siteId);
      return { recorded: await opts.acks.onAck({ ...request.body, siteId: request.params.siteId }) };
    },
  );
}
