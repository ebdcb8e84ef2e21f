import type {
  ConsumerConfig,
  ConsumerRunConfig,
  EachMessagePayload,
  IHeaders,
  ITopicConfig,
  Kafka,
  ProducerBatch,
  ProducerConfig,
  TopicPartitionOffsetAndMetadata,
} from 'kafkajs';

interface StoredMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/**
 * A broker in memory with the kafkajs surface the adapters use: keyed partitioning, committed
 * offsets per group, and a consumer that, like kafkajs, goes back to the committed offset when
 * eachMessage throws. One consumer per group owns all partitions (no rebalancing).
 */
export class FakeKafkaCluster {
  readonly topics = new Map<string, StoredMessage[][]>();
  readonly committed = new Map<string, bigint>();
  readonly producerConfigs: ProducerConfig[] = [];
  readonly consumerConfigs: ConsumerConfig[] = [];
  readonly runConfigs: ConsumerRunConfig[] = [];
  readonly batches: ProducerBatch[] = [];
  readonly commits: TopicPartitionOffsetAndMetadata[] = [];
  /** Sends that fail before reaching the log, to simulate a broker outage. */
  failingSends = 0;
  connections = 0;
  private readonly wakers = new Set<() => void>();
  private readonly crashListeners = new Set<(error: Error, restart: boolean) => void>();

  /** As kafkajs does on a fatal error: every consumer emits CRASH; without restart it stops. */
  crashConsumers(error: Error, restart: boolean): void {
    for (const listener of [...this.crashListeners]) listener(error, restart);
  }

  createTopic(topic: string, partitions = 3): void {
    if (!this.topics.has(topic)) {
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
    }
  }

  asKafka(): Kafka {
    return {
      producer: (config: ProducerConfig = {}) => this.producer(config),
      consumer: (config: ConsumerConfig) => this.consumer(config),
      admin: () => this.admin(),
    } as unknown as Kafka;
  }

  committedOffset(group: string, topic: string, partition: number): bigint | undefined {
    return this.committed.get(`${group}|${topic}|${partition}`);
  }

  private producer(config: ProducerConfig) {
    this.producerConfigs.push(config);
    let connected = false;
    return {
      connect: async () => {
        this.connections += 1;
        connected = true;
      },
      disconnect: async () => {
        connected = false;
      },
      sendBatch: async (batch: ProducerBatch) => {
        if (!connected) throw new Error('producer not connected');
        this.batches.push(batch);
        if (this.failingSends > 0) {
          this.failingSends -= 1;
          throw new Error('KafkaJSNumberOfRetriesExceeded: broker unavailable');
        }
        for (const { topic, messages } of batch.topicMessages ?? []) {
          const partitions = this.topics.get(topic);
          if (!partitions) throw new Error(`unknown topic ${topic}`);
          for (const message of messages) {
            const key =
              message.key === undefined || message.key === null ? null : Buffer.from(message.key);
            partitions[partitionOf(key, partitions.length)].push({
              key,
              value: message.value === null ? null : Buffer.from(message.value),
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [
                  name,
                  Buffer.from(String(value)),
                ]),
              ),
            });
          }
        }
        for (const wake of [...this.wakers]) wake();
        return [];
      },
    };
  }

  private consumer(config: ConsumerConfig) {
    this.consumerConfigs.push(config);
    const group = config.groupId;
    let topic = '';
    let fromBeginning = false;
    let running = false;
    let loops: Promise<void>[] = [];
    const events = { CRASH: 'consumer.crash' };
    return {
      events,
      on: (
        event: string,
        listener: (event: { payload: { error: Error; restart: boolean } }) => void,
      ) => {
        if (event !== events.CRASH) return () => undefined;
        const crash = (error: Error, restart: boolean) => {
          if (!restart) running = false;
          listener({ payload: { error, restart } });
        };
        this.crashListeners.add(crash);
        return () => this.crashListeners.delete(crash);
      },
      connect: async () => {
        this.connections += 1;
      },
      subscribe: async (subscription: { topics: string[]; fromBeginning?: boolean }) => {
        [topic] = subscription.topics;
        fromBeginning = subscription.fromBeginning ?? false;
        if (!this.topics.has(topic)) throw new Error(`unknown topic ${topic}`);
      },
      run: async (runConfig: ConsumerRunConfig) => {
        this.runConfigs.push(runConfig);
        running = true;
        const partitions = this.topics.get(topic)!;
        loops = partitions.map((log, partition) => {
          const start = () =>
            this.committedOffset(group, topic, partition) ??
            (fromBeginning ? 0n : BigInt(log.length));
          let position = start();
          return (async () => {
            while (running) {
              if (position >= BigInt(log.length)) {
                await this.nextSend(20);
                continue;
              }
              const stored = log[Number(position)];
              const payload = {
                topic,
                partition,
                message: { ...stored, offset: position.toString(), timestamp: '0', attributes: 0 },
                heartbeat: async () => undefined,
                pause: () => () => undefined,
              } as unknown as EachMessagePayload;
              try {
                await runConfig.eachMessage!(payload);
                position += 1n;
              } catch {
                // kafkajs crashes the consumer and restarts it from the committed offset.
                await this.nextSend(20);
                position = start();
              }
            }
          })();
        });
      },
      commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[]) => {
        for (const offset of offsets) {
          this.commits.push(offset);
          this.committed.set(`${group}|${offset.topic}|${offset.partition}`, BigInt(offset.offset));
        }
      },
      disconnect: async () => {
        running = false;
        await Promise.all(loops);
      },
    };
  }

  private admin() {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [...this.topics.keys()],
      createTopics: async ({ topics }: { topics: ITopicConfig[] }) => {
        for (const each of topics) this.createTopic(each.topic, each.numPartitions ?? 1);
        return true;
      },
      deleteTopics: async ({ topics }: { topics: string[] }) => {
        for (const each of topics) this.topics.delete(each);
      },
    };
  }

  private nextSend(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxMs);
      this.wakers.add(wake);
    });
  }
}

function partitionOf(key: Buffer | null, count: number): number {
  if (key === null) return 0;
  let hash = 0;
  for (const byte of key) hash = (hash * 31 + byte) >>> 0;
  return hash % count;
}
