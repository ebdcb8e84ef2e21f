import { resolve } from 'node:path';

export interface ProjectorConfig {
  dataDir: string;
  eventStoreUrl: string | null;
  mongoUrl: string | null;
  kafkaBrokers: string[];
  batchSize: number;
  /** DATA_KEY_ENCRYPTION_KEY: the auth service's, to open personal fields; null: the key file. */
  dataKeyEncryptionKey: Buffer | null;
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
  return {
    dataKeyEncryptionKey,
    dataDir: resolve(env.DATA_DIR || 'var'),
    eventStoreUrl: env.EVENTSTORE_URL || null,
    mongoUrl: env.MONGO_URL || null,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    batchSize,
  };
}
