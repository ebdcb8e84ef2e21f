import type {
  InboundMessage,
  MessageConsumer,
  MessagePublisher,
  OutboundMessage,
} from '@tangle/application';

type Handler = (message: InboundMessage) => Promise<void>;

interface Subscriber {
  readonly group: string;
  readonly handler: Handler;
  /** The subscriber's last delivery: deliveries to one subscriber run one at a time. */
  tail: Promise<void>;
}

/** Thrown by publish() when a consumer's handler failed; the message counts as not delivered. */
export class HandlerFailedError extends Error {
  constructor(
    readonly topic: string,
    readonly group: string,
    readonly offset: string,
    override readonly cause: unknown,
  ) {
    super(
      `Handler of group ${group} failed on ${topic}@${offset}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
    this.name = 'HandlerFailedError';
  }
}

/**
 * The message bus of embedded mode: publisher and consumer in one process, one partition per
 * topic. publish() resolves only after every consumer group's handler has handled every
 * message, so whoever publishes (the relay) moves its checkpoint only past handled messages.
 *
 * Delivery is in publish order, one message at a time per group. When a handler throws,
 * publish() rejects at that message and delivers nothing after it; the publisher publishes
 * again (the relay does), so groups may see a message more than once and dedupe it. Messages
 * for a topic no group consumes are acknowledged at once: register consumers before
 * publishing starts.
 */
export class InProcessBus implements MessagePublisher, MessageConsumer {
  private readonly topics = new Map<string, Subscriber[]>();
  private readonly nextOffsets = new Map<string, bigint>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    if (this.closed) throw new Error('InProcessBus: publish after close');
    for (const message of messages) {
      const offset = this.nextOffset(message.topic);
      for (const subscriber of [...(this.topics.get(message.topic) ?? [])]) {
        await this.deliver(subscriber, message, offset);
      }
    }
  }

  async run(topic: string, group: string, handler: Handler): Promise<void> {
    const subscribers = this.topics.get(topic) ?? [];
    if (subscribers.some((each) => each.group === group)) {
      throw new Error(`InProcessBus: group ${group} already consumes ${topic}`);
    }
    subscribers.push({ group, handler, tail: Promise.resolve() });
    this.topics.set(topic, subscribers);
  }

  /** Unsubscribes every handler and waits for the deliveries in progress to settle. */
  async stop(): Promise<void> {
    this.topics.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private deliver(subscriber: Subscriber, message: OutboundMessage, offset: string): Promise<void> {
    const inbound: InboundMessage = {
      topic: message.topic,
      partition: 0,
      offset,
      key: message.key,
      // A copy, as a broker would hand out: no handler sees another's changes.
      value: Uint8Array.from(message.value),
      headers: Object.freeze({ ...message.headers }),
    };
    const delivery = subscriber.tail.then(async () => {
      // Unsubscribed while waiting for its turn: the message is not delivered, so not handled.
      if (!this.isSubscribed(message.topic, subscriber)) {
        throw new Error(`InProcessBus: group ${subscriber.group} stopped consuming`);
      }
      try {
        await subscriber.handler(inbound);
      } catch (error) {
        throw new HandlerFailedError(message.topic, subscriber.group, offset, error);
      }
    });
    subscriber.tail = delivery.catch(() => undefined);
    this.inFlight.add(delivery);
    void delivery.catch(() => undefined).finally(() => this.inFlight.delete(delivery));
    return delivery;
  }

  private isSubscribed(topic: string, subscriber: Subscriber): boolean {
    return this.topics.get(topic)?.includes(subscriber) ?? false;
  }

  private nextOffset(topic: string): string {
    const offset = this.nextOffsets.get(topic) ?? 0n;
    this.nextOffsets.set(topic, offset + 1n);
    return offset.toString();
  }
}
