import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  comparePositions,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
  type ReadModelStore,
  type RecordedEvent,
} from '@tangle/application';
import {
  EventLog,
  T0,
  accountRegistered,
  fixtureMetadata,
  passwordChanged,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  unknownEvent,
  type FixtureEvent,
} from './contract/recorded-event.fixtures';
import { ProjectionRunner, type ProjectionRunnerLogger } from './projection-runner';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

import { InMemoryEventStore } from '../../application/src/testing/in-memory-event-store';

const toAppend = ({ type, data }: FixtureEvent): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: data as object,
  metadata: fixtureMetadata(),
});

/** Appends each fixture to its stream (in order) and returns the last append's position. */
async function appendAll(store: EventStore, fixtures: FixtureEvent[]): Promise<GlobalPosition> {
  let last: GlobalPosition | undefined;
  for (const fixture of fixtures) {
    last = (await store.append(fixture.streamId, [toAppend(fixture)], 'any')).position;
  }
  return last!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Watches the timers created with a given delay, and whether they were cleared. */
function watchTimers(delayMs: number) {
  const set = jest.spyOn(global, 'setTimeout');
  const clear = jest.spyOn(global, 'clearTimeout');
  const created = () =>
    set.mock.calls.flatMap((call, i) => (call[1] === delayMs ? [set.mock.results[i].value] : []));
  return {
    created,
    allCleared: () =>
      created().every((timer) => clear.mock.calls.some(([cleared]) => cleared === timer)),
  };
}

/** A mixed history of two users and three sessions. */
function history(): FixtureEvent[] {
  return [
    accountRegistered('u1', { email: 'Ada@Example.org', passwordHash: null }),
    sessionStarted('s1', 'u1', { startedAt: T0 + 1 }),
    accountRegistered('u2'),
    sessionStarted('s2', 'u2', { startedAt: T0 + 2 }),
    sessionSeen('s1', 'u1', T0 + 100),
    unknownEvent('u1'),
    passwordChanged('u1', T0 + 101),
    sessionStarted('s3', 'u1', { startedAt: T0 + 3 }),
    sessionRevoked('s1', 'u1', T0 + 200),
  ];
}

async function views(store: ReadModelStore) {
  return {
    checkpoint: await store.checkpoint(),
    users: await Promise.all(['u1', 'u2'].map((id) => store.getUser(id))),
    active: await Promise.all(['u1', 'u2'].map((id) => store.listActiveSessions(id))),
    sessions: await Promise.all(['s1', 's2', 's3', 'ghost'].map((id) => store.getSession(id))),
    byEmail: await store.findUsersByEmail('ada@example.org'),
  };
}

describe('ProjectionRunner', () => {
  let dir: string;
  let events: InMemoryEventStore;
  let store: SqliteReadModelStore;
  let runners: ProjectionRunner[];
  let errors: { obj: object; msg: string }[];
  const logger: ProjectionRunnerLogger = { error: (obj, msg) => errors.push({ obj, msg }) };

  const runner = (target: ReadModelStore = store, batchSize?: number) => {
    const created = new ProjectionRunner(events, target, { batchSize, logger, retryDelayMs: 5 });
    runners.push(created);
    return created;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-projection-runner-'));
    events = new InMemoryEventStore();
    store = await SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
    runners = [];
    errors = [];
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const each of runners) await each.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projects appended events, and waitFor resolves once they are applied', async () => {
    const projections = runner();
    await projections.start();

    const position = await appendAll(events, history());

    expect(await projections.waitFor(position, 2_000)).toBe(true);
    expect(projections.position).toEqual(position);
    expect(await store.checkpoint()).toEqual(position);
    expect((await store.listActiveSessions('u1')).map((s) => s.sessionId)).toEqual(['s3']);
    expect(await store.getUser('u1')).toMatchObject({ hasPassword: true });
    expect(errors).toEqual([]);
  });

  it("passes by other services' streams and non-JSON events, live and in a replay, counting them", async () => {
    const skipped: string[] = [];
    const projections = new ProjectionRunner(events, store, {
      logger,
      retryDelayMs: 5,
      skippedEvents: { skipped: (follower, reason) => skipped.push(`${follower}:${reason}`) },
    });
    runners.push(projections);
    await projections.start();
    await appendAll(events, [accountRegistered('u1')]);
    events.appendRaw('orders-1', { type: 'OrderPlaced', data: { userId: 'u1' } });
    events.appendRaw('account-u1', { type: 'account.registered.v1', data: Uint8Array.of(1) });

    const position = await appendAll(events, [sessionStarted('s1', 'u1')]);
    expect(await projections.waitFor(position, 2_000)).toBe(true);
    await projections.replay();

    expect(await store.checkpoint()).toEqual(position);
    expect((await store.listActiveSessions('u1')).map((s) => s.sessionId)).toEqual(['s1']);
    expect(skipped).toEqual([
      'projections:foreign_stream',
      'projections:not_json',
      'projections:foreign_stream',
      'projections:not_json',
    ]);
    expect(errors).toEqual([]);
  });

  it('applies a lone event within a tick instead of waiting for a full batch', async () => {
    const projections = runner(store, 500);
    await projections.start();
    await appendAll(events, [accountRegistered('u1')]);
    await sleep(20);

    const position = await appendAll(events, [sessionStarted('s1', 'u1')]);

    expect(await projections.waitFor(position, 100)).toBe(true);
    expect(await store.getSession('s1')).not.toBeNull();
  });

  it('resolves waitFor at once for an applied position, and clears its timer when reached', async () => {
    const projections = runner();
    await projections.start();
    const first = await appendAll(events, [accountRegistered('u1')]);
    expect(await projections.waitFor(first, 2_000)).toBe(true);
    const timers = watchTimers(60_000);

    expect(await projections.waitFor(first, 60_000)).toBe(true);
    const pending = projections.waitFor({ commit: 2n, prepare: 2n }, 60_000);
    expect(timers.created()).toHaveLength(1);
    expect(timers.allCleared()).toBe(false);
    await appendAll(events, [sessionStarted('s1', 'u1')]);

    expect(await pending).toBe(true);
    expect(timers.allCleared()).toBe(true);
  });

  it('resolves waitFor with false when the position is not reached in time', async () => {
    const projections = runner();
    await projections.start();
    await appendAll(events, [accountRegistered('u1')]);
    const started = Date.now();

    const reached = await projections.waitFor({ commit: 99n, prepare: 99n }, 50);

    expect(reached).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('continues after the stored checkpoint and applies a backlog in full batches', async () => {
    const first = runner();
    await first.start();
    const checkpoint = await appendAll(events, history());
    expect(await first.waitFor(checkpoint, 2_000)).toBe(true);
    await first.stop();
    const backlog = Array.from({ length: 1_050 }, (_, i) =>
      sessionSeen('s2', 'u2', T0 + 1_000 + i),
    );
    const last = await appendAll(events, backlog);
    const batches: RecordedEvent[][] = [];
    const spied: ReadModelStore = Object.assign(Object.create(store) as ReadModelStore, {
      apply: (batch: readonly RecordedEvent[]) => {
        batches.push([...batch]);
        return store.apply(batch);
      },
    });

    const second = runner(spied, 100);
    await second.start();

    expect(await second.waitFor(last, 5_000)).toBe(true);
    const applied = batches.flat();
    expect(applied).toHaveLength(1_050);
    expect(comparePositions(applied[0].position, checkpoint)).toBeGreaterThan(0);
    expect(applied.map((e) => e.position.commit)).toEqual(
      Array.from({ length: 1_050 }, (_, i) => checkpoint.commit + 1n + BigInt(i)),
    );
    expect(Math.max(...batches.map((b) => b.length))).toBe(100);
    expect(batches.length).toBeLessThanOrEqual(20);
    expect((await store.getSession('s2'))?.lastActive).toBe(T0 + 1_000 + 1_049);
  });

  it('retries a failing apply with backoff and never skips an event', async () => {
    let failures = 2;
    const attempts: bigint[] = [];
    const flaky: ReadModelStore = Object.assign(Object.create(store) as ReadModelStore, {
      apply: async (batch: readonly RecordedEvent[]) => {
        attempts.push(batch[0].position.commit);
        if (failures > 0) {
          failures -= 1;
          throw new Error('disk full');
        }
        return store.apply(batch);
      },
    });
    const projections = runner(flaky);
    await projections.start();

    const position = await appendAll(events, history());

    expect(await projections.waitFor(position, 2_000)).toBe(true);
    expect(attempts.slice(0, 3)).toEqual([1n, 1n, 1n]);
    expect(errors).toHaveLength(2);
    expect(errors[0].msg).toContain('retrying');
    expect(errors[0].obj).toMatchObject({ err: 'Error: disk full', attempt: 1, from: '1/1' });
    expect(errors[1].obj).toMatchObject({ attempt: 2 });
    expect(() => JSON.stringify(errors)).not.toThrow();
    expect(await views(store)).toEqual(await buildFresh(events, dir));
  });

  it('stops: waiting callers get false at once and later events are not projected', async () => {
    const projections = runner();
    await projections.start();
    const first = await appendAll(events, [accountRegistered('u1')]);
    expect(await projections.waitFor(first, 2_000)).toBe(true);
    const timers = watchTimers(60_000);
    const pending = projections.waitFor({ commit: 50n, prepare: 50n }, 60_000);
    const started = Date.now();

    await projections.stop();

    expect(await pending).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(timers.created()).toHaveLength(1);
    expect(timers.allCleared()).toBe(true);
    await appendAll(events, [sessionStarted('s1', 'u1')]);
    await sleep(30);
    expect(await store.checkpoint()).toEqual(first);
    expect(await store.getSession('s1')).toBeNull();
  });

  it('replays into views identical to a fresh projection, then keeps projecting live', async () => {
    // The live store starts wrong: a ghost session at position 1 hides the real first event.
    const ghost = new EventLog().record(sessionStarted('ghost', 'u1'));
    await store.apply([ghost]);
    const projections = runner();
    await projections.start();
    const position = await appendAll(events, history());
    expect(await projections.waitFor(position, 2_000)).toBe(true);
    expect(await store.getSession('ghost')).not.toBeNull();
    expect(await store.getUser('u1')).toBeNull();

    await projections.replay();

    const expected = await buildFresh(events, dir);
    expect(await views(store)).toEqual(expected);
    expect(expected.sessions[3]).toBeNull();
    expect(expected.users[0]).not.toBeNull();
    const later = await appendAll(events, [sessionRevoked('s3', 'u1', T0 + 300)]);
    expect(await projections.waitFor(later, 2_000)).toBe(true);
    expect(await store.listActiveSessions('u1')).toEqual([]);
  });

  it('projects events appended after the replay read the end of the log', async () => {
    await appendAll(events, history());
    const projections = runner(store, 4);
    await projections.start();
    const readAll = events.readAll.bind(events);
    let appendedDuring: GlobalPosition | undefined;
    // Appended right after the rebuild found the end of the log: only live projection sees it.
    jest.spyOn(events, 'readAll').mockImplementation(async (options) => {
      const page = await readAll(options);
      if (page.length === 0) appendedDuring ??= await appendAll(events, [accountRegistered('u3')]);
      return page;
    });

    await projections.replay();

    expect(appendedDuring).toBeDefined();
    expect(await projections.waitFor(appendedDuring!, 2_000)).toBe(true);
    expect(await store.getUser('u3')).not.toBeNull();
    expect((await store.listActiveSessions('u2')).map((s) => s.sessionId)).toEqual(['s2']);
  });

  it('keeps the old views when a replay fails, and restarts live projection', async () => {
    const projections = runner();
    await projections.start();
    const position = await appendAll(events, history());
    expect(await projections.waitFor(position, 2_000)).toBe(true);
    const before = await views(store);
    jest.spyOn(events, 'readAll').mockRejectedValueOnce(new Error('connection reset'));

    await expect(projections.replay()).rejects.toThrow('connection reset');

    expect(await views(store)).toEqual(before);
    const later = await appendAll(events, [sessionRevoked('s3', 'u1', T0 + 300)]);
    expect(await projections.waitFor(later, 2_000)).toBe(true);
    expect((await store.getSession('s3'))?.revokedAt).toBe(T0 + 300);
  });
});

/** The views a brand-new store gets from projecting the whole log. */
async function buildFresh(events: EventStore, dir: string) {
  const fresh = await SqliteReadModelStore.open(join(dir, `fresh-${randomUUID()}.sqlite`));
  const projections = new ProjectionRunner(events, fresh);
  try {
    await projections.start();
    const [last] = (await events.readAll({ maxCount: 1_000_000 })).slice(-1);
    expect(await projections.waitFor(last.position, 2_000)).toBe(true);
    return await views(fresh);
  } finally {
    await projections.stop();
    await fresh.close();
  }
}
