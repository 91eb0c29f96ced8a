import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import { List } from '../contracts/list.ts';
import { DeviceReadingContract, SiteMinuteContract } from '../contracts/telemetry-contract.ts';
import { assertSiteAccess } from '../plugins/auth.ts';
import type { TelemetryService } from '../services/telemetry-service.ts';
import { TimeQuery } from './edge-schemas.ts';
import { authErrors, SiteIdParams, TelemetryBatchSchema } from './schemas.ts';

const RangeQuery = Type.Object({ from: TimeQuery(), to: TimeQuery() });

/** Telemetry over HTTP (agents normally use MQTT) and the reads the dashboard needs. */
export async function telemetryRoutes(
  app: FastifyInstance,
  opts: { telemetry: TelemetryService },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/sites/:siteId/telemetry',
    {
      config: { roles: ['admin', 'agent'] },
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags: ['telemetry'],
        params: SiteIdParams,
        body: TelemetryBatchSchema,
        response: { 202: Type.Object({ stored: Type.Boolean() }), ...authErrors },
      },
    },
    async (request, reply) => {
      assertSiteAccess(request, request.params.siteId);
      if (request.body.siteId !== request.params.siteId) {
        throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'body.siteId must match the path', {
          field: 'body/siteId',
        });
      }
      return reply.status(202).send({ stored: await opts.telemetry.ingest(request.body) });
    },
  );
  r.get(
    '/sites/:siteId/telemetry/latest',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        tags: ['telemetry'],
        params: SiteIdParams,
        response: { 200: Type.Object({ devices: List(DeviceReadingContract) }), ...authErrors },
      },
    },
    async (request) => ({ devices: await opts.telemetry.latest(request.params.siteId) }),
  );
  r.get(
    '/sites/:siteId/telemetry/minutes',
    {
      config: { roles: ['admin', 'operator'] },
      schema: {
        tags: ['telemetry'],
        params: SiteIdParams,
        querystring: RangeQuery,
        response: { 200: Type.Object({ minutes: List(SiteMinuteContract) }), ...authErrors },
      },
    },
    async (request) => ({
      minutes: await opts.telemetry.minutes(request.params.siteId, request.query.from, request.query.to),
    }),
  );
}
