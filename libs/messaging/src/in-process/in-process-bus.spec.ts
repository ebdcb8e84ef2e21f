import type { InboundMessage } from '@tangle/application';
import { describeMessageBusContract } from '../contract/message-bus.contract';
import { HandlerFailedError, InProcessBus } from './in-process-bus';

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

const message = (topic: string, text: string) => ({
  topic,
  key: 'k',
  value: new TextEncoder().encode(text),
  headers: {},
});

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

  it('delivers to one group one message at a time, even from concurrent publishes', async () => {
    const bus = new InProcessBus();
    let active = 0;
    let maxActive = 0;
    await bus.run('t', 'g', async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    });

    await Promise.all([
      bus.publish([message('t', 'a'), message('t', 'b')]),
      bus.publish([message('t', 'c')]),
    ]);

    expect(maxActive).toBe(1);
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
