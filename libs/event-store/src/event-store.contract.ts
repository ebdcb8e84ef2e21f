import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  comparePositions,
  type AllSubscription,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
  type RecordedEvent,
} from '@tangle/application';
import type { EventMetadata } from '@tangle/contracts';

export interface EventStoreContractOptions {
  /** How long to wait for a subscription to deliver something. Default 5000 ms. */
  readonly deliveryTimeoutMs?: number;
  /** How long to watch for deliveries that must not happen. Default 400 ms. */
  readonly quietPeriodMs?: number;
}

/**
 * The behaviour every EventStore adapter must have. Stream names are unique per test and $all
 * assertions only look at the test's own streams, so the suite can run against a shared server.
 */
export function describeEventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  opts: EventStoreContractOptions = {},
): void {
  const deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 5000;
  const quietPeriodMs = opts.quietPeriodMs ?? 400;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let subscriptions: AllSubscription[];

    beforeEach(async () => {
      store = await open();
      subscriptions = [];
    });

    afterEach(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await store.close();
    });

    const waitUntil = (condition: () => boolean, what: string) =>
      waitFor(condition, what, deliveryTimeoutMs);

    /** Appends one event to a fresh stream and returns its position: a checkpoint for $all. */
    async function checkpointNow(): Promise<GlobalPosition> {
      const result = await store.append(stream('marker'), [event()], 'no_stream');
      return result.position;
    }

    function watch(after: GlobalPosition | undefined, streams: readonly string[]) {
      const ours = new Set(streams);
      const log: string[] = [];
      const delivered: RecordedEvent[] = [];
      const errors: Error[] = [];
      const system: RecordedEvent[] = [];
      let caughtUp = 0;
      const subscription = store.subscribeToAll({
        after,
        onEvent: (recorded) => {
          if (isSystem(recorded)) system.push(recorded);
          if (!ours.has(recorded.streamId)) return;
          delivered.push(recorded);
          log.push(recorded.eventId);
        },
        onCaughtUp: () => {
          caughtUp += 1;
          log.push('caught-up');
        },
        onError: (error) => errors.push(error),
      });
      subscriptions.push(subscription);
      return { subscription, delivered, errors, log, system, caughtUp: () => caughtUp };
    }

    describe('append and expected revisions', () => {
      it('appends to a new stream with no_stream, numbering revisions from 0', async () => {
        const streamId = stream('new');
        const events = [event('contract.first.v1'), event('contract.second.v1'), event()];

        const result = await store.append(streamId, events, 'no_stream');

        expect(result.nextExpectedRevision).toBe(2n);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(stored.map((e) => e.type)).toEqual(events.map((e) => e.type));
        expect(stored.every((e) => e.streamId === streamId)).toBe(true);
        expectStrictlyIncreasing(stored.map((e) => e.position));
      });

      it('reports the position of the last appended event', async () => {
        const streamId = stream('position');
        const result = await store.append(streamId, [event(), event(), event()], 'no_stream');

        const stored = await store.readStream(streamId);
        const last = stored[stored.length - 1];
        expect(result.position.commit).toBe(last.position.commit);
        expect(comparePositions(result.position, stored[0].position)).toBeGreaterThan(0);
      });

      it('fails no_stream on an existing stream with the actual revision, writing nothing', async () => {
        const streamId = stream('exists');
        await store.append(streamId, [event(), event()], 'no_stream');

        const error = await rejectionOf(store.append(streamId, [event()], 'no_stream'));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1n });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('appends when the expected revision is the last revision', async () => {
        const streamId = stream('exact');
        await store.append(streamId, [event()], 'no_stream');

        const second = await store.append(streamId, [event(), event()], 0n);
        const third = await store.append(streamId, [event()], second.nextExpectedRevision);

        expect(second.nextExpectedRevision).toBe(2n);
        expect(third.nextExpectedRevision).toBe(3n);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
        expect(comparePositions(third.position, second.position)).toBeGreaterThan(0);
      });

      it('fails a stale expected revision with the actual revision', async () => {
        const streamId = stream('stale');
        await store.append(streamId, [event(), event(), event()], 'no_stream');

        const error = await rejectionOf(store.append(streamId, [event()], 1n));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 1n, actual: 2n });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('fails an expected revision on a missing stream with actual no_stream', async () => {
        const streamId = stream('missing');

        const error = await rejectionOf(store.append(streamId, [event()], 0n));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0n, actual: 'no_stream' });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it("appends with 'any' whether or not the stream exists", async () => {
        const streamId = stream('any');

        const first = await store.append(streamId, [event()], 'any');
        const second = await store.append(streamId, [event(), event()], 'any');

        expect(first.nextExpectedRevision).toBe(0n);
        expect(second.nextExpectedRevision).toBe(2n);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('acknowledges a retried append (same event ids, same expectation) without duplicating it', async () => {
        const streamId = stream('retry');
        const created = [event(), event()];
        const first = await store.append(streamId, created, 'no_stream');
        const next = [event()];
        await store.append(streamId, next, 1n);

        const retriedCreate = await store.append(streamId, created, 'no_stream');
        const retriedNext = await store.append(streamId, next, 1n);

        expect(retriedCreate.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(retriedNext.nextExpectedRevision).toBe(2n);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.eventId)).toEqual([...created, ...next].map((e) => e.eventId));
        expect(retriedCreate.position.commit).toBe(stored[1].position.commit);
        expect(retriedNext.position.commit).toBe(stored[2].position.commit);
        const conflict = await rejectionOf(store.append(streamId, [event()], 1n));
        expect(conflict).toMatchObject({ actual: 2n });
      });

      it('rejects appends the port does not allow', async () => {
        await expect(store.append(stream('empty'), [], 'any')).rejects.toThrow(TypeError);
        await expect(
          store.append(stream('bad-id'), [{ ...event(), eventId: 'not-a-uuid' }], 'any'),
        ).rejects.toThrow(TypeError);
        await expect(store.append(`$${stream('system')}`, [event()], 'any')).rejects.toThrow(
          TypeError,
        );
      });
    });

    describe('readStream', () => {
      it('reads in revision order, from a revision, up to a count', async () => {
        const streamId = stream('read');
        const events = Array.from({ length: 5 }, (_, i) => event('contract.numbered.v1', { i }));
        await store.append(streamId, events.slice(0, 2), 'no_stream');
        await store.append(streamId, events.slice(2), 1n);

        const revisions = async (options?: { fromRevision?: bigint; maxCount?: number }) =>
          (await store.readStream(streamId, options)).map((e) => Number(e.revision));

        const all = await store.readStream(streamId);
        expect(all.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(await revisions()).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ fromRevision: 2n })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 1n, maxCount: 3 })).toEqual([1, 2, 3]);
        expect(await revisions({ fromRevision: 5n })).toEqual([]);
      });

      it('returns [] for a stream that does not exist', async () => {
        expect(await store.readStream(stream('never-written'))).toEqual([]);
      });

      it('round-trips data and metadata, unicode included', async () => {
        const streamId = stream('unicode');
        const data = {
          text: 'Grüße, 世界 🌍 — "quoted" \\ back\nslash\ttab \u0000 nul',
          nested: { list: [1, 2.5, -3, true, false, null, 'x'], empty: {}, none: [] },
          largestSafe: Number.MAX_SAFE_INTEGER,
        };
        const metadata: EventMetadata = {
          correlationId: randomUUID(),
          causationId: randomUUID(),
          schemaVersion: 3,
          actorUserId: '1234567890123456789',
          actorSessionId: 'séance-✓',
          serverTime: 1_700_000_000_123,
        };
        const appended: EventToAppend = {
          eventId: randomUUID(),
          type: 'contract.unicode.v1',
          data,
          metadata,
        };
        const before = Date.now();

        await store.append(streamId, [appended], 'no_stream');

        const [stored] = await store.readStream(streamId);
        expect(stored).toMatchObject({
          streamId,
          revision: 0n,
          eventId: appended.eventId,
          type: appended.type,
        });
        expect(stored.data).toEqual(data);
        expect(stored.metadata).toEqual(metadata);
        // A server's clock may differ a little from ours.
        expect(Math.abs(stored.createdAt - before)).toBeLessThan(60_000);
      });

      it('stores bigint values of data as decimal strings', async () => {
        const streamId = stream('bigint');
        await store.append(
          streamId,
          [event('contract.bigint.v1', { amount: 123456789012345678901234567890n })],
          'no_stream',
        );

        const [stored] = await store.readStream(streamId);
        expect(stored.data).toEqual({ amount: '123456789012345678901234567890' });
      });
    });

    describe('readAll', () => {
      it('reads $all in position order, strictly after the given position', async () => {
        const [a, b] = [stream('all-a'), stream('all-b')];
        const start = await checkpointNow();
        const a0 = event();
        const b0 = event();
        const a1 = event();
        await store.append(a, [a0], 'no_stream');
        const afterB0 = await store.append(b, [b0], 'no_stream');
        await store.append(a, [a1], 0n);

        const page = await store.readAll({ after: start, maxCount: 1000 });
        expect(page.every((e) => comparePositions(e.position, start) > 0)).toBe(true);
        expect(page.filter(isSystem)).toEqual([]);
        expectStrictlyIncreasing(page.map((e) => e.position));
        const ours = page.filter((e) => e.streamId === a || e.streamId === b);
        expect(ours.map((e) => e.eventId)).toEqual([a0.eventId, b0.eventId, a1.eventId]);

        const later = await store.readAll({ after: afterB0.position, maxCount: 1000 });
        expect(later.some((e) => e.eventId === b0.eventId)).toBe(false);
        expect(later.filter((e) => e.streamId === a).map((e) => e.eventId)).toEqual([a1.eventId]);
      });

      it('tells where $all ends: the last appended event', async () => {
        const streamId = stream('last');
        await store.append(streamId, [event()], 'no_stream');
        const appended = await store.append(streamId, [event(), event()], 0n);

        const last = await store.lastPosition();

        expect(last).not.toBeNull();
        expect(comparePositions(last!, appended.position)).toBe(0);
        expect(await store.readAll({ after: last!, maxCount: 10 })).toEqual([]);
      });

      it('pages through $all without skipping or repeating an event', async () => {
        const streamId = stream('paging');
        const start = await checkpointNow();
        const events = Array.from({ length: 7 }, () => event());
        for (const [i, appended] of events.entries()) {
          await store.append(streamId, [appended], i === 0 ? 'no_stream' : BigInt(i - 1));
        }

        const paged: RecordedEvent[] = [];
        let after = start;
        for (let pages = 0; pages < 1000; pages += 1) {
          const page = await store.readAll({ after, maxCount: 3 });
          expect(page.length).toBeLessThanOrEqual(3);
          if (page.length === 0) break;
          paged.push(...page);
          after = page[page.length - 1].position;
        }

        expectStrictlyIncreasing(paged.map((e) => e.position));
        const ours = paged.filter((e) => e.streamId === streamId);
        expect(ours.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      });
    });

    describe('subscribeToAll', () => {
      it('catches up strictly after the checkpoint, then delivers live events, in order', async () => {
        const [s, t] = [stream('sub-s'), stream('sub-t')];
        const s0 = event();
        const s1 = event();
        const s2 = event();
        const first = await store.append(s, [s0], 'no_stream');
        await store.append(s, [s1, s2], 0n);

        const watcher = watch(first.position, [s, t]);
        await waitUntil(() => watcher.caughtUp() > 0, 'catch-up');
        expect(watcher.log).toEqual([s1.eventId, s2.eventId, 'caught-up']);

        const s3 = event();
        const t0 = event();
        const s4 = event();
        await store.append(s, [s3], 2n);
        await store.append(t, [t0], 'no_stream');
        await store.append(s, [s4], 3n);
        await waitUntil(() => watcher.delivered.length === 5, 'live events');

        expect(watcher.delivered.map((e) => e.eventId)).toEqual(
          [s1, s2, s3, t0, s4].map((e) => e.eventId),
        );
        expect(
          watcher.delivered.every((e) => comparePositions(e.position, first.position) > 0),
        ).toBe(true);
        expectStrictlyIncreasing(watcher.delivered.map((e) => e.position));
        expect(watcher.caughtUp()).toBe(1);
        expect(watcher.errors).toEqual([]);
        expect(watcher.system).toEqual([]);
      });

      it('catches up across many pages before calling onCaughtUp', async () => {
        const streamId = stream('pages');
        const start = await checkpointNow();
        const appended: EventToAppend[] = [];
        for (let i = 0; i < 12; i += 1) {
          const batch = Array.from({ length: 100 }, () => event());
          await store.append(streamId, batch, i === 0 ? 'no_stream' : BigInt(i * 100 - 1));
          appended.push(...batch);
        }

        const watcher = watch(start, [streamId]);
        await waitUntil(() => watcher.caughtUp() > 0, 'catch-up');

        expect(watcher.log).toEqual([...appended.map((e) => e.eventId), 'caught-up']);
        expect(watcher.delivered.map((e) => e.revision)).toEqual(appended.map((_, i) => BigInt(i)));
      });

      it('delivers live events to a subscription that is already caught up', async () => {
        const streamId = stream('live');
        const watcher = watch(await checkpointNow(), [streamId]);
        await waitUntil(() => watcher.caughtUp() > 0, 'catch-up');

        const appended = [event(), event(), event()];
        await store.append(streamId, appended, 'no_stream');

        await waitUntil(() => watcher.delivered.length === 3, 'live events');
        expect(watcher.delivered.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
        expect(watcher.delivered.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('delivers one event at a time, waiting for onEvent to settle', async () => {
        const streams = Array.from({ length: 10 }, (_, i) => stream(`serial-${i}`));
        const start = await checkpointNow();
        await Promise.all(
          streams.map((streamId) => store.append(streamId, [event()], 'no_stream')),
        );
        const ours = new Set(streams);
        const delivered: RecordedEvent[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        subscriptions.push(
          store.subscribeToAll({
            after: start,
            onEvent: async (recorded) => {
              inFlight += 1;
              maxInFlight = Math.max(maxInFlight, inFlight);
              await sleep(2);
              if (ours.has(recorded.streamId)) delivered.push(recorded);
              inFlight -= 1;
            },
          }),
        );
        await Promise.all(streams.map((streamId) => store.append(streamId, [event()], 0n)));

        await waitUntil(() => delivered.length === 20, 'all events');
        expect(maxInFlight).toBe(1);
        expectStrictlyIncreasing(delivered.map((e) => e.position));
      });

      it('stops delivering once stop() has resolved', async () => {
        const streamId = stream('stop');
        const watcher = watch(await checkpointNow(), [streamId]);
        await store.append(streamId, [event()], 'no_stream');
        await waitUntil(() => watcher.delivered.length === 1, 'first event');

        await watcher.subscription.stop();
        const late = event();
        await store.append(streamId, [late], 0n);
        await sleep(quietPeriodMs);

        expect(await store.readStream(streamId)).toHaveLength(2);
        expect(watcher.delivered.map((e) => e.eventId)).not.toContain(late.eventId);
        expect(watcher.delivered).toHaveLength(1);
        expect(watcher.errors).toEqual([]);
      });

      it('stops and reports the error when onEvent throws', async () => {
        const streamId = stream('throws');
        const start = await checkpointNow();
        const calls: RecordedEvent[] = [];
        const errors: Error[] = [];
        subscriptions.push(
          store.subscribeToAll({
            after: start,
            onEvent: (recorded) => {
              if (recorded.streamId !== streamId) return;
              calls.push(recorded);
              throw new Error(`projection failed on ${recorded.eventId}`);
            },
            onError: (error) => errors.push(error),
          }),
        );
        const appended = [event(), event()];
        await store.append(streamId, appended, 'no_stream');

        await waitUntil(() => errors.length > 0, 'the error');
        await store.append(streamId, [event()], 1n);
        await sleep(quietPeriodMs);

        expect(errors).toHaveLength(1);
        expect(errors[0].message).toBe(`projection failed on ${appended[0].eventId}`);
        expect(calls.map((e) => e.eventId)).toEqual([appended[0].eventId]);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 concurrent no_stream appends to one stream win', async () => {
        const streamId = stream('race');
        const attempts = Array.from({ length: 50 }, () => event());

        const outcomes = await Promise.allSettled(
          attempts.map((attempt) => store.append(streamId, [attempt], 'no_stream')),
        );

        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [attempts[i]] : []));
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const error of lost) {
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 0n });
        }
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.eventId)).toEqual([won[0].eventId]);
      });

      it('lands every append when many streams are written concurrently', async () => {
        const streams = Array.from({ length: 100 }, (_, i) => stream(`many-${i}`));
        const written = new Map<string, string[]>();

        await Promise.all(
          streams.map(async (streamId) => {
            const ids: string[] = [];
            written.set(streamId, ids);
            for (const expected of ['no_stream', 0n, 1n] as const) {
              const appended = event();
              const result = await store.append(streamId, [appended], expected);
              expect(result.nextExpectedRevision).toBe(
                expected === 'no_stream' ? 0n : expected + 1n,
              );
              ids.push(appended.eventId);
            }
          }),
        );

        const positions = new Set<string>();
        for (const streamId of streams) {
          const stored = await store.readStream(streamId);
          expect(stored.map((e) => e.eventId)).toEqual(written.get(streamId));
          for (const e of stored) positions.add(`${e.position.commit}/${e.position.prepare}`);
        }
        expect(positions.size).toBe(300);
      });
    });
  });
}

function stream(label: string): string {
  return `contract-${label}-${randomUUID()}`;
}

function event(type = 'contract.tested.v1', data: object = {}): EventToAppend {
  const eventId = randomUUID();
  return {
    eventId,
    type,
    data,
    metadata: {
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
      actorUserId: null,
      actorSessionId: null,
      serverTime: Date.now(),
    },
  };
}

function isSystem(recorded: RecordedEvent): boolean {
  return recorded.streamId.startsWith('$') || recorded.type.startsWith('$');
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectStrictlyIncreasing(positions: readonly GlobalPosition[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
