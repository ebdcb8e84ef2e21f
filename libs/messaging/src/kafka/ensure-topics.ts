import type { Admin } from 'kafkajs';
import { createKafka, type KafkaMessagingConfig } from './kafka-client';

export interface TopicSettings {
  /** Partitions of a topic created here. Default 6: the unit of consumer parallelism. */
  numPartitions?: number;
  /** Default -1: the broker's default.replication.factor. */
  replicationFactor?: number;
}

/**
 * Creates the topics that do not exist yet (on a connected admin); existing ones are left as
 * they are. Returns the names it created.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  settings: TopicSettings = {},
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.numPartitions ?? 6,
      replicationFactor: settings.replicationFactor ?? -1,
    })),
  });
  return missing;
}

/** ensureTopics with an admin client of its own, for startup. */
export async function ensureKafkaTopics(
  config: KafkaMessagingConfig,
  topics: readonly string[],
  settings: TopicSettings = {},
): Promise<string[]> {
  const admin = createKafka(config).admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, topics, settings);
  } finally {
    await admin.disconnect();
  }
}
