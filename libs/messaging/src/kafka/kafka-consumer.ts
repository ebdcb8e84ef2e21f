import type { InboundMessage, MessageConsumer } from '@tangle/application';
import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import { defaultMessagingLogger, errorText, type MessagingLogger } from '../logger';
import { createKafka, type KafkaMessagingConfig } from './kafka-client';

type Handler = (message: InboundMessage) => Promise<void>;

export interface KafkaConsumerOptions {
  /** First delay before a failed message is handled again; doubles up to the maximum. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Where a group with no committed offset starts. Default true: nothing is missed. */
  fromBeginning?: boolean;
  /**
   * How long the broker holds a fetch that finds nothing new (kafkajs's maxWaitTimeInMs, default
   * 5 000). stop() waits for the fetch in flight, so this is also how long a stop can take.
   */
  maxFetchWaitMs?: number;
  /**
   * The group's session timeout (kafkajs default 30 000; the broker bounds it by its
   * group.min/max.session.timeout.ms) and how often a member heartbeats (default 3 000), also
   * while a handler is still working on a message.
   */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

/**
 * Consumes Kafka topics, one kafkajs consumer per (topic, group). Offsets are committed by
 * hand, one message at a time, only after its handler resolved; a crash redelivers what was in
 * flight. A handler that throws gets the same message again (with backoff, heartbeating in
 * between) until it succeeds or the consumer stops, and nothing after it in that partition is
 * delivered meanwhile.
 */
export class KafkaConsumer implements MessageConsumer {
  private readonly kafka: Kafka;
  private readonly logger: MessagingLogger;
  private readonly consumers = new Map<string, Consumer>();
  private readonly sleepers = new Set<() => void>();
  /** Consumers that crashed for good (kafkajs gave up restarting them), with the cause. */
  private readonly crashed = new Map<string, string>();
  private stopping = false;

  constructor(
    config: KafkaMessagingConfig,
    private readonly options: KafkaConsumerOptions = {},
    kafka?: Kafka,
  ) {
    this.kafka = kafka ?? createKafka(config);
    this.logger = config.logger ?? defaultMessagingLogger;
  }

  /** Resolves once the consumer has joined its group and runs. */
  async run(topic: string, group: string, handler: Handler): Promise<void> {
    if (this.stopping) throw new Error('KafkaConsumer: run after stop');
    const id = `${topic}\u0000${group}`;
    if (this.consumers.has(id)) {
      throw new Error(`KafkaConsumer: group ${group} already consumes ${topic}`);
    }
    const consumer = this.kafka.consumer({
      groupId: group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxFetchWaitMs,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
    });
    this.consumers.set(id, consumer);
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.crashed.set(id, event.payload.error.message);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [topic],
        fromBeginning: this.options.fromBeginning ?? true,
      });
      await consumer.run({
        autoCommit: false,
        eachMessage: (payload) => this.handle(consumer, group, handler, payload),
      });
    } catch (error) {
      this.consumers.delete(id);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Whether every consumer still runs: false once one crashed for good, naming it. */
  health(): { ok: boolean; detail: string } {
    if (this.crashed.size === 0) {
      return { ok: this.consumers.size > 0, detail: `${this.consumers.size} consumer(s) running` };
    }
    const [id, cause] = [...this.crashed][0];
    return { ok: false, detail: `${id.replace('\u0000', ' as ')} crashed: ${cause}` };
  }

  /** Stops every consumer (the message in flight is not committed) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
  }

  private async handle(
    consumer: Consumer,
    group: string,
    handler: Handler,
    { topic, partition, message, heartbeat }: EachMessagePayload,
  ): Promise<void> {
    const inbound: InboundMessage = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? '',
      value: message.value ?? new Uint8Array(0),
      headers: headersOf(message.headers),
    };
    for (let attempt = 1; ; attempt += 1) {
      // Returning without a commit leaves the message to the next run of the group.
      if (this.stopping) return;
      try {
        await this.heartbeating(heartbeat, () => handler(inbound));
        break;
      } catch (error) {
        if (this.stopping) return;
        const retryInMs = this.backoff(attempt);
        this.logger.error(
          {
            topic,
            partition,
            offset: message.offset,
            group,
            attempt,
            retryInMs,
            err: errorText(error),
          },
          'message handler failed; handling the message again',
        );
        await this.sleep(retryInMs);
        // Keeps the group membership while the message waits; throws when a rebalance took the
        // partition away, and kafkajs then rejoins and the new owner gets the message.
        if (!this.stopping) await heartbeat();
      }
    }
    await consumer.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }

  /**
   * kafkajs heartbeats only between messages, so a handler that outlasts the session timeout (a
   * slow SMTP server) would get the member evicted: the partition moves, the message is handled
   * again elsewhere, and every slow mail starts a rebalance. The heartbeat goes on meanwhile.
   */
  private async heartbeating<T>(
    heartbeat: () => Promise<void>,
    work: () => Promise<T>,
  ): Promise<T> {
    const timer = setInterval(() => {
      // A failed beat (a rebalance under way) is for kafkajs to act on after the handler.
      heartbeat().catch(() => undefined);
    }, this.options.heartbeatIntervalMs ?? 3_000);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private backoff(attempt: number): number {
    const first = this.options.retryDelayMs ?? 200;
    const max = this.options.maxRetryDelayMs ?? 10_000;
    return Math.min(first * 2 ** Math.min(attempt - 1, 20), max);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
