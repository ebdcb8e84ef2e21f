import {
  comparePositions,
  type AllSubscription,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../ports';
import { RetryBackoff } from './retry-backoff';
import { skipReasonOf, type SkipReason } from './skipped-events';

export interface BatchedAllFollowerLogger {
  error(obj: object, msg: string): void;
}

/** What a batch handler gets besides the batch: retries, and whether its run is still on. */
export interface BatchRun {
  /**
   * Runs `step` until it succeeds (its result, wrapped so that void counts as success), logging
   * each failure and backing off, or until the follower is halted (undefined).
   */
  retry<T>(what: string, step: () => Promise<T>): Promise<{ value: T } | undefined>;
  /** False once the follower has been halted since the batch was taken. */
  readonly current: boolean;
}

export interface BatchedAllFollowerOptions {
  /** Most events per batch. */
  batchSize: number;
  /**
   * Handles a batch, in $all order, before the next one is taken. It is taken off the buffer only
   * when this resolves while the run is still current, so handle failures with `run.retry`.
   */
  handleBatch(batch: readonly RecordedEvent[], run: BatchRun): Promise<void>;
  /**
   * The subscription reached the live end; `received` is the last event it handed on (skipped
   * ones aside), or the start checkpoint.
   */
  onCaughtUp?(received: GlobalPosition | null): void;
  /** Told of each event passed by (another service's stream, or not JSON): for the metrics. */
  onSkipped?(reason: SkipReason, event: RecordedEvent): void;
  /** First delay before retrying a failed step or subscription; it doubles each time. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  logger: BatchedAllFollowerLogger;
  /**
   * Log lines read `<batches> failed to <what> a batch; retrying` and `<subscription> subscription
   * to $all failed; resubscribing`, with `fields` first among their fields.
   */
  log: { batches: string; subscription: string; fields?: object };
  /**
   * Whether the batch being handled counts towards the full buffer that holds the subscription
   * back: at most batchSize events are then held, rather than a batch in flight plus a full one.
   */
  countBatchInFlight?: boolean;
}

/**
 * Follows $all and hands the events on in batches (when a batch is full, or on the next
 * macrotask, so a lone event goes within a tick while a backlog goes in full batches). A full
 * buffer holds the subscription back until it is handled. Nothing of this service is skipped: a
 * failing step is retried by its handler through `run.retry`, and a failed subscription is
 * resumed after the last event received. What is not this service's (another service's stream
 * in a shared $all, an event that is not JSON) is passed by and counted, never handed on, so
 * it cannot stall the follower.
 */
export class BatchedAllFollower {
  private readonly retries: RetryBackoff;
  private active = false;
  /** Bumped by every halt, so the handling of an earlier run has no effect. */
  private epoch = 0;
  /** Bumped by every (re)subscription and halt, so callbacks of an earlier one are ignored. */
  private generation = 0;
  private subscription: AllSubscription | null = null;
  private subscriptionFailures = 0;
  /** The last event taken from the subscription. */
  private received: GlobalPosition | null = null;
  /** The last event handed on (not skipped), or the start checkpoint. */
  private kept: GlobalPosition | null = null;
  /** Received events not handled yet, the batch in flight first. */
  private buffer: RecordedEvent[] = [];
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly options: BatchedAllFollowerOptions,
  ) {
    this.retries = new RetryBackoff(options.retryDelayMs, options.maxRetryDelayMs);
  }

  /** Between start() and halt(). */
  get running(): boolean {
    return this.active;
  }

  /** Follows $all from strictly after `after` (null: from its start). */
  start(after: GlobalPosition | null): void {
    if (this.active) return;
    this.active = true;
    this.received = after;
    this.kept = after;
    this.subscribe();
  }

  /**
   * Stops the subscription and the batching, waiting up to `waitMs` for the subscription to stop
   * and the batch in flight to settle; the buffer is dropped. True when the wait ran out.
   */
  async halt(waitMs = Infinity): Promise<boolean> {
    this.active = false;
    this.epoch += 1;
    this.generation += 1;
    if (this.scheduled !== null) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    this.retries.wakeAll();
    const subscription = this.subscription;
    this.subscription = null;
    // A subscription's stop() may wait for the event it is delivering, which may be waiting for
    // the batch in flight: both get the same time limit.
    const settled = Promise.all([subscription?.stop(), this.draining]).then(
      () => false,
      () => false,
    );
    const left =
      waitMs === Infinity
        ? await settled
        : await Promise.race([settled, delay(waitMs).then(() => true)]);
    this.draining = null;
    this.buffer = [];
    this.inFlight = 0;
    return left;
  }

  private subscribe(): void {
    const generation = ++this.generation;
    this.subscription = this.eventStore.subscribeToAll({
      after: this.received ?? undefined,
      onEvent: (event) => (generation === this.generation ? this.receive(event) : undefined),
      onCaughtUp: () => {
        if (generation === this.generation) this.options.onCaughtUp?.(this.kept);
      },
      onError: (error) => {
        if (generation === this.generation) this.resubscribeAfter(error);
      },
    });
  }

  private receive(event: RecordedEvent): Promise<void> | void {
    if (!this.active) return;
    if (this.received !== null && comparePositions(event.position, this.received) <= 0) return;
    this.subscriptionFailures = 0;
    this.received = event.position;
    const skip = skipReasonOf(event);
    if (skip !== null) {
      this.options.onSkipped?.(skip, event);
      return;
    }
    this.kept = event.position;
    this.buffer.push(event);
    const held = this.buffer.length - (this.options.countBatchInFlight ? 0 : this.inFlight);
    // A full buffer holds the subscription back until it is handled: backpressure.
    if (held >= this.options.batchSize) return this.drain();
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    if (this.draining !== null) return this.draining;
    if (this.buffer.length === 0 || !this.active) return Promise.resolve();
    const draining: Promise<void> = this.drainLoop(this.epoch).finally(() => {
      if (this.draining === draining) this.draining = null;
    });
    this.draining = draining;
    return draining;
  }

  private async drainLoop(epoch: number): Promise<void> {
    while (this.isCurrent(epoch) && this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.options.batchSize);
      this.inFlight = batch.length;
      await this.options.handleBatch(batch, this.runOf(epoch, batch));
      if (!this.isCurrent(epoch)) return;
      this.buffer.splice(0, batch.length);
      this.inFlight = 0;
    }
  }

  private runOf(epoch: number, batch: readonly RecordedEvent[]): BatchRun {
    const isCurrent = () => this.isCurrent(epoch);
    return {
      retry: (what, step) => this.retrying(epoch, what, batch, step),
      get current() {
        return isCurrent();
      },
    };
  }

  private async retrying<T>(
    epoch: number,
    what: string,
    batch: readonly RecordedEvent[],
    step: () => Promise<T>,
  ): Promise<{ value: T } | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      if (!this.isCurrent(epoch)) return undefined;
      try {
        return { value: await step() };
      } catch (error) {
        if (!this.isCurrent(epoch)) return undefined;
        const retryInMs = this.retries.delayFor(attempt);
        this.options.logger.error(
          {
            ...this.options.log.fields,
            err: errorText(error),
            attempt,
            from: format(batch[0].position),
            to: format(batch[batch.length - 1].position),
            events: batch.length,
            retryInMs,
          },
          `${this.options.log.batches} failed to ${what} a batch; retrying`,
        );
        await this.retries.sleep(retryInMs);
      }
    }
  }

  private resubscribeAfter(error: Error): void {
    this.subscription = null;
    if (!this.active) return;
    this.subscriptionFailures += 1;
    const retryInMs = this.retries.delayFor(this.subscriptionFailures);
    this.options.logger.error(
      {
        ...this.options.log.fields,
        err: errorText(error),
        after: this.received ? format(this.received) : null,
        retryInMs,
      },
      `${this.options.log.subscription} subscription to $all failed; resubscribing`,
    );
    const generation = this.generation;
    // After the last event received: the buffer is still being handled.
    void this.retries.sleep(retryInMs).then(() => {
      if (this.active && generation === this.generation) this.subscribe();
    });
  }

  private isCurrent(epoch: number): boolean {
    return this.active && epoch === this.epoch;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Log fields stay JSON-safe: positions as text, errors as their message. */
function format(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
