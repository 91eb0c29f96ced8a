import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { actorOf } from '../plugins/auth.ts';
import type { AuthService } from '../services/auth-service.ts';
import { Id, Name, SiteId } from './edge-schemas.ts';
import { authErrors, IdParams } from './schemas.ts';

const KeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  siteId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  createdAtMs: Type.Number(),
  revokedAtMs: Type.Optional(Type.Number()),
});

/** API keys (admin only). The secret is shown once, at creation; only its hash is stored. */
export async function apiKeyRoutes(
  app: FastifyInstance,
  opts: { auth: AuthService; storage: Storage },
): Promise<void> {
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
        response: { 201: Type.Object({ key: Type.String(), apiKey: KeySchema }), ...authErrors },
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
      schema: { tags: ['auth'], response: { 200: Type.Object({ apiKeys: Type.Array(KeySchema) }) } },
    },
    async () => ({ apiKeys: await opts.storage.apiKeys.list() }),
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
