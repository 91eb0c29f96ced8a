import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import { SSH_KEY_LIMITS } from '../../core/marketplace/index.ts';
import { List } from '../contracts/list.ts';
import {
  InvoiceContract,
  TenantContract,
  TenantCreatedContract,
  TenantSshKeyContract,
  TenantViewContract,
} from '../contracts/marketplace-contract.ts';
import { actorOf } from '../plugins/auth.ts';
import type { MarketplaceServices } from '../services/marketplace/marketplace-services.ts';
import { Cents, Count, Id, Name } from './edge-schemas.ts';
import { tenantScope } from './marketplace-routes.ts';
import { authErrors, IdParams } from './schemas.ts';

const operators = ['admin', 'operator'] as const;
const everyone = ['admin', 'operator', 'tenant'] as const;
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (UTC)' });
const Limits = {
  spendingLimitCents: Cents({ description: 'most the tenant may be charged per month, cents' }),
  maxGpus: Count({ description: 'most GPUs the tenant may hold at once' }),
};

/** Tenants (operators) and invoices (tenants see only their own). */
export async function marketplaceAccountRoutes(
  app: FastifyInstance,
  opts: { marketplace: MarketplaceServices },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { tenants, invoices, workloads } = opts.marketplace;

  r.post(
    '/market/tenants',
    {
      config: { roles: operators },
      schema: {
        summary: 'Create a tenant with its limits; returns its first API key (shown once)',
        tags: ['market'],
        body: Type.Object({ name: Name(), ...Limits }),
        response: { 201: TenantCreatedContract, ...authErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await tenants.create(request.body, actorOf(request))),
  );
  r.get(
    '/market/tenants',
    {
      config: { roles: operators },
      schema: {
        tags: ['market'],
        response: { 200: Type.Object({ tenants: List(TenantViewContract) }), ...authErrors },
      },
    },
    async () => ({ tenants: await tenants.list() }),
  );
  r.patch(
    '/market/tenants/:id',
    {
      config: { roles: operators },
      schema: {
        tags: ['market'],
        params: IdParams,
        body: Type.Object({
          spendingLimitCents: Type.Optional(Limits.spendingLimitCents),
          maxGpus: Type.Optional(Limits.maxGpus),
        }),
        response: { 200: TenantContract, ...authErrors },
      },
    },
    async (request) => tenants.update(request.params.id, request.body, actorOf(request)),
  );
  r.get(
    '/market/tenant',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary: "The calling tenant's record, limits and GPUs held",
        tags: ['market'],
        response: { 200: TenantViewContract, ...authErrors },
      },
    },
    async (request) => tenants.get(tenantScope(request)!),
  );
  r.post(
    '/market/tenant/ssh-keys',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary:
          'Register an SSH public key (OpenSSH one-line form) to reach interactive allocations; the same key twice is kept once',
        tags: ['market'],
        body: Type.Object(
          { publicKey: Type.String({ minLength: 1, maxLength: SSH_KEY_LIMITS.lineBytes }) },
          { additionalProperties: false },
        ),
        response: { 201: TenantSshKeyContract, ...authErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await workloads.addSshKey(tenantScope(request)!, request.body.publicKey, actorOf(request))),
  );
  r.get(
    '/market/tenant/ssh-keys',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary: "The calling tenant's registered SSH public keys",
        tags: ['market'],
        response: { 200: Type.Object({ keys: List(TenantSshKeyContract) }), ...authErrors },
      },
    },
    async (request) => ({ keys: await workloads.sshKeys(tenantScope(request)!) }),
  );
  r.delete(
    '/market/tenant/ssh-keys/:id',
    {
      config: { roles: ['tenant'] },
      schema: {
        summary:
          'Remove a registered SSH public key (allocations reached with it are no longer reachable with it)',
        tags: ['market'],
        params: IdParams,
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await workloads.removeSshKey(tenantScope(request)!, request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/market/invoices',
    {
      config: { roles: everyone },
      schema: {
        summary: 'Invoices (the current month to date for a tenant)',
        tags: ['market'],
        querystring: Type.Object({ month: Type.Optional(Month), tenantId: Type.Optional(Id()) }),
        response: { 200: Type.Object({ invoices: List(InvoiceContract) }), ...authErrors },
      },
    },
    async (request) => ({
      invoices: await invoices.list({
        tenantId: tenantScope(request, request.query.tenantId),
        month: request.query.month,
      }),
    }),
  );
  r.get(
    '/market/invoices/:month',
    {
      config: { roles: everyone },
      schema: {
        summary: "A tenant's invoice for a month: issued once the month has closed, to date before",
        tags: ['market'],
        params: Type.Object({ month: Month }),
        querystring: Type.Object({ tenantId: Type.Optional(Id()) }),
        response: { 200: InvoiceContract, ...authErrors },
      },
    },
    async (request) => {
      const tenantId = tenantScope(request, request.query.tenantId);
      if (!tenantId) {
        throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'tenantId: required for an operator', {
          field: 'querystring/tenantId',
        });
      }
      return invoices.invoice(tenantId, request.params.month);
    },
  );
  r.post(
    '/market/invoices/:month/issue',
    {
      config: { roles: operators },
      schema: {
        summary: "Issue (or re-issue) every tenant's invoice for a closed month",
        tags: ['market'],
        params: Type.Object({ month: Month }),
        response: { 200: Type.Object({ invoices: List(InvoiceContract) }), ...authErrors },
      },
    },
    async (request) => ({
      invoices: await Promise.all(
        (await tenants.list()).map((t) => invoices.issue(t.id, request.params.month)),
      ),
    }),
  );
}
