import type {
  InboundMessage,
  MessageConsumer,
  MessagePublisher,
  OutboundMessage,
} from '@tangle/application';

type Handler = (message: InboundMessage) => Promise<void>;

export const DEFAULT_MAX_KEYS_IN_FLIGHT = 8;

export interface InProcessBusOptions {
  /**
   * How many messages one consumer group handles at once, each with a different key
   * (default 8). 1 hands a group one message at a time.
   */
  readonly maxKeysInFlight?: number;
}

/** Counts one group's handler calls in progress; callers over the limit wait in turn. */
class Slots {
  private free: number;
  private waiting: (() => void)[] = [];
  private next = 0;

  constructor(limit: number) {
    this.free = limit;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    if (this.next === this.waiting.length) {
      this.free += 1;
      return;
    }
    const wake = this.waiting[this.next];
    this.next += 1;
    // An index instead of shift(): a batch of many keys can queue many waiters.
    if (this.next === this.waiting.length) {
      this.waiting = [];
      this.next = 0;
    }
    wake();
  }
}

interface Subscriber {
  readonly group: string;
  readonly handler: Handler;
  /** Per key, the group's last delivery queued: the next one with that key waits for it. */
  readonly lanes: Map<string, Promise<void>>;
  readonly slots: Slots;
}

/** One publish() call; once a delivery of it failed, it starts no more. */
interface Publication {
  failure?: { readonly error: unknown };
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
 * Delivery is in publish order per key: a group gets a message only after its handler has
 * handled the one before it with the same key (from this publish or an earlier one). Messages
 * with different keys are handled concurrently, up to `maxKeysInFlight` at once per group, so
 * one group's handlers may overlap and must not depend on an order across keys; groups do not
 * wait for each other.
 *
 * When a handler throws, the publish starts no further delivery (to any group), lets those in
 * progress finish, and rejects with the first failure: nothing after the failed message with its
 * key is delivered, while messages with other keys may or may not have been. The publisher
 * publishes again (the relay does), so groups may see a message more than once and dedupe it.
 * Messages for a topic no group consumes are acknowledged at once: register consumers before
 * publishing starts.
 */
export class InProcessBus implements MessagePublisher, MessageConsumer {
  private readonly topics = new Map<string, Subscriber[]>();
  private readonly nextOffsets = new Map<string, bigint>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxKeysInFlight: number;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    const maxKeysInFlight = options.maxKeysInFlight ?? DEFAULT_MAX_KEYS_IN_FLIGHT;
    if (!Number.isInteger(maxKeysInFlight) || maxKeysInFlight < 1) {
      throw new RangeError(
        `InProcessBus: maxKeysInFlight must be a positive integer, not ${maxKeysInFlight}`,
      );
    }
    this.maxKeysInFlight = maxKeysInFlight;
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    if (this.closed) throw new Error('InProcessBus: publish after close');
    const publication: Publication = {};
    const deliveries: Promise<void>[] = [];
    for (const message of messages) {
      const offset = this.nextOffset(message.topic);
      for (const subscriber of this.topics.get(message.topic) ?? []) {
        deliveries.push(this.deliver(subscriber, message, offset, publication));
      }
    }
    await Promise.all(deliveries);
    if (publication.failure) throw publication.failure.error;
  }

  async run(topic: string, group: string, handler: Handler): Promise<void> {
    const subscribers = this.topics.get(topic) ?? [];
    if (subscribers.some((each) => each.group === group)) {
      throw new Error(`InProcessBus: group ${group} already consumes ${topic}`);
    }
    subscribers.push({ group, handler, lanes: new Map(), slots: new Slots(this.maxKeysInFlight) });
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

  /** Queues the message behind the group's last one with its key; never rejects. */
  private deliver(
    subscriber: Subscriber,
    message: OutboundMessage,
    offset: string,
    publication: Publication,
  ): Promise<void> {
    const { lanes } = subscriber;
    const previous = lanes.get(message.key) ?? Promise.resolve();
    const delivery = previous.then(() => this.handOver(subscriber, message, offset, publication));
    lanes.set(message.key, delivery);
    this.inFlight.add(delivery);
    void delivery.then(() => {
      this.inFlight.delete(delivery);
      if (lanes.get(message.key) === delivery) lanes.delete(message.key);
    });
    return delivery;
  }

  private async handOver(
    subscriber: Subscriber,
    message: OutboundMessage,
    offset: string,
    publication: Publication,
  ): Promise<void> {
    if (publication.failure) return;
    await subscriber.slots.acquire();
    try {
      if (publication.failure) return;
      // Unsubscribed while waiting for its turn: the message is not delivered, so not handled.
      if (!this.isSubscribed(message.topic, subscriber)) {
        throw new Error(`InProcessBus: group ${subscriber.group} stopped consuming`);
      }
      const inbound: InboundMessage = {
        topic: message.topic,
        partition: 0,
        offset,
        key: message.key,
        // A copy, as a broker would hand out: no handler sees another's changes.
        value: Uint8Array.from(message.value),
        headers: Object.freeze({ ...message.headers }),
      };
      try {
        await subscriber.handler(inbound);
      } catch (error) {
        throw new HandlerFailedError(message.topic, subscriber.group, offset, error);
      }
    } catch (error) {
      publication.failure ??= { error };
    } finally {
      subscriber.slots.release();
    }
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
