import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_SITE_MW } from '../../core/edge/index.ts';
import {
  AlertContract,
  AuditEntryContract,
  CurtailmentContract,
  GridEventContract,
  GridEventReportContract,
} from '../contracts/operations-contract.ts';
import { actorOf } from '../plugins/auth.ts';
import type { OperationsService } from '../services/operations-service.ts';
import { Limit, Name, Quantity, SiteId } from './edge-schemas.ts';
import { authErrors, IdParams } from './schemas.ts';

const operators = ['admin', 'operator'] as const;
const Selector = {
  siteIds: Type.Optional(Type.Array(SiteId(), { minItems: 1, maxItems: 10_000 })),
  region: Type.Optional(Name()),
};

/** Operator actions: curtail now / release, and grid (demand-response) events with their audit report. */
export async function operationsRoutes(
  app: FastifyInstance,
  opts: { operations: OperationsService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { operations } = opts;
  r.post(
    '/curtailments',
    {
      config: { roles: operators },
      schema: {
        summary: 'Curtail sites or a region now: miners sleep until released; GPU leases keep running',
        tags: ['operations'],
        body: Type.Object({ ...Selector, reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 201: CurtailmentContract, ...authErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await operations.curtail(request.body, request.body.reason, actorOf(request))),
  );
  r.get(
    '/curtailments',
    {
      config: { roles: operators },
      schema: {
        tags: ['operations'],
        response: { 200: Type.Object({ curtailments: Type.Array(CurtailmentContract) }) },
      },
    },
    async () => ({ curtailments: await operations.activeCurtailments() }),
  );
  r.delete(
    '/curtailments/:id',
    {
      config: { roles: operators },
      schema: { tags: ['operations'], params: IdParams, response: { 204: Type.Null(), ...authErrors } },
    },
    async (request, reply) => {
      await operations.release(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/grid-events',
    {
      config: { roles: operators },
      schema: {
        summary:
          'Enter a demand-response event: shed MW per site, or a full curtailment when shedMw is absent',
        tags: ['operations'],
        body: Type.Object({
          ...Selector,
          start: Type.String({ format: 'date-time' }),
          end: Type.String({ format: 'date-time' }),
          shedMw: Type.Optional(Quantity(MAX_SITE_MW, { exclusiveMinimum: 0 })),
        }),
        response: { 201: GridEventContract, ...authErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await operations.createGridEvent(
            { ...request.body, startMs: Date.parse(request.body.start), endMs: Date.parse(request.body.end) },
            actorOf(request),
          ),
        ),
  );
  r.get(
    '/grid-events',
    {
      config: { roles: operators },
      schema: {
        tags: ['operations'],
        response: { 200: Type.Object({ events: Type.Array(GridEventContract) }) },
      },
    },
    async () => ({ events: await operations.gridEvents() }),
  );
  r.get(
    '/grid-events/:id/report',
    {
      config: { roles: operators },
      schema: {
        summary:
          "Audit record for a grid operator: response time, each site's measured power before/during/after, every setpoint and ack",
        tags: ['operations'],
        params: IdParams,
        response: { 200: GridEventReportContract, ...authErrors },
      },
    },
    async (request) => operations.gridEventReport(request.params.id),
  );
  r.get(
    '/alerts',
    {
      config: { roles: operators },
      schema: {
        tags: ['operations'],
        querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ alerts: Type.Array(AlertContract) }) },
      },
    },
    async (request) => ({ alerts: await operations.alerts(request.query.open) }),
  );
  r.get(
    '/audit',
    {
      config: { roles: operators },
      schema: {
        tags: ['operations'],
        querystring: Type.Object({
          target: Type.Optional(Name()),
          limit: Type.Optional(Limit(1000)),
        }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntryContract) }) },
      },
    },
    async (request) => ({ entries: await operations.audit(request.query.target, request.query.limit) }),
  );
}
