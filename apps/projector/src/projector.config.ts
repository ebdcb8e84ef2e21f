import { resolve } from 'node:path';
import { integrationTopicsFrom, type IntegrationTopics } from '@tangle/messaging';

export interface ProjectorConfig {
  dataDir: string;
  eventStoreUrl: string | null;
  mongoUrl: string | null;
  kafkaBrokers: string[];
  /** Where the relay publishes: EVENTS_TOPIC, MAIL_TOPIC. */
  integrationTopics: IntegrationTopics;
  batchSize: number;
  /** DATA_KEY_ENCRYPTION_KEY: the auth service's, to open personal fields; null: the key file. */
  dataKeyEncryptionKey: Buffer | null;
  /** Where /healthz and /readyz answer (0.0.0.0), or null for none. */
  healthPort: number | null;
  /** /readyz fails while the read models or the relay trail $all by more than this. */
  readyMaxLagMs: number;
}

export function loadProjectorConfig(
  env: Record<string, string | undefined> = process.env,
): ProjectorConfig {
  const batchSize = Number(env.PROJECTION_BATCH_SIZE || 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new Error('PROJECTION_BATCH_SIZE must be an integer from 1 to 10000');
  }
  const dataKeyEncryptionKey = env.DATA_KEY_ENCRYPTION_KEY
    ? Buffer.from(env.DATA_KEY_ENCRYPTION_KEY, 'base64')
    : null;
  if (dataKeyEncryptionKey && dataKeyEncryptionKey.length !== 32) {
    throw new Error('DATA_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  }
  const healthPort = env.HEALTH_PORT ? Number(env.HEALTH_PORT) : null;
  if (
    healthPort !== null &&
    (!Number.isInteger(healthPort) || healthPort < 1 || healthPort > 65535)
  ) {
    throw new Error('HEALTH_PORT must be a TCP port (1-65535)');
  }
  const readyMaxLagMs = Number(env.READY_MAX_LAG_MS || 30_000);
  if (!Number.isInteger(readyMaxLagMs) || readyMaxLagMs < 1_000) {
    throw new Error('READY_MAX_LAG_MS must be an integer of at least 1000');
  }
  return {
    dataKeyEncryptionKey,
    healthPort,
    readyMaxLagMs,
    dataDir: resolve(env.DATA_DIR || 'var'),
    eventStoreUrl: env.EVENTSTORE_URL || null,
    mongoUrl: env.MONGO_URL || null,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    integrationTopics: integrationTopicsFrom(env),
    batchSize,
  };
}
