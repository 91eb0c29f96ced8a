import type { Principal } from '../adapters/broker/principal.ts';
import type { AuthService } from './services/auth-service.ts';

/**
 * How the embedded broker authenticates a CONNECT: the server by its per-process secret; anyone
 * else by an API key (username = key id, password = the key), through the same AuthService as
 * HTTP, so its failure rate limit and verified-key memory apply to MQTT too. A username that is
 * not the key's id is refused before any secret is checked.
 */
export function brokerAuthenticator(
  auth: AuthService,
  serverSecret: string,
): (username: string, password: string) => Promise<Principal | undefined> {
  return async (username, password) => {
    if (username === 'switchyard-server') return password === serverSecret ? { role: 'server' } : undefined;
    if (!password.startsWith(`sy_${username}_`)) return undefined;
    const principal = await auth.authenticate(password);
    if (!principal || principal.keyId !== username) return undefined;
    return { role: principal.role, siteId: principal.siteId };
  };
}
