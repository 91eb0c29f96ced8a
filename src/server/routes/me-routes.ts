import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { authErrors } from './schemas.ts';

const MeSchema = Type.Object({
  keyId: Type.String(),
  role: Type.String(),
  siteId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  /** The server's clock (replayed history runs faster than the wall clock), epoch ms. */
  nowMs: Type.Number(),
});

/** Who the presented key is: the dashboard reads its role here after login. */
export async function meRoutes(app: FastifyInstance, opts: { nowMs: () => number }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/me',
    {
      config: { roles: ['admin', 'operator', 'tenant', 'agent'] },
      schema: {
        summary: "The calling key's id, role, site or tenant, and the server's clock",
        tags: ['auth'],
        response: { 200: MeSchema, ...authErrors },
      },
    },
    async (request) => {
      const principal = request.principal!;
      return {
        keyId: principal.keyId,
        role: principal.role,
        ...(principal.siteId ? { siteId: principal.siteId } : {}),
        ...(principal.tenantId ? { tenantId: principal.tenantId } : {}),
        nowMs: opts.nowMs(),
      };
    },
  );
}
