import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type Clock } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { SESSION_CACHE, type SessionCache } from './session-cache';
import { SessionStream } from './session-stream';

export const SESSION_ACTIVITY_INTERVAL = Symbol('SessionActivityIntervalMs');
/** SESSION_ACTIVITY_WRITES_PER_SECOND: this process's budget of `session.seen` appends. */
export const SESSION_ACTIVITY_BUDGET = Symbol('SessionActivityWritesPerSecond');

/** The interval when the idle timeout is long enough (decision 28): last_active to 15 minutes. */
export const DEFAULT_ACTIVITY_INTERVAL_MS = 15 * 60_000;
export const DEFAULT_ACTIVITY_WRITES_PER_SECOND = 200;
/** Touches waiting for the budget; past this, new ones are dropped (the next use comes back). */
export const MAX_PENDING_ACTIVITY = 100_000;
const FLUSH_EVERY_MS = 1_000;

interface PendingTouch {
  /** The latest use: what the event will record. */
  at: number;
  /** The session's recorded activity when it was deferred: the oldest are written first. */
  recordedAt: number;
  context: RequestContext;
}

/**
 * Moves a session's last_active when it is used, at most once per interval: the check runs
 * against the cached state with no I/O, and at most one write per session is in flight.
 *
 * The process also writes at most `writesPerSecond` `session.seen` events (a token bucket
 * holding one second of budget). A touch over the budget waits, coalesced: later uses of the
 * same session only move the time it will record. Waiting touches go out as the budget refills,
 * the sessions whose recorded activity is oldest first (the nearest to their idle timeout), so
 * the log grows by at most min(sessions in use / interval, writesPerSecond) events a second.
 */
@Injectable()
export class ActivityRecorder implements OnModuleDestroy {
  private readonly logger = new Logger('SessionActivity');
  private readonly inFlight = new Set<string>();
  private readonly pending = new Map<string, PendingTouch>();
  private tokens: number;
  private refilledAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    private readonly stream: SessionStream,
    @Inject(SESSION_ACTIVITY_INTERVAL) private readonly intervalMs: number,
    @Optional()
    @Inject(SESSION_ACTIVITY_BUDGET)
    private readonly writesPerSecond: number = DEFAULT_ACTIVITY_WRITES_PER_SECOND,
  ) {
    this.tokens = writesPerSecond;
  }

  touch(sessionId: string, context: RequestContext): void {
    const state = this.sessions.peek(sessionId);
    if (!state || state.status !== 'active' || this.inFlight.has(sessionId)) return;
    const now = this.clock.now();
    if (now - state.lastSeenAt < this.intervalMs) return;
    const waiting = this.pending.get(sessionId);
    if (waiting) {
      waiting.at = Math.max(waiting.at, now);
      return;
    }
    if (this.take(now)) {
      this.write(sessionId, now, context);
      return;
    }
    if (this.pending.size >= MAX_PENDING_ACTIVITY) return;
    this.pending.set(sessionId, { at: now, recordedAt: state.lastSeenAt, context });
    this.schedule();
  }

  /** Writes the waiting touches the budget allows now, oldest recorded activity first. */
  flush(): void {
    if (this.pending.size === 0) return this.unschedule();
    const now = this.clock.now();
    const queue = [...this.pending].sort(([, a], [, b]) => a.recordedAt - b.recordedAt);
    for (const [sessionId, touch] of queue) {
      if (!this.take(now)) break;
      this.pending.delete(sessionId);
      this.write(sessionId, touch.at, touch.context);
    }
    if (this.pending.size === 0) this.unschedule();
  }

  /** Touches waiting for the budget. */
  get waiting(): number {
    return this.pending.size;
  }

  onModuleDestroy(): void {
    this.unschedule();
  }

  /** One token of the bucket, refilled at `writesPerSecond`, holding at most one second's. */
  private take(now: number): boolean {
    if (this.refilledAt !== null && now > this.refilledAt) {
      const refill = ((now - this.refilledAt) * this.writesPerSecond) / 1_000;
      this.tokens = Math.min(this.writesPerSecond, this.tokens + refill);
    }
    this.refilledAt = Math.max(this.refilledAt ?? now, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private write(sessionId: string, at: number, context: RequestContext): void {
    this.inFlight.add(sessionId);
    this.stream
      .decide(
        sessionId,
        { kind: 'record-activity', at, minIntervalMs: this.intervalMs },
        metadataFor(context, this.clock.now()),
      )
      .catch((error: unknown) =>
        this.logger.warn(`activity of session ${sessionId} not recorded: ${String(error)}`),
      )
      .finally(() => this.inFlight.delete(sessionId));
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  private unschedule(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}
