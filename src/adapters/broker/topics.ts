/**
 * The versioned MQTT topics between the control plane and the site agents, one set per site:
 *
 * | topic                                  | direction        | retained | payload           |
 * |----------------------------------------|------------------|----------|-------------------|
 * | `switchyard/v1/sites/{siteId}/telemetry` | agent -> server | no       | TelemetryMessage  |
 * | `switchyard/v1/sites/{siteId}/setpoints` | server -> agent | yes      | SetpointMessage   |
 * | `switchyard/v1/sites/{siteId}/acks`      | agent -> server | no       | AckMessage        |
 * | `switchyard/v1/sites/{siteId}/events`    | agent -> server | no       | EventMessage      |
 * | `switchyard/v1/sites/{siteId}/status`    | agent -> server | yes      | StatusMessage (the agent's last will is `{"online":false}`) |
 *
 * A breaking change to a payload gets a new version segment (`v2`), served side by side.
 */

/** Everything Switchyard publishes lives under this root. */
export const TOPIC_ROOT = 'switchyard/v1';

/** The per-site topics, by the last topic level. */
export const SITE_TOPIC_KINDS = ['telemetry', 'setpoints', 'acks', 'events', 'status'] as const;
export type SiteTopicKind = (typeof SITE_TOPIC_KINDS)[number];

/** Topics an agent publishes to (its own site's only). */
export const AGENT_PUBLISH_KINDS: readonly SiteTopicKind[] = ['telemetry', 'acks', 'events', 'status'];
/** Topics an agent subscribes to (its own site's only). */
export const AGENT_SUBSCRIBE_KINDS: readonly SiteTopicKind[] = ['setpoints'];

/** Same rule as site ids in the fleet file, bounded so a topic stays short. */
const SITE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** True for a site id that may appear in a topic: lower-case letters, digits, `-`, `_`; at most 64 characters. */
export function isValidSiteId(siteId: string): boolean {
  return SITE_ID.test(siteId);
}

/** `switchyard/v1/sites/{siteId}/{kind}`. Throws a TypeError for a malformed site id (a programming error). */
export function siteTopic(siteId: string, kind: SiteTopicKind): string {
  if (!isValidSiteId(siteId)) {
    throw new TypeError(`invalid site id ${JSON.stringify(siteId)} for an MQTT topic`);
  }
  return `${TOPIC_ROOT}/sites/${siteId}/${kind}`;
}

/** `switchyard/v1/sites/+/{kind}`: that kind of topic for every site. */
export function allSitesFilter(kind: SiteTopicKind): string {
  return `${TOPIC_ROOT}/sites/+/${kind}`;
}

/** `switchyard/v1/sites/{siteId}/#`: every topic of one site. */
export function siteFilter(siteId: string): string {
  if (!isValidSiteId(siteId)) {
    throw new TypeError(`invalid site id ${JSON.stringify(siteId)} for an MQTT topic`);
  }
  return `${TOPIC_ROOT}/sites/${siteId}/#`;
}

export interface ParsedSiteTopic {
  readonly siteId: string;
  readonly kind: SiteTopicKind;
}

/** Splits a concrete per-site topic; undefined for anything else (other root, malformed site id, unknown kind). */
export function parseSiteTopic(topic: string): ParsedSiteTopic | undefined {
  const levels = topic.split('/');
  if (levels.length !== 5) return undefined;
  const [root, version, sites, siteId, kind] = levels;
  if (`${root}/${version}` !== TOPIC_ROOT || sites !== 'sites') return undefined;
  if (siteId === undefined || !isValidSiteId(siteId)) return undefined;
  if (!isSiteTopicKind(kind)) return undefined;
  return { siteId, kind };
}

export function isSiteTopicKind(value: string | undefined): value is SiteTopicKind {
  return (SITE_TOPIC_KINDS as readonly (string | undefined)[]).includes(value);
}
