import {
  BatchedAllFollower,
  comparePositions,
  type BatchRun,
  type EventStore,
  type GlobalPosition,
  type ReadModelStore,
  type RecordedEvent,
  skipReasonOf,
  type SkippedEventCounter,
} from '@tangle/application';
import { fallbackLogger } from '@tangle/platform';
import { lastPositionOf } from './projections/project-batch';

export interface ProjectionRunnerLogger {
  error(obj: object, msg: string): void;
}

export interface ProjectionRunnerOptions {
  /** Most events per apply, and the page size of a replay. Default 500. */
  batchSize?: number;
  logger?: ProjectionRunnerLogger;
  /** First delay before retrying a failed apply or subscription; it doubles each time. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Counts the events passed by (another service's stream, not JSON) as `projections`. */
  skippedEvents?: SkippedEventCounter;
}

interface Waiter {
  readonly position: GlobalPosition;
  settle(reached: boolean): void;
}

/** Where the runner logs when its caller gave no logger: the service's JSON lines. */
const defaultLogger: ProjectionRunnerLogger = {
  error: (obj, msg) => fallbackLogger('Projections').error(obj, msg),
};

/**
 * Feeds the read models from $all: subscribes after the store's checkpoint, buffers events
 * and applies them in batches (when a batch is full, or on the next macrotask, so a lone event
 * is applied within a tick while a backlog goes in full batches). A failing apply is retried
 * with backoff, never skipped.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly logger: ProjectionRunnerLogger;
  private readonly follower: BatchedAllFollower;
  private readonly skippedEvents: SkippedEventCounter | undefined;

  /** Whether start() was asked for (and stop() not since). */
  private wanted = false;
  private replaying = false;
  private applied: GlobalPosition | null = null;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly store: ReadModelStore,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.logger = options.logger ?? defaultLogger;
    this.skippedEvents = options.skippedEvents;
    this.follower = new BatchedAllFollower(eventStore, {
      batchSize: this.batchSize,
      handleBatch: (batch, run) => this.applyBatch(batch, run),
      retryDelayMs: options.retryDelayMs ?? 100,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 5_000,
      logger: this.logger,
      log: { batches: 'read-model projection', subscription: 'read-model' },
      onSkipped: (reason) => options.skippedEvents?.skipped('projections', reason),
    });
  }

  /** Position of the last event applied to the read models (null before the first). */
  get position(): GlobalPosition | null {
    return this.applied;
  }

  async start(): Promise<void> {
    this.wanted = true;
    // A replay in progress restarts the live runner itself when it is done.
    if (this.follower.running || this.replaying) return;
    const checkpoint = await this.store.checkpoint();
    if (this.follower.running || this.replaying || !this.wanted) return;
    if (checkpoint !== null) this.advance(checkpoint);
    this.follower.start(checkpoint);
  }

  async stop(): Promise<void> {
    this.wanted = false;
    await this.follower.halt();
    for (const waiter of [...this.waiters]) waiter.settle(false);
  }

  /**
   * True as soon as the read models have applied `position` (at once if they already have),
   * false when `timeoutMs` passes first or the runner stops.
   */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        settle: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Rebuilds the read models from the start of $all. The simplest correct way: the live
   * subscription is stopped (queries keep reading the old models meanwhile), the rebuild reads
   * $all page by page until a read comes back empty, which is the live end, then it is
   * committed and the live runner restarts from the rebuilt checkpoint, so events appended
   * after the last page are picked up by the subscription. On failure the rebuild is aborted
   * and the old models stay.
   */
  /**
   * Rebuilds every read model from the first event into fresh tables or collections and swaps
   * them in; `onProgress` hears after each page how many events are done and where the last was.
   */
  async replay(
    onProgress?: (progress: { events: number; position: GlobalPosition }) => void,
  ): Promise<void> {
    if (this.replaying) throw new Error('A read-model replay is already running');
    this.replaying = true;
    try {
      await this.follower.halt();
      const rebuild = await this.store.beginRebuild();
      try {
        let after: GlobalPosition | undefined;
        let events = 0;
        for (;;) {
          const page = await this.eventStore.readAll({ after, maxCount: this.batchSize });
          if (page.length === 0) break;
          const kept = page.filter((event) => {
            const skip = skipReasonOf(event);
            if (skip !== null) this.skippedEvents?.skipped('projections', skip);
            return skip === null;
          });
          if (kept.length > 0) await rebuild.apply(kept);
          after = page[page.length - 1].position;
          events += page.length;
          onProgress?.({ events, position: after });
        }
        await rebuild.commit();
      } catch (error) {
        await rebuild.abort().catch((abortError: unknown) => {
          this.logger.error({ err: errorText(abortError) }, 'read-model rebuild abort failed');
        });
        throw error;
      }
      const checkpoint = await this.store.checkpoint();
      if (checkpoint !== null) this.advance(checkpoint);
    } finally {
      this.replaying = false;
      if (this.wanted) await this.start();
    }
  }

  private async applyBatch(batch: readonly RecordedEvent[], run: BatchRun): Promise<void> {
    const last = lastPositionOf(batch)!;
    // Even when halted meanwhile: the read models did take the batch.
    if (await run.retry('apply', () => this.store.apply(batch))) this.advance(last);
  }

  private advance(position: GlobalPosition): void {
    if (this.applied !== null && comparePositions(position, this.applied) <= 0) return;
    this.applied = position;
    for (const waiter of [...this.waiters]) {
      if (comparePositions(position, waiter.position) >= 0) waiter.settle(true);
    }
  }

  private reached(position: GlobalPosition): boolean {
    return this.applied !== null && comparePositions(this.applied, position) >= 0;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
