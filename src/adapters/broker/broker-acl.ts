import type { Principal } from './principal.ts';
import {
  AGENT_PUBLISH_KINDS,
  AGENT_SUBSCRIBE_KINDS,
  isValidSiteId,
  parseSiteTopic,
  TOPIC_ROOT,
} from './topics.ts';

/**
 * The broker's access rules, shared by the embedded broker and the fake:
 * - `server` may publish to and subscribe to anything under `switchyard/v1/`;
 * - `agent` may publish only to its own site's telemetry, acks, events and status, and subscribe
 *   only to its own site's setpoints (the exact topic, no wildcards);
 * - every other role (admin, operator, tenant) may do nothing over MQTT.
 */
export function canPublish(principal: Principal, topic: string): boolean {
  switch (principal.role) {
    case 'server':
      return topic.startsWith(`${TOPIC_ROOT}/`);
    case 'agent': {
      const parsed = parseSiteTopic(topic);
      return (
        parsed !== undefined && ownSite(principal, parsed.siteId) && AGENT_PUBLISH_KINDS.includes(parsed.kind)
      );
    }
    default:
      return false;
  }
}

/** See canPublish. A filter is judged as written: `switchyard/+/...` is refused even to the server. */
export function canSubscribe(principal: Principal, filter: string): boolean {
  switch (principal.role) {
    case 'server':
      return filter.startsWith(`${TOPIC_ROOT}/`);
    case 'agent': {
      const parsed = parseSiteTopic(filter);
      return (
        parsed !== undefined &&
        ownSite(principal, parsed.siteId) &&
        AGENT_SUBSCRIBE_KINDS.includes(parsed.kind)
      );
    }
    default:
      return false;
  }
}

function ownSite(principal: Principal, siteId: string): boolean {
  return principal.siteId !== undefined && isValidSiteId(principal.siteId) && principal.siteId === siteId;
}

/** Client ids starting with this are Switchyard's own: the server's and its site agents'. */
const RESERVED_CLIENT_ID_PREFIX = 'switchyard-';
const AGENT_CLIENT_ID_PREFIX = 'switchyard-agent-';

/**
 * Whether a principal may connect with this client id. The reserved names are bound to who they
 * name: `switchyard-agent-<site>` (or `switchyard-agent-<site>.<suffix>`) only to that site's
 * agent, any other `switchyard-...` only to the server; so no key can take over, or squat on, a
 * real agent's persistent session. Other ids are free (and owned by their first persistent user).
 */
export function mayUseClientId(principal: Principal, clientId: string): boolean {
  if (clientId.startsWith(AGENT_CLIENT_ID_PREFIX)) {
    const named = clientId.slice(AGENT_CLIENT_ID_PREFIX.length).split('.')[0]!;
    return principal.role === 'agent' && principal.siteId === named;
  }
  if (clientId.startsWith(RESERVED_CLIENT_ID_PREFIX)) return principal.role === 'server';
  return true;
}
