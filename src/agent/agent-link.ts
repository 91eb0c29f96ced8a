import { type LastWill, siteTopic } from '../adapters/broker/index.ts';
import { ConfigError } from '../core/errors/index.ts';

/** The agent's MQTT client id: stable per site, so its persistent session is found again. */
export function agentClientId(siteId: string): string {
  return `switchyard-agent-${siteId}`;
}

/** The last will: `{"online":false}` retained on the site's status topic. */
export function agentStatusWill(siteId: string): LastWill {
  return { topic: siteTopic(siteId, 'status'), payload: { online: false }, retain: true };
}

/**
 * Broker credentials from an agent API key `sy_<id>_<secret>`: the username is the key id (the
 * middle part), the password the whole key, which is what the control plane's broker checks.
 */
export function brokerLoginFromKey(key: string): { username: string; password: string } {
  const trimmed = key.trim();
  const match = /^sy_([A-Za-z0-9-]+)_(.+)$/.exec(trimmed);
  if (match === null) {
    throw new ConfigError('--key', [
      { path: 'key', message: 'is not an API key of the form sy_<id>_<secret>' },
    ]);
  }
  return { username: match[1]!, password: trimmed };
}
