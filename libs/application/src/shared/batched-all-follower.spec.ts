import type { AllSubscriptionOptions, GlobalPosition, RecordedEvent } from '../ports';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import {
  BatchedAllFollower,
  type BatchRun,
  type BatchedAllFollowerOptions,
} from './batched-all-follower';

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  schemaVersion: 1,
  actorUserId: null,
  actorSessionId: null,
  serverTime: 0,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(2)) {
    if (Date.now() - started > 2_000) throw new Error(`timed out waiting for ${what}`);
  }
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const commits = (batch: readonly RecordedEvent[]) => batch.map((e) => Number(e.position.commit));

describe('BatchedAllFollower', () => {
  let store: InMemoryEventStore;
  let followers: BatchedAllFollower[];
  let errors: { obj: object; msg: string }[];
  let appended: number;

  const append = async (count: number): Promise<GlobalPosition> => {
    let last: GlobalPosition | undefined;
    for (let i = 0; i < count; i += 1) {
      appended += 1;
      const event = { eventId: `e${appended}`, type: 'Noted', data: { n: appended }, metadata };
      last = (await store.append(`account-note${appended % 3}`, [event], 'any')).position;
    }
    return last!;
  };

  const follower = (
    handleBatch: BatchedAllFollowerOptions['handleBatch'],
    options: Partial<BatchedAllFollowerOptions> = {},
  ) => {
    const created = new BatchedAllFollower(store, {
      batchSize: 3,
      handleBatch,
      retryDelayMs: 5,
      maxRetryDelayMs: 20,
      logger: { error: (obj, msg) => errors.push({ obj, msg }) },
      log: { batches: 'test follower', subscription: 'test', fields: { follower: 'f1' } },
      ...options,
    });
    followers.push(created);
    return created;
  };

  /** A handler that records its batches, run through `run.retry` as 'handle'. */
  const recorder = (step: (batch: readonly RecordedEvent[]) => Promise<void> = async () => {}) => {
    const batches: number[][] = [];
    const handle = async (batch: readonly RecordedEvent[], run: BatchRun) => {
      if (await run.retry('handle', () => step(batch))) batches.push(commits(batch));
    };
    return { batches, handle };
  };

  beforeEach(() => {
    store = new InMemoryEventStore();
    followers = [];
    errors = [];
    appended = 0;
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const each of followers) await each.halt();
  });

  it("passes by other services' streams and non-JSON events, counting them, and goes on", async () => {
    const { batches, handle } = recorder();
    const skipped: string[] = [];
    const caughtUp: (GlobalPosition | null)[] = [];
    await append(1);
    store.appendRaw('orders-1', { type: 'OrderPlaced', data: {} });
    store.appendRaw('account-x', { type: 'Noted', data: Uint8Array.of(1) });
    store.appendRaw('account-x', { type: 'Noted', data: {}, metadata: 'garbled' });
    follower(handle, {
      onSkipped: (reason) => skipped.push(reason),
      onCaughtUp: (received) => caughtUp.push(received),
    }).start(null);
    await until(() => caughtUp.length === 1, 'catch-up');
    await append(1);
    await until(() => batches.flat().length === 2, 'both events');

    expect(batches.flat()).toEqual([1, 5]);
    expect(skipped).toEqual(['foreign_stream', 'not_json', 'not_json']);
    // The last event handed on, so a caller waiting for it is not left waiting for a skipped one.
    expect(caughtUp).toEqual([{ commit: 1n, prepare: 1n }]);
  });

  it('hands on the events after its start position in order, a backlog in full batches', async () => {
    const from = await append(2);
    await append(7);
    const { batches, handle } = recorder();
    const subject = follower(handle);

    subject.start(from);

    await until(() => batches.flat().length === 7, 'the backlog');
    expect(batches).toEqual([[3, 4, 5], [6, 7, 8], [9]]);
    expect(subject.running).toBe(true);
  });

  it('hands on a lone live event within a tick instead of waiting for a full batch', async () => {
    const { batches, handle } = recorder();
    follower(handle, { batchSize: 500 }).start(null);
    await sleep(10);

    await append(1);
    await sleep(5);

    expect(batches).toEqual([[1]]);
  });

  it('retries a failing step with backoff, logging each failure, and never skips a batch', async () => {
    let failures = 2;
    const { batches, handle } = recorder(async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk full');
      }
    });
    await append(4);

    follower(handle).start(null);

    await until(() => batches.flat().length === 4, 'all events');
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(errors.map((e) => e.msg)).toEqual([
      'test follower failed to handle a batch; retrying',
      'test follower failed to handle a batch; retrying',
    ]);
    expect(errors[0].obj).toEqual({
      follower: 'f1',
      err: 'Error: disk full',
      attempt: 1,
      from: '1/1',
      to: '3/3',
      events: 3,
      retryInMs: 5,
    });
    expect(errors[1].obj).toMatchObject({ attempt: 2, retryInMs: 10 });
  });

  it.each([
    ['a batch in flight and a full batch behind it', false, 4],
    ['a batch in all, the one in flight included', true, 3],
  ])('holds the subscription back at %s', async (_, countBatchInFlight, delivered) => {
    let count = 0;
    const subscribe = store.subscribeToAll.bind(store);
    jest.spyOn(store, 'subscribeToAll').mockImplementation((options) =>
      subscribe({
        ...options,
        onEvent: (event) => {
          count += 1;
          return options.onEvent(event);
        },
      }),
    );
    const blocked = gate();
    const { batches, handle } = recorder(() => blocked.opened);
    follower(handle, { countBatchInFlight }).start(null);
    await append(1);
    await sleep(5);

    await append(9);
    await sleep(20);

    const held = count;
    blocked.open();
    expect(held).toBe(delivered);
    await until(() => batches.flat().length === 10, 'all events');
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reports catching up with the last event received', async () => {
    const caughtUp: (GlobalPosition | null)[] = [];
    const { handle } = recorder();
    follower(handle, { onCaughtUp: (received) => caughtUp.push(received) }).start(null);
    await until(() => caughtUp.length === 1, 'catching up on an empty store');

    const last = await append(2);
    follower(handle, { onCaughtUp: (received) => caughtUp.push(received) }).start(null);
    await until(() => caughtUp.length === 2, 'catching up on two events');

    expect(caughtUp).toEqual([null, last]);
  });

  it('resubscribes after a failed subscription from the last event received', async () => {
    await append(2);
    const subscribe = store.subscribeToAll.bind(store);
    const afters: (GlobalPosition | undefined)[] = [];
    jest.spyOn(store, 'subscribeToAll').mockImplementation((options: AllSubscriptionOptions) => {
      afters.push(options.after);
      if (afters.length > 1) return subscribe(options);
      const failing = subscribe({
        ...options,
        onCaughtUp: () => {
          void failing.stop();
          setImmediate(() => options.onError?.(new Error('connection lost')));
        },
      });
      return failing;
    });
    const { batches, handle } = recorder();
    follower(handle).start(null);
    await until(() => afters.length === 2, 'the second subscription');

    await append(1);

    await until(() => batches.flat().length === 3, 'the live event');
    expect(batches.flat()).toEqual([1, 2, 3]);
    expect(afters).toEqual([undefined, { commit: 2n, prepare: 2n }]);
    expect(errors).toEqual([
      {
        obj: { follower: 'f1', err: 'Error: connection lost', after: '2/2', retryInMs: 5 },
        msg: 'test subscription to $all failed; resubscribing',
      },
    ]);
  });

  it('halts: waits for the batch in flight, then hands on nothing more', async () => {
    const blocked = gate();
    let current: boolean | undefined;
    const subject = follower(async (_batch, run) => {
      await blocked.opened;
      current = run.current;
    });
    subject.start(null);
    await append(1);
    await sleep(5);

    const halted = subject.halt();
    blocked.open();

    expect(await halted).toBe(false);
    expect(current).toBe(false);
    expect(subject.running).toBe(false);
  });

  it('leaves a hanging batch behind after the time limit, without effect on the next run', async () => {
    const hung = gate();
    const slow = gate();
    const handled: number[][] = [];
    let calls = 0;
    const subject = follower(async (batch, run) => {
      calls += 1;
      await (calls === 1 ? hung.opened : calls === 2 ? slow.opened : undefined);
      if (await run.retry('handle', async () => undefined)) handled.push(commits(batch));
    });
    await append(2);
    subject.start(null);
    await sleep(5);

    expect(await subject.halt(20)).toBe(true);
    subject.start(null);
    await until(() => calls === 2, 'the second run');
    hung.open();
    await sleep(5);
    await append(1);
    slow.open();

    await until(() => handled.length === 2, 'a live event');
    expect(handled).toEqual([[1, 2], [3]]);
    expect(calls).toBe(3);
  });
});
