import {
  RetryBackoff,
  comparePositions,
  type AllSubscription,
  type EventStore,
  type GlobalPosition,
  type ReadModelStore,
  type RecordedEvent,
} from '@tangle/application';
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
}

interface Waiter {
  readonly position: GlobalPosition;
  settle(reached: boolean): void;
}

const consoleLogger: ProjectionRunnerLogger = {
  error: (obj, msg) => console.error(msg, obj),
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
  private readonly retries: RetryBackoff;

  /** Whether start() was asked for (and stop() not since). */
  private wanted = false;
  private running = false;
  private replaying = false;
  /** Bumped on every (re)subscription so callbacks of a stopped one are ignored. */
  private generation = 0;
  private subscription: AllSubscription | null = null;
  private subscriptionFailures = 0;
  private applied: GlobalPosition | null = null;
  private received: GlobalPosition | null = null;
  private buffer: RecordedEvent[] = [];
  private draining: Promise<void> | null = null;
  private scheduled: NodeJS.Immediate | null = null;
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly store: ReadModelStore,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.logger = options.logger ?? consoleLogger;
    this.retries = new RetryBackoff(options.retryDelayMs ?? 100, options.maxRetryDelayMs ?? 5_000);
  }

  /** Position of the last event applied to the read models (null before the first). */
  get position(): GlobalPosition | null {
    return this.applied;
  }

  async start(): Promise<void> {
    this.wanted = true;
    // A replay in progress restarts the live runner itself when it is done.
    if (this.running || this.replaying) return;
    const checkpoint = await this.store.checkpoint();
    if (this.running || this.replaying || !this.wanted) return;
    this.running = true;
    this.received = checkpoint;
    if (checkpoint !== null) this.advance(checkpoint);
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    await this.halt();
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
  async replay(): Promise<void> {
    if (this.replaying) throw new Error('A read-model replay is already running');
    this.replaying = true;
    try {
      await this.halt();
      const rebuild = await this.store.beginRebuild();
      try {
        let after: GlobalPosition | undefined;
        for (;;) {
          const page = await this.eventStore.readAll({ after, maxCount: this.batchSize });
          if (page.length === 0) break;
          await rebuild.apply(page);
          after = page[page.length - 1].position;
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

  private subscribe(): void {
    const generation = ++this.generation;
    this.subscription = this.eventStore.subscribeToAll({
      after: this.received ?? undefined,
      onEvent: (event) => (generation === this.generation ? this.receive(event) : undefined),
      onError: (error) => {
        if (generation === this.generation) this.resubscribeAfter(error);
      },
    });
  }

  private receive(event: RecordedEvent): Promise<void> | void {
    if (!this.running) return;
    if (this.received !== null && comparePositions(event.position, this.received) <= 0) return;
    this.subscriptionFailures = 0;
    this.received = event.position;
    this.buffer.push(event);
    // A full batch holds the subscription back until it is applied: backpressure.
    if (this.buffer.length >= this.batchSize) return this.drain();
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    if (this.draining !== null) return this.draining;
    if (this.buffer.length === 0 || !this.running) return Promise.resolve();
    this.draining = this.drainLoop();
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    try {
      while (this.running && this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.batchSize);
        await this.applyWithRetry(batch);
      }
    } finally {
      this.draining = null;
    }
  }

  private async applyWithRetry(batch: RecordedEvent[]): Promise<void> {
    const last = lastPositionOf(batch)!;
    for (let attempt = 1; this.running; attempt += 1) {
      try {
        await this.store.apply(batch);
        this.advance(last);
        return;
      } catch (error) {
        if (!this.running) return;
        const retryInMs = this.retries.delayFor(attempt);
        this.logger.error(
          {
            err: errorText(error),
            attempt,
            from: format(batch[0].position),
            to: format(last),
            events: batch.length,
            retryInMs,
          },
          'read-model projection failed to apply a batch; retrying',
        );
        await this.retries.sleep(retryInMs);
      }
    }
  }

  private resubscribeAfter(error: Error): void {
    this.subscription = null;
    if (!this.running) return;
    this.subscriptionFailures += 1;
    const retryInMs = this.retries.delayFor(this.subscriptionFailures);
    this.logger.error(
      { err: errorText(error), after: this.received ? format(this.received) : null, retryInMs },
      'read-model subscription to $all failed; resubscribing',
    );
    const generation = this.generation;
    void this.retries.sleep(retryInMs).then(() => {
      if (this.running && generation === this.generation) this.subscribe();
    });
  }

  /** Stops the subscription and the batching; the buffer is dropped (the checkpoint is not). */
  private async halt(): Promise<void> {
    this.running = false;
    this.generation += 1;
    if (this.scheduled !== null) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    this.retries.wakeAll();
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    await this.draining;
    this.buffer = [];
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

/** Log fields stay JSON-safe: positions as text, errors as their message. */
function format(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
