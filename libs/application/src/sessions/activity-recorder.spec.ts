import { SessionSeen, type SessionSeenData } from '@tangle/contracts';
import { AccountCache } from '../accounts/account-cache';
import { AccountStream } from '../accounts/account-stream';
import { metadataFor } from '../shared/request-context';
import { context } from '../testing/application-harness';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { ActivityRecorder } from './activity-recorder';
import { SessionCache } from './session-cache';
import { SessionStream } from './session-stream';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `sessions` sessions started at 0, an activity recorder, and a clock the test moves. */
async function world(sessions: number, intervalMs: number, writesPerSecond?: number) {
  const store = new InMemoryEventStore();
  const cache = new SessionCache(store);
  const stream = new SessionStream(store, cache, new AccountStream(store, new AccountCache(store)));
  let now = 0;
  const clock = { now: () => now };
  const recorder = new ActivityRecorder(clock, cache, stream, intervalMs, writesPerSecond);
  const ids = Array.from({ length: sessions }, (_, i) => String(1_000_000 + i));
  for (const id of ids) {
    await stream.decide(
      id,
      {
        kind: 'start',
        sessionId: id,
        userId: '42',
        tokenHash: `h${id}`,
        method: 'password',
        at: 0,
        expiresAt: 100 * HOUR,
        refreshTokenHash: null,
        clientId: 1,
        deviceType: 'web',
        deviceVersion: '1',
        appName: 'Tangle',
        appVersion: '1',
        country: null,
        region: null,
      },
      metadataFor(context(), 0),
    );
  }
  const seen = () => store.all.filter((e) => e.type === SessionSeen);
  return {
    ids,
    recorder,
    cache,
    stream,
    seen,
    at: (ms: number) => (now = ms),
    /** Lets the appends started so far finish. */
    settle: async () => {
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    },
    /** Events appended so far (only `session.seen` once the sessions have started). */
    appended: () => store.all.length,
  };
}

/**
 * Every session is used every `everyMs` (its uses spread evenly over the period) for
 * `durationMs`; the recorder flushes every second. How many `session.seen` were appended, at
 * most how many in one second, and how far a session's recorded activity fell behind its use.
 */
async function simulate(options: {
  sessions: number;
  everyMs: number;
  durationMs: number;
  intervalMs: number;
  writesPerSecond?: number;
}) {
  const w = await world(options.sessions, options.intervalMs, options.writesPerSecond);
  const ctx = context();
  const started = w.appended();
  const perSecond: number[] = [];
  let maxLagMs = 0;
  for (let t = 0; t < options.durationMs; t += 1_000) {
    w.at(t);
    const before = w.appended();
    w.recorder.flush();
    w.ids.forEach((id, i) => {
      if (t % options.everyMs !== Math.floor((i * options.everyMs) / w.ids.length / 1_000) * 1_000)
        return;
      w.recorder.touch(id, ctx);
      const state = w.cache.peek(id)!;
      if (state.status === 'active') maxLagMs = Math.max(maxLagMs, t - state.lastSeenAt);
    });
    await w.settle();
    perSecond.push(w.appended() - before);
  }
  return {
    events: w.appended() - started,
    maxPerSecond: Math.max(...perSecond),
    maxLagMs,
    waiting: w.recorder.waiting,
  };
}

describe('ActivityRecorder', () => {
  it('writes at most one session.seen per session and interval', async () => {
    const w = await world(1, MINUTE);
    const [id] = w.ids;
    w.recorder.touch(id, context());
    w.at(MINUTE - 1);
    w.recorder.touch(id, context());
    await w.settle();
    expect(w.seen()).toHaveLength(0);
    w.at(MINUTE);
    for (let i = 0; i < 5; i++) w.recorder.touch(id, context());
    await w.settle();
    expect(w.seen().map((e) => e.data)).toEqual([{ sessionId: id, userId: '42', at: MINUTE }]);
  });

  it('over its budget, defers touches, coalesced, and writes the oldest recorded first', async () => {
    const w = await world(30, MINUTE, 10);
    w.at(MINUTE);
    // Sessions 0 to 9 take the budget; the others wait.
    for (const id of w.ids.slice(0, 10)) w.recorder.touch(id, context());
    w.at(MINUTE + 10);
    for (const id of w.ids.slice(10)) w.recorder.touch(id, context());
    await w.settle();
    expect(w.seen()).toHaveLength(10);
    expect(w.recorder.waiting).toBe(20);
    // Used again while waiting: still one event, recording the newest use.
    w.at(MINUTE + 500);
    for (const id of w.ids.slice(10)) w.recorder.touch(id, context());
    w.recorder.flush();
    await w.settle();
    // Half a second refilled five tokens.
    expect(w.seen()).toHaveLength(15);
    w.at(MINUTE + 2_500);
    w.recorder.flush();
    await w.settle();
    expect(w.seen()).toHaveLength(25);
    w.at(MINUTE + 3_500);
    w.recorder.flush();
    await w.settle();
    expect(w.seen()).toHaveLength(30);
    expect(w.recorder.waiting).toBe(0);
    const deferred = w
      .seen()
      .slice(10)
      .map((e) => e.data as SessionSeenData);
    expect(new Set(deferred.map((d) => d.sessionId)).size).toBe(20);
    expect(deferred.every((d) => d.at === MINUTE + 500)).toBe(true);
  });

  it('writes the waiting session recorded longest ago first, not the one that waited longest', async () => {
    const w = await world(3, MINUTE, 1);
    const [a, b, c] = w.ids;
    w.at(MINUTE);
    w.recorder.touch(a, context());
    await w.settle();
    w.at(2 * MINUTE);
    w.recorder.touch(c, context());
    w.recorder.touch(a, context());
    w.recorder.touch(b, context());
    await w.settle();
    expect(w.recorder.waiting).toBe(2);
    w.at(2 * MINUTE + 1_000);
    w.recorder.flush();
    await w.settle();
    w.at(2 * MINUTE + 2_000);
    w.recorder.flush();
    await w.settle();
    expect(w.seen().map((e) => (e.data as SessionSeenData).sessionId)).toEqual([a, c, b, a]);
  });

  it('writes nothing for a session revoked while its touch waited', async () => {
    const w = await world(2, MINUTE, 1);
    w.at(MINUTE);
    w.recorder.touch(w.ids[0], context());
    w.recorder.touch(w.ids[1], context());
    await w.settle();
    expect(w.recorder.waiting).toBe(1);
    await w.stream.decide(
      w.ids[1],
      { kind: 'revoke', byUserId: '42', bySessionId: null, reason: 'revoked-by-user', at: MINUTE },
      metadataFor(context(), MINUTE),
    );
    w.at(MINUTE + 2_000);
    w.recorder.flush();
    await w.settle();
    expect(w.seen()).toHaveLength(1);
    expect(w.recorder.waiting).toBe(0);
  });

  // The figures of decision 28: 1,000 sessions each used every 10 s for an hour.
  const load = { sessions: 1_000, everyMs: 10_000, durationMs: HOUR };

  it('with the former 1-minute interval, writes 59 events per session and hour', async () => {
    const run = await simulate({ ...load, intervalMs: MINUTE, writesPerSecond: Infinity });
    expect(run.events).toBe(59_000);
  });

  it('with the 15-minute default, writes 3 per session and hour, never more than the budget a second', async () => {
    const run = await simulate({ ...load, intervalMs: 15 * MINUTE });
    expect(run.events).toBe(3_000);
    expect(run.maxPerSecond).toBeLessThanOrEqual(200);
    expect(run.maxLagMs).toBeLessThan(15 * MINUTE + 10_000);
  });

  it('with a budget below the demand, writes no more a second, and catches up', async () => {
    const run = await simulate({ ...load, intervalMs: 15 * MINUTE, writesPerSecond: 20 });
    expect(run.maxPerSecond).toBeLessThanOrEqual(20);
    expect(run.events).toBe(3_000);
    // Each session's recorded activity lags its use by the interval and the wait for budget.
    expect(run.maxLagMs).toBeLessThan(15 * MINUTE + 60_000);
    expect(run.waiting).toBe(0);
  });
});
