/** Who a broker connection acts as: the API key behind its username and password. */
export interface Principal {
  readonly role: PrincipalRole;
  /** For role agent: the one site it may act for. */
  readonly siteId?: string;
}

/** The API-key roles plus `server`, the control plane's own connection. */
export type PrincipalRole = 'admin' | 'operator' | 'tenant' | 'agent' | 'server';

/** `agent:<siteId>`, `server`, ...: how a principal is named in logs and session ownership. */
export function principalName(principal: Principal): string {
  return principal.siteId === undefined ? principal.role : `${principal.role}:${principal.siteId}`;
}
