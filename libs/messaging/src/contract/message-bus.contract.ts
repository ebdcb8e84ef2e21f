import type {
  InboundMessage,
  MessageConsumer,
  MessagePublisher,
  OutboundMessage,
} from '@tangle/application';
import { waitFor } from '../testing/wait-for';

/** A publisher and consumer on one bus, for one test. */
export interface MessageBusHarness {
  readonly publisher: MessagePublisher;
  readonly consumer: MessageConsumer;
  /** A topic no other test uses, ready to publish to. */
  topic(): Promise<string>;
  /** A consumer group name no other test uses. */
  group(): string;
  /** Stops and closes what the test left open, deletes its topics. */
  dispose(): Promise<void>;
}

export interface MessageBusSemantics {
  /**
   * true (in-process): publish() resolves after every consumer handled every message, and
   * rejects when a handler fails (the publisher publishes again).
   * false (Kafka): publish() resolves once the broker stored the messages; a failed handler gets
   * the message again from the consumer, without the publisher.
   */
  readonly publishWaitsForHandlers: boolean;
  /** How long a delivery may take. */
  readonly deliveryTimeoutMs: number;
  /** How long to watch for a delivery that must not happen. */
  readonly quietMs: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function message(topic: string, key: string, text: string): OutboundMessage {
  return {
    topic,
    key,
    value: encoder.encode(text),
    headers: { 'event-id': `id-${text}`, 'content-type': 'text/plain' },
  };
}

const textOf = (inbound: InboundMessage) => decoder.decode(inbound.value);

/**
 * What every MessagePublisher/MessageConsumer pair must do: deliver in order per key with
 * values and headers intact, to every group, at least once, a failed message again before
 * anything after it, and nothing after stop().
 */
export function describeMessageBusContract(
  name: string,
  semantics: MessageBusSemantics,
  createHarness: () => Promise<MessageBusHarness>,
): void {
  const { publishWaitsForHandlers, deliveryTimeoutMs, quietMs } = semantics;

  /** Publishes like the relay: again after a rejection, until accepted. */
  async function publishUntilAccepted(
    publisher: MessagePublisher,
    messages: OutboundMessage[],
  ): Promise<number> {
    for (let rejections = 0; ; rejections += 1) {
      try {
        await publisher.publish(messages);
        return rejections;
      } catch (error) {
        if (rejections > 10) throw error;
      }
    }
  }

  describe(`MessageBus contract: ${name}`, () => {
    let harness: MessageBusHarness;

    beforeEach(async () => {
      harness = await createHarness();
    });

    afterEach(async () => {
      await harness.dispose();
    });

    it('delivers in order per key, with values and headers intact', async () => {
      const topic = await harness.topic();
      const received: InboundMessage[] = [];
      await harness.consumer.run(topic, harness.group(), async (inbound) => {
        received.push(inbound);
      });
      const sent = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'c2', 'b3'].map((text) =>
        message(topic, `key-${text[0]}`, text),
      );

      await harness.publisher.publish(sent);
      await waitFor(() => received.length >= sent.length, 'all messages', deliveryTimeoutMs);

      expect(received).toHaveLength(sent.length);
      for (const key of ['key-a', 'key-b', 'key-c']) {
        expect(received.filter((m) => m.key === key).map(textOf)).toEqual(
          sent.filter((m) => m.key === key).map((m) => decoder.decode(m.value)),
        );
      }
      for (const inbound of received) {
        const text = textOf(inbound);
        expect(inbound.topic).toBe(topic);
        expect(inbound.headers).toEqual({ 'event-id': `id-${text}`, 'content-type': 'text/plain' });
        expect(inbound.key).toBe(`key-${text[0]}`);
        expect(typeof inbound.offset).toBe('string');
        expect(Number.isInteger(inbound.partition)).toBe(true);
      }
    });

    it('keeps binary values byte for byte', async () => {
      const topic = await harness.topic();
      const received: InboundMessage[] = [];
      await harness.consumer.run(topic, harness.group(), async (inbound) => {
        received.push(inbound);
      });
      const value = Uint8Array.from({ length: 256 }, (_, i) => i);

      await harness.publisher.publish([{ topic, key: 'k', value, headers: {} }]);
      await waitFor(() => received.length === 1, 'the message', deliveryTimeoutMs);

      expect(Buffer.from(received[0].value).equals(Buffer.from(value))).toBe(true);
    });

    it('delivers every message to every group', async () => {
      const topic = await harness.topic();
      const first: string[] = [];
      const second: string[] = [];
      await harness.consumer.run(topic, harness.group(), async (m) => void first.push(textOf(m)));
      await harness.consumer.run(topic, harness.group(), async (m) => void second.push(textOf(m)));

      await harness.publisher.publish([message(topic, 'k', 'x1'), message(topic, 'k', 'x2')]);
      await waitFor(
        () => first.length >= 2 && second.length >= 2,
        'both groups',
        deliveryTimeoutMs,
      );

      expect(first).toEqual(['x1', 'x2']);
      expect(second).toEqual(['x1', 'x2']);
    });

    it('refuses a second handler for the same topic and group', async () => {
      const topic = await harness.topic();
      const group = harness.group();
      await harness.consumer.run(topic, group, async () => undefined);

      await expect(harness.consumer.run(topic, group, async () => undefined)).rejects.toThrow(
        /already consumes/,
      );
    });

    if (publishWaitsForHandlers) {
      it('resolves publish only after the handler has finished with every message', async () => {
        const topic = await harness.topic();
        const handled: string[] = [];
        await harness.consumer.run(topic, harness.group(), async (inbound) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          handled.push(textOf(inbound));
        });

        await harness.publisher.publish([message(topic, 'k', 'p1'), message(topic, 'k', 'p2')]);

        expect(handled).toEqual(['p1', 'p2']);
      });
    } else {
      it('resolves publish once the messages are stored: a group started later reads them', async () => {
        const topic = await harness.topic();

        await harness.publisher.publish([message(topic, 'k', 's1'), message(topic, 'k', 's2')]);
        const received: string[] = [];
        await harness.consumer.run(
          topic,
          harness.group(),
          async (m) => void received.push(textOf(m)),
        );
        await waitFor(() => received.length >= 2, 'the stored messages', deliveryTimeoutMs);

        expect(received).toEqual(['s1', 's2']);
      });
    }

    it('gives a failed message again before anything after it with the same key', async () => {
      const topic = await harness.topic();
      const attempts: string[] = [];
      const handled: string[] = [];
      let failuresLeft = 1;
      await harness.consumer.run(topic, harness.group(), async (inbound) => {
        const text = textOf(inbound);
        attempts.push(text);
        if (text === 'f2' && failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('handler failed once');
        }
        if (!handled.includes(text)) handled.push(text);
      });
      const sent = ['f1', 'f2', 'f3'].map((text) => message(topic, 'same-key', text));

      const rejections = await publishUntilAccepted(harness.publisher, sent);
      await waitFor(
        () => handled.length === 3,
        'the failed message to be handled',
        deliveryTimeoutMs,
      );

      // In-process, the failure rejects publish and the publisher publishes again; Kafka's
      // publish knows nothing of handlers and the consumer delivers the message again itself.
      expect(rejections).toBe(publishWaitsForHandlers ? 1 : 0);
      expect(handled).toEqual(['f1', 'f2', 'f3']);
      expect(attempts.filter((text) => text === 'f2')).toHaveLength(2);
      expect(attempts.indexOf('f3')).toBeGreaterThan(attempts.lastIndexOf('f2'));
    });

    it('delivers nothing after stop()', async () => {
      const topic = await harness.topic();
      const received: string[] = [];
      await harness.consumer.run(
        topic,
        harness.group(),
        async (m) => void received.push(textOf(m)),
      );
      await harness.publisher.publish([message(topic, 'k', 'before')]);
      await waitFor(() => received.length === 1, 'the first message', deliveryTimeoutMs);

      await harness.consumer.stop();
      await harness.publisher.publish([message(topic, 'k', 'after')]);
      await new Promise((resolve) => setTimeout(resolve, quietMs));

      expect(received).toEqual(['before']);
    });
  });
}
