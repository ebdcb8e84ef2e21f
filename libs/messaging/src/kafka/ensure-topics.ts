import type { Admin } from 'kafkajs';
import { createKafka, type KafkaMessagingConfig } from './kafka-client';

export interface TopicSettings {
  /** Partitions of a topic created here. Default 6: the unit of consumer parallelism. */
  numPartitions?: number;
  /** Default -1: the broker's default.replication.factor. */
  replicationFactor?: number;
  /** How long to wait for the new topics' partition leaders. Default 30 s. */
  leaderTimeoutMs?: number;
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
    // kafkajs's own wait retries only LEADER_NOT_AVAILABLE; a KRaft broker whose metadata
    // cache lags answers UNKNOWN_TOPIC_OR_PARTITION for a moment too, so we wait ourselves.
    waitForLeaders: false,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.numPartitions ?? 6,
      replicationFactor: settings.replicationFactor ?? -1,
    })),
  });
  await waitForLeaders(admin, missing, settings.leaderTimeoutMs ?? 30_000);
  return missing;
}

/** Until every partition of the topics has a leader; retriable metadata errors are waited out. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1_000)) {
    let reason: string;
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const leaderless = found.filter((t) => t.partitions.some((p) => p.leader < 0));
      if (found.length === topics.length && leaderless.length === 0) return;
      reason = `no leader yet for ${leaderless.map((t) => t.name).join(', ') || 'some topics'}`;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable) throw error;
      reason = String((error as Error).message);
    }
    if (Date.now() + delayMs > deadline) {
      throw new Error(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
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
