import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import { type Lease, type LeaseWorkload, TIERS } from '../../core/marketplace/index.ts';
import { List } from '../contracts/list.ts';
import { LeaseViewContract, OfferContract, QuoteContract } from '../contracts/marketplace-contract.ts';
import type { MarketplaceServices } from '../services/marketplace/marketplace-services.ts';
import { Cents, Count, EpochMs, Id, Limit, Name, Quantity, SiteId } from './edge-schemas.ts';
import { authErrors, ErrorResponse, IdParams } from './schemas.ts';

const everyone = ['admin', 'operator', 'tenant'] as const;
const Tier = Type.Union(TIERS.map((t) => Type.Literal(t)));
/** What the lease runs (sizes and characters are checked by `workloadProblems`, naming the field). */
const Env = Type.Record(Type.String(), Type.String());
const WorkloadBody = Type.Union([
  Type.Object(
    { kind: Type.Literal('script'), script: Type.String(), env: Type.Optional(Env) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('command'), command: Type.String(), env: Type.Optional(Env) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('interactive'),
      sshKeyId: Type.Optional(
        Type.String({ maxLength: 64, description: 'a registered key; default: all of them' }),
      ),
    },
    { additionalProperties: false },
  ),
]);
const marketErrors = {
  ...authErrors,
  402: ErrorResponse,
  409: ErrorResponse,
  410: ErrorResponse,
  502: ErrorResponse,
};

/** The tenant a request acts for: a tenant key's own; operators read across tenants (optional filter). */
export function tenantScope(request: FastifyRequest, asked?: string): string | undefined {
  const principal = request.principal!;
  if (principal.role !== 'tenant') return asked;
  if (asked !== undefined && asked !== principal.tenantId) {
    throw new SwitchyardError('SY_ERR_AUTH_FORBIDDEN', 'a tenant key reads only its own tenant', {
      field: 'tenantId',
    });
  }
  return principal.tenantId;
}

function ownTenant(request: FastifyRequest): string {
  const principal = request.principal!;
  if (principal.role !== 'tenant' || !principal.tenantId) {
    throw new SwitchyardError('SY_ERR_AUTH_FORBIDDEN', 'quotes and leases are made with a tenant key', {
      role: principal.role,
    });
  }
  return principal.tenantId;
}

/** Offers, quotes and leases (tenants see and change only their own). */
export async function marketplaceRoutes(
  app: FastifyInstance,
  opts: { marketplace: MarketplaceServices },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { booking, runner, invoices, workloads } = opts.marketplace;
  const withUsage = async (lease: Lease) => ({
    ...lease,
    workload: await workloads.view(lease),
    // Nothing is metered before a lease first runs.
    usage: lease.transitions.some((t) => t.state === 'running')
      ? await invoices.leaseUsage(lease)
      : { gpuSeconds: 0, amountCents: 0 },
  });

  r.get(
    '/market/offers',
    {
      config: { roles: everyone },
      schema: {
        summary: 'GPU capacity a lease would get now, by hub and model, with prices per tier and green share',
        tags: ['market'],
        querystring: Type.Object({
          gpuModel: Type.Optional(Name()),
          region: Type.Optional(Name()),
          siteId: Type.Optional(SiteId()),
          tier: Type.Optional(Tier),
          minFreeGpus: Type.Optional(Count()),
          sort: Type.Optional(
            Type.Union([Type.Literal('price'), Type.Literal('green'), Type.Literal('free')]),
          ),
        }),
        response: { 200: Type.Object({ offers: List(OfferContract) }), ...authErrors },
      },
    },
    async (request) => ({ offers: await booking.offers(request.query) }),
  );

  r.post(
    '/market/quotes',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary: 'Price a lease now: rate, its components, validity',
        tags: ['market'],
        body: Type.Object({
          siteId: SiteId(),
          groupId: Id(),
          tier: Name({ description: TIERS.join(' | ') }),
          gpus: Count({ minimum: 1 }),
          termDays: Type.Optional(Quantity(3_650)),
          batch: Type.Optional(
            Type.Object({
              gpuHours: Quantity(10_000_000),
              deadlineMs: EpochMs(),
              maxCentsPerGpuHour: Cents(),
            }),
          ),
        }),
        response: { 201: QuoteContract, ...marketErrors },
      },
    },
    async (request, reply) => {
      const body = request.body as Parameters<typeof booking.quote>[1];
      return reply.status(201).send(await booking.quote(ownTenant(request), body));
    },
  );

  r.post(
    '/market/leases',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary: 'Lease from a quote; send an Idempotency-Key header so a retry never books twice',
        tags: ['market'],
        headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object({ quoteId: Id(), workload: Type.Optional(WorkloadBody) }),
        response: { 200: LeaseViewContract, 201: LeaseViewContract, ...marketErrors },
      },
    },
    async (request, reply) => {
      if (request.body.workload) {
        const workload = request.body.workload as LeaseWorkload;
        await workloads.record(ownTenant(request), request.headers['idempotency-key'], workload);
      }
      const { lease, created } = await booking.lease(
        ownTenant(request),
        request.body.quoteId,
        request.headers['idempotency-key'],
      );
      return reply.status(created ? 201 : 200).send(await withUsage(lease));
    },
  );

  r.get(
    '/market/leases',
    {
      config: { roles: everyone },
      schema: {
        tags: ['market'],
        querystring: Type.Object({
          state: Type.Optional(Name()),
          tenantId: Type.Optional(Id()),
          siteId: Type.Optional(SiteId()),
          limit: Type.Optional(Limit(1000)),
        }),
        response: { 200: Type.Object({ leases: List(LeaseViewContract) }), ...authErrors },
      },
    },
    async (request) => {
      const { state, siteId, limit } = request.query;
      const leases = await booking.leases({
        tenantId: tenantScope(request, request.query.tenantId),
        siteId,
        states: state ? (state.split(',') as Lease['state'][]) : undefined,
        limit,
      });
      return { leases: await Promise.all(leases.map(withUsage)) };
    },
  );

  r.get(
    '/market/leases/:id',
    {
      config: { roles: everyone },
      schema: { tags: ['market'], params: IdParams, response: { 200: LeaseViewContract, ...authErrors } },
    },
    async (request) => withUsage(await booking.get(request.params.id, tenantScope(request))),
  );

  r.post(
    '/market/leases/:id/stop',
    {
      config: { roles: everyone },
      schema: {
        summary:
          'Stop a lease: cancelled before it runs, completed after; billing ends when the node stops it',
        tags: ['market'],
        params: IdParams,
        response: { 200: LeaseViewContract, ...marketErrors },
      },
    },
    async (request) => {
      const lease = await booking.get(request.params.id, tenantScope(request));
      return withUsage(await runner.stopLease(lease, `stopped by ${request.principal!.role}`));
    },
  );
}
