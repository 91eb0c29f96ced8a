import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { MeContract } from '../contracts/identity-contract.ts';
import { authErrors } from './schemas.ts';

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
        response: { 200: MeContract, ...authErrors },
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
