import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Role } from '../../core/ports/storage.ts';
import type { AuthService, Principal } from '../services/auth-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Roles that may call the route; `public` for no authentication (health, docs). */
    roles?: readonly Role[] | 'public';
  }
}

/**
 * Every route declares who may call it in `config.roles`. A route that declares nothing is refused
 * to everyone: nothing is open by default. Keys come as `Authorization: Bearer <key>`.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.addHook('onRequest', async (request) => {
    const roles = request.routeOptions.config.roles;
    const url = request.routeOptions.url;
    if (roles === 'public' || url === undefined || url === '/docs' || url.startsWith('/docs/')) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const checked = token ? await auth.check(token) : { ok: false as const };
    if (!checked.ok && checked.retryAfterSeconds !== undefined) {
      throw new SwitchyardError(
        'SY_ERR_AUTH_RATE_LIMITED',
        `too many failed attempts for this key id; try again in ${checked.retryAfterSeconds} s`,
        { retryAfterSeconds: checked.retryAfterSeconds },
      );
    }
    const principal = checked.ok ? checked.principal : undefined;
    if (!principal) {
      throw new SwitchyardError(
        'SY_ERR_AUTH_REQUIRED',
        'send a valid API key as "Authorization: Bearer <key>"',
      );
    }
    if (!roles?.includes(principal.role)) {
      throw new SwitchyardError(
        'SY_ERR_AUTH_FORBIDDEN',
        `role ${principal.role} may not call ${request.method} ${request.routeOptions.url}`,
        {
          role: principal.role,
          allowed: roles ?? [],
        },
      );
    }
    request.principal = principal;
  });
}

/** The caller, for audit records. */
export function actorOf(request: FastifyRequest): string {
  return request.principal ? `apikey:${request.principal.keyId}` : 'anonymous';
}

/** Agents act only for their own site; other roles for any. */
export function assertSiteAccess(request: FastifyRequest, siteId: string): void {
  const principal = request.principal;
  if (principal?.role === 'agent' && principal.siteId !== siteId) {
    throw new SwitchyardError(
      'SY_ERR_AUTH_FORBIDDEN',
      `agent key of site ${principal.siteId} may not act for site ${siteId}`,
    );
  }
}
