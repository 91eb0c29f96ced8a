// broker.contract.ts is not re-exported: it imports vitest. Test files import it directly.

export { canPublish, canSubscribe } from './broker-acl.ts';
export {
  type BrokerClient,
  type BrokerClientEvent,
  encodePayload,
  type LastWill,
  type MessageHandler,
  type PublishOptions,
} from './broker-client.ts';
export { brokerConnectError } from './broker-connect-error.ts';
export { type BrokerLog, consoleBrokerLog } from './broker-log.ts';
export { type EmbeddedBroker, type EmbeddedBrokerOptions, startEmbeddedBroker } from './embedded-broker.ts';
export {
  FakeBroker,
  FakeBrokerClient,
  type FakeBrokerOptions,
  type FakeConnectOptions,
  type FakePublished,
} from './fake-broker-client.ts';
export { Inbox, type InboxMessage } from './inbox.ts';
export { messageInvalidError } from './message-invalid-error.ts';
export {
  type AckMessage,
  ackMessageSchema,
  checkMessage,
  type DecodeResult,
  decodeMessage,
  type EventMessage,
  eventMessageSchema,
  MAX_MESSAGE_BYTES,
  type MessageOfTopic,
  REJECTION_KINDS,
  type RejectionKind,
  type SetpointMessage,
  type StatusMessage,
  setpointMessageSchema,
  statusMessageSchema,
  type TelemetryMessage,
  telemetryMessageSchema,
} from './messages.ts';
export { type BrokerConnectOptions, connectBroker, MqttBrokerClient } from './mqtt-broker-client.ts';
export { type Principal, type PrincipalRole, principalName } from './principal.ts';
export {
  type ChannelRejection,
  SiteChannel,
  type SiteChannelHandlers,
  type SiteChannelOptions,
} from './site-channel.ts';
export { isValidTopicFilter, isValidTopicName, topicMatches } from './topic-filter.ts';
export {
  AGENT_PUBLISH_KINDS,
  AGENT_SUBSCRIBE_KINDS,
  allSitesFilter,
  isSiteTopicKind,
  isValidSiteId,
  type ParsedSiteTopic,
  parseSiteTopic,
  SITE_TOPIC_KINDS,
  type SiteTopicKind,
  siteFilter,
  siteTopic,
  TOPIC_ROOT,
} from './topics.ts';
