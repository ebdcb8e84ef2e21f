import type { InboundMessage } from '@tangle/application';
import { describeMessageBusContract } from '../contract/message-bus.contract';
import { DEFAULT_MAX_KEYS_IN_FLIGHT, HandlerFailedError, InProcessBus } from './in-process-bus';

let topics = 0;
let groups = 0;

describeMessageBusContract(
  'in-process',
  { publishWaitsForHandlers: true, deliveryTimeoutMs: 1_000, quietMs: 50 },
  async () => {
    const bus = new InProcessBus();
    return {
      publisher: bus,
      consumer: bus,
      topic: async () => `topic-${++topics}`,
      group: () => `group-${++groups}`,
      dispose: async () => {
        await bus.stop();
        await bus.close();
      },
    };
  },
);

const message = (topic: string, text: string, key = 'k') => ({
  topic,
  key,
  value: new TextEncoder().encode(text),
  headers: {},
});

const textOf = (inbound: InboundMessage) => new TextDecoder().decode(inbound.value);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A handler that counts how many of its calls overlap, overall and per key. */
function overlapCounter(work: (inbound: InboundMessage) => Promise<void>) {
  const perKey = new Map<string, number>();
  const counter = {
    active: 0,
    maxActive: 0,
    maxActivePerKey: 0,
    handler: async (inbound: InboundMessage) => {
      counter.active += 1;
      counter.maxActive = Math.max(counter.maxActive, counter.active);
      const sameKey = (perKey.get(inbound.key) ?? 0) + 1;
      perKey.set(inbound.key, sameKey);
      counter.maxActivePerKey = Math.max(counter.maxActivePerKey, sameKey);
      try {
        await work(inbound);
      } finally {
        counter.active -= 1;
        perKey.set(inbound.key, (perKey.get(inbound.key) ?? 1) - 1);
      }
    },
  };
  return counter;
}

describe('InProcessBus', () => {
  it('acknowledges messages for a topic nobody consumes', async () => {
    const bus = new InProcessBus();

    await expect(bus.publish([message('nobody', 'x')])).resolves.toBeUndefined();
  });

  it('rejects with the failing group and offset and delivers nothing after the failure', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    await bus.run('t', 'mailer', async (inbound) => {
      const text = new TextDecoder().decode(inbound.value);
      seen.push(text);
      if (text === 'bad') throw new Error('smtp down');
    });

    const publishing = bus.publish([
      message('t', 'ok'),
      message('t', 'bad'),
      message('t', 'later'),
    ]);

    await expect(publishing).rejects.toBeInstanceOf(HandlerFailedError);
    await expect(publishing).rejects.toMatchObject({ topic: 't', group: 'mailer', offset: '1' });
    expect(seen).toEqual(['ok', 'bad']);
  });

  it('numbers offsets per topic', async () => {
    const bus = new InProcessBus();
    const offsets: string[] = [];
    await bus.run('t', 'g', async (inbound: InboundMessage) => void offsets.push(inbound.offset));

    await bus.publish([message('t', 'a'), message('other', 'b'), message('t', 'c')]);

    expect(offsets).toEqual(['0', '1']);
  });

  it('hands each group a copy, so one handler cannot change what another reads', async () => {
    const bus = new InProcessBus();
    const seen: number[] = [];
    await bus.run('t', 'vandal', async (inbound) => {
      (inbound.value as Uint8Array).fill(0);
    });
    await bus.run('t', 'reader', async (inbound) => void seen.push(...inbound.value));

    await bus.publish([{ topic: 't', key: 'k', value: Uint8Array.from([1, 2, 3]), headers: {} }]);

    expect(seen).toEqual([1, 2, 3]);
  });

  it('hands over one message per key at a time, in order, across concurrent publishes', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    const counter = overlapCounter(async (inbound) => {
      await sleep(5);
      seen.push(textOf(inbound));
    });
    await bus.run('t', 'g', counter.handler);

    await Promise.all([
      bus.publish([message('t', 'a'), message('t', 'b')]),
      bus.publish([message('t', 'c')]),
    ]);

    expect(counter.maxActive).toBe(1);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('handles different keys concurrently and each key in publish order', async () => {
    const bus = new InProcessBus();
    const seen = new Map<string, number[]>();
    const counter = overlapCounter(async (inbound) => {
      await sleep(Math.random() * 3);
      const [key, index] = textOf(inbound).split(':');
      seen.set(key, [...(seen.get(key) ?? []), Number(index)]);
    });
    await bus.run('t', 'g', counter.handler);
    const sent = Array.from({ length: 200 }, (_, i) => {
      const key = `user-${Math.floor(Math.random() * 10)}`;
      return message('t', `${key}:${i}`, key);
    });

    await bus.publish(sent);

    const expected = new Map<string, number[]>();
    sent.forEach((each, i) => expected.set(each.key, [...(expected.get(each.key) ?? []), i]));
    expect(seen).toEqual(expected);
    expect(counter.maxActivePerKey).toBe(1);
    expect(counter.maxActive).toBeGreaterThan(1);
  });

  it(`handles at most ${DEFAULT_MAX_KEYS_IN_FLIGHT} keys at once per group, by default`, async () => {
    const bus = new InProcessBus();
    const first = overlapCounter(() => sleep(5));
    const second = overlapCounter(() => sleep(5));
    await bus.run('t', 'first', first.handler);
    await bus.run('t', 'second', second.handler);
    const batch = (from: number) =>
      Array.from({ length: 30 }, (_, i) => message('t', 'x', `key-${from + i}`));

    await Promise.all([bus.publish(batch(0)), bus.publish(batch(30))]);

    expect(first.maxActive).toBe(DEFAULT_MAX_KEYS_IN_FLIGHT);
    expect(second.maxActive).toBe(DEFAULT_MAX_KEYS_IN_FLIGHT);
  });

  it('handles at most maxKeysInFlight keys at once per group', async () => {
    const bus = new InProcessBus({ maxKeysInFlight: 3 });
    let handled = 0;
    const counter = overlapCounter(async () => {
      await sleep(Math.random() * 3);
      handled += 1;
    });
    await bus.run('t', 'g', counter.handler);

    await bus.publish(Array.from({ length: 60 }, (_, i) => message('t', 'x', `key-${i % 20}`)));

    expect(handled).toBe(60);
    expect(counter.maxActive).toBe(3);
    expect(counter.maxActivePerKey).toBe(1);
  });

  it('refuses a concurrency bound that is not a positive integer', () => {
    expect(() => new InProcessBus({ maxKeysInFlight: 0 })).toThrow(RangeError);
    expect(() => new InProcessBus({ maxKeysInFlight: 1.5 })).toThrow(RangeError);
  });

  it('after a failure starts nothing, lets deliveries in progress finish, then rejects', async () => {
    const bus = new InProcessBus({ maxKeysInFlight: 2 });
    const started: string[] = [];
    const finished: string[] = [];
    await bus.run('t', 'mailer', async (inbound) => {
      const text = textOf(inbound);
      started.push(text);
      if (text === 'a1') throw new Error('smtp down');
      if (text === 'b1') await sleep(30);
      finished.push(text);
    });

    // a1 and b1 take both slots; c1 waits for one, a2 and b2 for their key.
    const outcome = await bus
      .publish([
        message('t', 'a1', 'a'),
        message('t', 'b1', 'b'),
        message('t', 'c1', 'c'),
        message('t', 'a2', 'a'),
        message('t', 'b2', 'b'),
      ])
      .then(
        () => 'resolved',
        (error: unknown) => error,
      );
    const finishedBeforeRejection = [...finished];
    await sleep(20);

    expect(outcome).toBeInstanceOf(HandlerFailedError);
    expect(outcome).toMatchObject({ topic: 't', group: 'mailer', offset: '0' });
    expect(started).toEqual(['a1', 'b1']);
    expect(finishedBeforeRejection).toEqual(['b1']);
  });

  it('waits in stop() for the delivery in progress', async () => {
    const bus = new InProcessBus();
    let finished = false;
    await bus.run('t', 'g', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished = true;
    });
    const publishing = bus.publish([message('t', 'x')]);
    await new Promise((resolve) => setImmediate(resolve));

    await bus.stop();

    expect(finished).toBe(true);
    await expect(publishing).resolves.toBeUndefined();
  });

  it('refuses to publish after close', async () => {
    const bus = new InProcessBus();
    await bus.close();

    await expect(bus.publish([message('t', 'x')])).rejects.toThrow(/after close/);
  });
});
