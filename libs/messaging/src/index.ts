export { type AccountContact } from './account-contact';
export { SCHEMA_VERSION } from './event-header';
export { toIntegrationMessages, type MappingContext } from './integration-events';
export { HandlerFailedError, InProcessBus } from './in-process/in-process-bus';
export { ensureKafkaTopics, ensureTopics, type TopicSettings } from './kafka/ensure-topics';
export { createKafka, type KafkaMessagingConfig } from './kafka/kafka-client';
export { KafkaConsumer, type KafkaConsumerOptions } from './kafka/kafka-consumer';
export { KafkaPublisher, type KafkaPublisherOptions } from './kafka/kafka-publisher';
export { defaultMessagingLogger, type MessagingLogger } from './logger';
export {
  decodeMailRequest,
  encodeMailRequest,
  MAIL_REQUESTED_TYPE,
  UndecodableMailRequestError,
} from './mail-request-codec';
export { MAIL_EVENT_TYPES, needsAccountContact, toMailRequest } from './mail-requests';
export { Headers, PROTOBUF_CONTENT_TYPE } from './message-headers';
export {
  openCheckpointStore,
  type CheckpointAndLeaseStore,
  type CheckpointStoreConfig,
} from './open-checkpoint-store';
export { openMessaging, type Messaging, type MessagingConfig } from './open-messaging';
export {
  decodeIntegrationEvent,
  encodeIntegrationEvent,
  PUBLIC_EVENT_TYPES,
  toPublicEvent,
  type PublicEvent,
} from './public-events';
export { AccountEmails } from './relay/account-emails';
export {
  IntegrationRelay,
  INTEGRATION_RELAY,
  RELAY_ORIGIN,
  type IntegrationRelayOptions,
} from './relay/integration-relay';
export {
  MongoCheckpointStore,
  type MongoCheckpointStoreOptions,
} from './checkpoints/mongo-checkpoint-store';
export { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store';
export { v1 } from './schema';
export {
  claimOrRefuse,
  EXIT_LEASE_HELD,
  leaseHolderName,
  READ_MODELS_LEASE,
  RELAY_LEASE,
} from './writer-leases';
export { DEFAULT_TOPICS, integrationTopicsFrom, type IntegrationTopics } from './topics';
export * from './target-changes';
