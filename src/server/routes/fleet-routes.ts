import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Site } from '../../core/fleet/index.ts';
import { actorOf } from '../plugins/auth.ts';
import type { FleetService } from '../services/fleet-service.ts';
import { Count, Id } from './edge-schemas.ts';
import { authErrors, SiteDocument, SiteIdParams, SiteRecordSchema } from './schemas.ts';

const operators = ['admin', 'operator'] as const;
const GroupParams = Type.Object({
  siteId: SiteIdParams.properties.siteId,
  groupId: Id(),
});
const AnyObject = Type.Object({}, { additionalProperties: true });
const VersionQuery = Type.Object({ expectedVersion: Type.Optional(Count({ minimum: 1 })) });

/** Fleet import and CRUD on sites and their parts; every change validated and audited. */
export async function fleetRoutes(app: FastifyInstance, opts: { fleet: FleetService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { fleet } = opts;

  r.post(
    '/fleet/import',
    {
      config: { roles: operators },
      schema: {
        summary:
          'Import a fleet file (JSON form of the YAML format) with `mode`: "merge" (default) creates or replaces the sites and rates it names and keeps every other; "replace" makes the fleet exactly the file. Refused, naming the site and field, when it would strand a site it does not name.',
        tags: ['fleet'],
        body: Type.Object(
          { mode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('replace')])) },
          { additionalProperties: true },
        ),
        response: {
          200: Type.Object({ sites: Type.Array(SiteRecordSchema) }),
          ...authErrors,
          409: authErrors[400],
        },
      },
    },
    async (request) => ({ sites: await fleet.importFleet(request.body, actorOf(request)) }),
  );

  r.get(
    '/sites',
    {
      config: { roles: operators },
      schema: { tags: ['fleet'], response: { 200: Type.Object({ sites: Type.Array(SiteRecordSchema) }) } },
    },
    async () => ({ sites: await fleet.list() }),
  );

  r.post(
    '/sites',
    {
      config: { roles: operators },
      schema: {
        tags: ['fleet'],
        body: SiteDocument,
        response: { 201: SiteRecordSchema, ...authErrors, 409: authErrors[400] },
      },
    },
    async (request, reply) => reply.status(201).send(await fleet.create(request.body, actorOf(request))),
  );

  r.get(
    '/sites/:siteId',
    {
      config: { roles: operators },
      schema: { tags: ['fleet'], params: SiteIdParams, response: { 200: SiteRecordSchema, ...authErrors } },
    },
    async (request) => fleet.get(request.params.siteId),
  );

  r.put(
    '/sites/:siteId',
    {
      config: { roles: operators },
      schema: {
        tags: ['fleet'],
        params: SiteIdParams,
        querystring: VersionQuery,
        body: SiteDocument,
        response: { 200: SiteRecordSchema, ...authErrors },
      },
    },
    async (request) =>
      fleet.update(
        request.params.siteId,
        () => request.body,
        actorOf(request),
        'site.update',
        request.query.expectedVersion,
      ),
  );

  r.delete(
    '/sites/:siteId',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['fleet'], params: SiteIdParams, response: { 204: Type.Null(), ...authErrors } },
    },
    async (request, reply) => {
      await fleet.delete(request.params.siteId, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  // Parts of a site: each replaces one part and goes through the same validation and audit.
  const part = (
    path: string,
    action: string,
    apply: (site: Site, body: Record<string, unknown>, params: { groupId?: string }) => unknown,
    params = SiteIdParams as typeof GroupParams | typeof SiteIdParams,
    method: 'put' | 'delete' = 'put',
  ) => {
    r.route({
      method: method === 'put' ? 'PUT' : 'DELETE',
      url: `/sites/:siteId${path}`,
      config: { roles: operators },
      schema: {
        tags: ['fleet'],
        params,
        querystring: VersionQuery,
        ...(method === 'put' ? { body: AnyObject } : {}),
        response: { 200: SiteRecordSchema, ...authErrors },
      },
      handler: async (request) => {
        const { siteId, groupId } = request.params as { siteId: string; groupId?: string };
        const body = (request.body ?? {}) as Record<string, unknown>;
        const query = request.query as { expectedVersion?: number };
        return fleet.updatePart(
          siteId,
          (site) => apply(site, body, { groupId }),
          actorOf(request),
          action,
          query.expectedVersion,
        );
      },
    });
  };
  part('/battery', 'site.battery.update', (site, body) => ({ ...site, battery: body }));
  part(
    '/battery',
    'site.battery.delete',
    (site) => ({ ...site, battery: undefined }),
    SiteIdParams,
    'delete',
  );
  part('/grid', 'site.grid.update', (site, body) => ({ ...site, grid: body }));
  part('/supply', 'site.supply.update', (site, body) => ({ ...site, supply: body.supply }));
  part(
    '/miner-groups/:groupId',
    'site.miner-group.upsert',
    (site, body, { groupId }) => ({
      ...site,
      minerGroups: upsert(site.minerGroups, { ...body, id: groupId }),
    }),
    GroupParams,
  );
  part(
    '/miner-groups/:groupId',
    'site.miner-group.delete',
    (site, _body, { groupId }) => ({
      ...site,
      minerGroups: site.minerGroups.filter((g) => g.id !== groupId),
    }),
    GroupParams,
    'delete',
  );
  part(
    '/gpu-nodes/:groupId',
    'site.gpu-nodes.upsert',
    (site, body, { groupId }) => ({ ...site, gpuNodes: upsert(site.gpuNodes, { ...body, id: groupId }) }),
    GroupParams,
  );
  part(
    '/gpu-nodes/:groupId',
    'site.gpu-nodes.delete',
    (site, _body, { groupId }) => ({ ...site, gpuNodes: site.gpuNodes.filter((g) => g.id !== groupId) }),
    GroupParams,
    'delete',
  );
}

function upsert<T extends { id: string }>(list: readonly T[], item: Record<string, unknown>): unknown[] {
  const index = list.findIndex((entry) => entry.id === item.id);
  return index < 0 ? [...list, item] : list.map((entry, i) => (i === index ? item : entry));
}
