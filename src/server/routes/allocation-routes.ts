import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { assertSiteAccess } from '../plugins/auth.ts';
import type { AckService } from '../services/ack-service.ts';
import type { AllocationLoop } from '../services/allocation-loop.ts';
import { TimeQuery } from './edge-schemas.ts';
import { AckSchema, authErrors, IdParams, SetpointSchema, SiteIdParams } from './schemas.ts';

const RunSchema = Type.Object({}, { additionalProperties: true });

/** Allocation runs with their explanations, setpoints and acks. */
export async function allocationRoutes(
  app: FastifyInstance,
  opts: { storage: Storage; loop: AllocationLoop; acks: AckService; nowMs: () => number; intervalMs: number },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { storage } = opts;
  r.get(
    '/allocation/runs',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        tags: ['allocation'],
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }) }),
        response: { 200: Type.Object({ runs: Type.Array(RunSchema) }), ...authErrors },
      },
    },
    async (request) => ({ runs: await storage.allocations.latest(request.query.limit) }),
  );
  r.get(
    '/allocation/runs/:id',
    {
      config: { roles: ['admin', 'operator'] },
      schema: { tags: ['allocation'], params: IdParams, response: { 200: RunSchema, ...authErrors } },
    },
    async (request) => {
      const run = await storage.allocations.get(request.params.id);
      if (!run) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no allocation run ${request.params.id}`);
      return run;
    },
  );
  r.post(
    '/allocation/run',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Run the allocation step of the current interval now (once per interval)',
        tags: ['allocation'],
        response: { 200: RunSchema, ...authErrors },
      },
    },
    async () => {
      const intervalStartMs = Math.floor(opts.nowMs() / opts.intervalMs) * opts.intervalMs;
      return opts.loop.step(intervalStartMs);
    },
  );
  r.get(
    '/sites/:siteId/setpoints',
    {
      config: { roles: ['admin', 'operator', 'agent'] },
      schema: {
        tags: ['allocation'],
        params: SiteIdParams,
        querystring: Type.Object({ from: Type.Optional(TimeQuery()), to: Type.Optional(TimeQuery()) }),
        response: { 200: Type.Object({ setpoints: Type.Array(SetpointSchema) }), ...authErrors },
      },
    },
    async (request) => {
      assertSiteAccess(request, request.params.siteId);
      const to = request.query.to ?? opts.nowMs() + 1;
      const from = request.query.from ?? to - 86_400_000;
      return {
        setpoints: await storage.setpoints.list({ siteId: request.params.siteId, fromMs: from, toMs: to }),
      };
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
