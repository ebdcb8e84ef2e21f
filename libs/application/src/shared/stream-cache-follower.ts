import { categoryOf } from '@tangle/contracts';
import type { AllSubscription, EventStore, GlobalPosition, RecordedEvent } from '../ports';
import { RetryBackoff } from './retry-backoff';
import { skipReasonOf, type SkippedEventCounter } from './skipped-events';

interface Follower {
  apply(event: RecordedEvent): void;
}

export interface StreamCacheFollowerOptions {
  /** Told of every dropped subscription (or failed read of the log's end), before it tries again. */
  onDropped?: (error: Error, attempt: number) => void;
  /** How long start() waits for the first catch-up before it fails. Default 60 s. */
  startTimeoutMs?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Counts the events passed by (another service's stream, not JSON) as `stream-caches`. */
  skippedEvents?: SkippedEventCounter;
}

/**
 * One $all subscription that keeps this process's stream caches current, so a
 * revocation written by any node reaches every node's Authorize within the
 * subscription's delivery delay.
 *
 * It starts at the end of the log, not at its start: the caches begin empty and read a
 * stream on its first use, and a stream read is complete, so nothing older is needed and
 * start-up does not grow with the log. The end is read before subscribing and the
 * subscription delivers everything after it, so an event appended in between still arrives.
 *
 * A subscription the server drops (a restart, a leader change, a keep-alive timeout) is
 * taken up again from the last event applied, with a growing wait; without that,
 * revocations made elsewhere would stop arriving and revoked sessions would keep
 * authorizing here.
 */
export class StreamCacheFollower {
  private subscription: AllSubscription | null = null;
  private readonly routes = new Map<string, Follower>();
  private position: GlobalPosition | undefined;
  private stopped = false;
  private retries: RetryBackoff | null = null;
  private live = false;
  private startedAt: GlobalPosition | null | undefined;

  constructor(private readonly store: EventStore) {}

  /**
   * Whether the caches are current: caught up with $all on a live subscription (false before
   * the first catch-up, and from a dropped subscription until the next one has caught up), and
   * the last event applied.
   */
  status(): { live: boolean; position: GlobalPosition | null } {
    return { live: this.live && !this.stopped, position: this.position ?? null };
  }

  /**
   * Where the subscription began (the end of the log at start, null for an empty log);
   * undefined before that end is known. Events at or before it were never delivered here.
   */
  startPosition(): GlobalPosition | null | undefined {
    return this.startedAt;
  }

  route(category: string, follower: Follower): this {
    this.routes.set(category, follower);
    return this;
  }

  /**
   * Resolves at the first catch-up; rejects when that has not come within the start
   * timeout (the caller should not serve from caches that may miss revocations).
   */
  start(options: StreamCacheFollowerOptions = {}): Promise<void> {
    this.stopped = false;
    const retries = new RetryBackoff(options.retryDelayMs ?? 100, options.maxRetryDelayMs ?? 5_000);
    this.retries = retries;
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    return new Promise<void>((caughtUp, failed) => {
      let started = false;
      let lastError: Error | null = null;
      const timer = setTimeout(() => {
        if (started) return;
        started = true;
        void this.stop();
        failed(
          new Error(
            `the stream caches did not catch up with $all within ${timeoutMs} ms` +
              (lastError ? `: ${lastError.message}` : ''),
          ),
        );
      }, timeoutMs);
      let failures = 0;
      const retry = (error: Error) => {
        if (this.stopped) return;
        this.live = false;
        lastError = error;
        failures += 1;
        options.onDropped?.(error, failures);
        void retries.sleep(retries.delayFor(failures)).then(subscribe);
      };
      const subscribe = () => {
        if (this.stopped) return;
        if (this.startedAt === undefined) {
          // The end of the log first: the caches need nothing before it.
          this.store.lastPosition().then((end) => {
            this.startedAt = end;
            this.position ??= end ?? undefined;
            subscribe();
          }, retry);
          return;
        }
        this.subscription = this.store.subscribeToAll({
          after: this.position,
          onEvent: (event) => {
            const skip = skipReasonOf(event);
            if (skip === null) this.routes.get(categoryOf(event.streamId))?.apply(event);
            else options.skippedEvents?.skipped('stream-caches', skip);
            this.position = event.position;
          },
          onCaughtUp: () => {
            failures = 0;
            this.live = true;
            if (started) return;
            started = true;
            clearTimeout(timer);
            caughtUp();
          },
          onError: retry,
        });
      };
      subscribe();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retries?.wakeAll();
    await this.subscription?.stop();
    this.subscription = null;
  }
}
