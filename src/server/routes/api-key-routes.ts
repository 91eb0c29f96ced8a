import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import { ApiKeyContract } from '../contracts/identity-contract.ts';
import { List } from '../contracts/list.ts';
import { actorOf } from '../plugins/auth.ts';
import type { AuthService } from '../services/auth-service.ts';
import { Id, Name, SiteId } from './edge-schemas.ts';
import { authErrors, IdParams } from './schemas.ts';

/** API keys (admin only). The secret is shown once, at creation; only its hash is stored. */
export async function apiKeyRoutes(app: FastifyInstance, opts: { auth: AuthService }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api-keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['auth'],
        body: Type.Object({
          name: Name(),
          role: Type.Union([
            Type.Literal('admin'),
            Type.Literal('operator'),
            Type.Literal('tenant'),
            Type.Literal('agent'),
          ]),
          siteId: Type.Optional(SiteId()),
          tenantId: Type.Optional(Id()),
        }),
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKeyContract }), ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.role === 'agent' && !body.siteId) {
        throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'an agent key needs the siteId it acts for', {
          field: 'body/siteId',
        });
      }
      if (body.role === 'tenant' && !body.tenantId) {
        throw new SwitchyardError('SY_ERR_REQUEST_INVALID', 'a tenant key needs its tenantId', {
          field: 'body/tenantId',
        });
      }
      const { record, key } = await opts.auth.create(body, actorOf(request));
      return reply.status(201).send({ key, apiKey: record });
    },
  );
  r.get(
    '/api-keys',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['auth'], response: { 200: Type.Object({ apiKeys: List(ApiKeyContract) }) } },
    },
    async () => ({ apiKeys: await opts.auth.list() }),
  );
  r.delete(
    '/api-keys/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['auth'], params: IdParams, response: { 204: Type.Null(), ...authErrors } },
    },
    async (request, reply) => {
      if (!(await opts.auth.revoke(request.params.id, actorOf(request)))) {
        throw new SwitchyardError('SY_ERR_NOT_FOUND', `no active API key ${request.params.id}`);
      }
      return reply.status(204).send(null);
    },
  );
}
