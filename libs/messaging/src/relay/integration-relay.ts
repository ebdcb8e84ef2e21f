import {
  RetryBackoff,
  comparePositions,
  type AllSubscription,
  type CheckpointStore,
  type EventStore,
  type GlobalPosition,
  type MessagePublisher,
  type OutboundMessage,
  type RecordedEvent,
} from '@tangle/application';
import { toIntegrationMessages } from '../integration-events';
import { consoleLogger, errorText, type MessagingLogger } from '../logger';
import { needsAccountContact } from '../mail-requests';
import { DEFAULT_TOPICS, type IntegrationTopics } from '../topics';
import { AccountEmails } from './account-emails';

/** The checkpoint name of the one relay a deployment runs. */
export const INTEGRATION_RELAY = 'integration-relay';

export interface IntegrationRelayOptions {
  /** The checkpoint's name; one running relay per name. */
  name: string;
  topics?: IntegrationTopics;
  /** Most events per publish. Default 100. */
  batchSize?: number;
  logger?: MessagingLogger;
  /** First delay before retrying a failed step; it doubles each time up to the maximum. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long stop() waits for a publish in flight before leaving it behind. Default 10 s. */
  stopTimeoutMs?: number;
  /** Locale of notices to accounts that never had a mailed code. Default `en`. */
  defaultLocale?: string;
  /** Accounts whose address the relay keeps in memory. Default 10 000. */
  accountEmailCapacity?: number;
}

/**
 * What reset(null) stores: before any event. No adapter records an event at 0/0 (SQLite starts
 * at 1, EventStoreDB's log starts with system records, which are never delivered).
 */
export const RELAY_ORIGIN: GlobalPosition = { commit: 0n, prepare: 0n };

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

/**
 * Publishes integration events from $all, in order, at least once. Events are buffered and
 * published in batches (when a batch is full, or on the next macrotask); the checkpoint is
 * saved only after the publisher acknowledged the whole batch, so a crash at any point means
 * the batch is published again, never that it is lost. A failed publish is retried with
 * backoff and holds everything after it back: nothing is skipped or reordered.
 */
export class IntegrationRelay {
  private readonly name: string;
  private readonly topics: IntegrationTopics;
  private readonly batchSize: number;
  private readonly logger: MessagingLogger;
  private readonly retries: RetryBackoff;
  private readonly stopTimeoutMs: number;
  private readonly defaultLocale: string | undefined;
  private readonly accountEmails: AccountEmails;

  /** Whether start() was asked for (and stop() not since). */
  private wanted = false;
  private running = false;
  private starting: Promise<void> | null = null;
  /** Bumped by every halt, so the publishing of an earlier run has no effect. */
  private epoch = 0;
  /** Bumped by every (re)subscription, so callbacks of an earlier one are ignored. */
  private generation = 0;
  private subscription: AllSubscription | null = null;
  private subscriptionFailures = 0;
  /** The checkpoint: the last event whose messages are acknowledged. */
  private published: GlobalPosition | null = null;
  /** The last event taken from the subscription. */
  private received: GlobalPosition | null = null;
  private buffer: RecordedEvent[] = [];
  private draining: Promise<void> | null = null;
  private scheduled: NodeJS.Immediate | null = null;
  private caughtUpTarget: GlobalPosition | null = null;
  private caughtUpDeferred: Deferred = deferred();

  constructor(
    private readonly eventStore: EventStore,
    private readonly publisher: MessagePublisher,
    private readonly checkpoints: CheckpointStore,
    options: IntegrationRelayOptions,
  ) {
    this.name = options.name;
    this.topics = options.topics ?? DEFAULT_TOPICS;
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.logger = options.logger ?? consoleLogger;
    this.retries = new RetryBackoff(options.retryDelayMs ?? 100, options.maxRetryDelayMs ?? 10_000);
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.defaultLocale = options.defaultLocale;
    this.accountEmails = new AccountEmails(options.accountEmailCapacity);
  }

  /** The checkpoint: the last event whose messages were all acknowledged (null: none yet). */
  get position(): GlobalPosition | null {
    return this.published;
  }

  /**
   * Resolves once everything that was in $all when the subscription caught up is published.
   * A reset() starts a new wait.
   */
  get caughtUp(): Promise<void> {
    return this.caughtUpDeferred.promise;
  }

  async start(): Promise<void> {
    this.wanted = true;
    if (this.running) return;
    this.starting ??= this.begin().finally(() => {
      this.starting = null;
    });
    await this.starting;
  }

  /** Stops following $all. What is buffered but unpublished will be published after a restart. */
  async stop(): Promise<void> {
    this.wanted = false;
    await this.starting?.catch(() => undefined);
    await this.halt(this.stopTimeoutMs);
  }

  /**
   * Moves the checkpoint (null: to the start of $all) and carries on from there if running.
   * For operators: reset(null) publishes everything again; consumers dedupe by event id.
   */
  async reset(to: GlobalPosition | null): Promise<void> {
    const wasWanted = this.wanted;
    this.wanted = false;
    await this.starting?.catch(() => undefined);
    // No time limit here: a publish left in flight could save its checkpoint over this one.
    await this.halt(Infinity);
    await this.checkpoints.save(this.name, to ?? RELAY_ORIGIN);
    this.published = to;
    this.received = to;
    this.accountEmails.clear();
    this.caughtUpTarget = null;
    this.caughtUpDeferred = deferred();
    this.logger.info?.({ relay: this.name, to: to ? format(to) : 'origin' }, 'relay reset');
    if (wasWanted) await this.start();
  }

  private async begin(): Promise<void> {
    const saved = await this.checkpoints.load(this.name);
    if (!this.wanted || this.running) return;
    const checkpoint = saved === null || isOrigin(saved) ? null : saved;
    this.published = checkpoint;
    this.received = checkpoint;
    this.running = true;
    this.subscribe();
  }

  private subscribe(): void {
    const generation = ++this.generation;
    this.subscription = this.eventStore.subscribeToAll({
      after: this.received ?? undefined,
      onEvent: (event) => (generation === this.generation ? this.receive(event) : undefined),
      onCaughtUp: () => {
        if (generation === this.generation) this.onCaughtUp();
      },
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
    // A full batch holds the subscription back until it is published: backpressure.
    if (this.buffer.length >= this.batchSize) return this.drain();
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      void this.drain();
    });
  }

  private onCaughtUp(): void {
    if (this.received === null || this.reached(this.received)) {
      this.caughtUpDeferred.resolve();
    } else {
      this.caughtUpTarget = this.received;
    }
  }

  private drain(): Promise<void> {
    if (this.draining !== null) return this.draining;
    if (this.buffer.length === 0 || !this.running) return Promise.resolve();
    const draining: Promise<void> = this.drainLoop(this.epoch).finally(() => {
      if (this.draining === draining) this.draining = null;
    });
    this.draining = draining;
    return draining;
  }

  private async drainLoop(epoch: number): Promise<void> {
    while (this.running && epoch === this.epoch && this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.batchSize);
      const mapped = await this.retrying(epoch, 'map', batch, () => this.map(batch));
      if (mapped === undefined) return;
      const messages = mapped.value;
      if (messages.length > 0) {
        const sent = await this.retrying(epoch, 'publish', batch, () =>
          this.publisher.publish(messages),
        );
        if (sent === undefined) return;
      }
      const last = batch[batch.length - 1].position;
      const saved = await this.retrying(epoch, 'save the checkpoint of', batch, () =>
        this.checkpoints.save(this.name, last),
      );
      if (saved === undefined || epoch !== this.epoch) return;
      this.buffer.splice(0, batch.length);
      this.advance(last);
    }
  }

  /** Maps a batch in $all order; the address memory follows along. */
  private async map(batch: readonly RecordedEvent[]): Promise<OutboundMessage[]> {
    const messages: OutboundMessage[] = [];
    for (const event of batch) {
      const account = needsAccountContact(event)
        ? await this.accountEmails.resolve(userIdOf(event), event, this.eventStore)
        : null;
      this.accountEmails.observe(event);
      messages.push(
        ...toIntegrationMessages(event, this.topics, {
          account,
          defaultLocale: this.defaultLocale,
        }),
      );
    }
    return messages;
  }

  /**
   * Runs `step` until it succeeds (its result, wrapped so that void counts as success) or the
   * run it belongs to is over (undefined).
   */
  private async retrying<T>(
    epoch: number,
    what: string,
    batch: readonly RecordedEvent[],
    step: () => Promise<T>,
  ): Promise<{ value: T } | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      if (!this.running || epoch !== this.epoch) return undefined;
      try {
        return { value: await step() };
      } catch (error) {
        if (!this.running || epoch !== this.epoch) return undefined;
        const retryInMs = this.retries.delayFor(attempt);
        this.logger.error(
          {
            relay: this.name,
            err: errorText(error),
            attempt,
            from: format(batch[0].position),
            to: format(batch[batch.length - 1].position),
            events: batch.length,
            retryInMs,
          },
          `integration relay failed to ${what} a batch; retrying`,
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
      {
        relay: this.name,
        err: errorText(error),
        after: this.received ? format(this.received) : null,
        retryInMs,
      },
      'integration relay subscription to $all failed; resubscribing',
    );
    const generation = this.generation;
    // After the last buffered event: the buffer is still being published.
    void this.retries.sleep(retryInMs).then(() => {
      if (this.running && generation === this.generation) this.subscribe();
    });
  }

  private async halt(waitMs: number): Promise<void> {
    this.running = false;
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
    // the publish in flight: both get the same time limit.
    const settled = Promise.all([subscription?.stop(), this.draining]).then(
      () => false,
      () => false,
    );
    const left =
      waitMs === Infinity
        ? await settled
        : await Promise.race([settled, delay(waitMs).then(() => true)]);
    if (left) {
      this.logger.warn?.(
        { relay: this.name, waitedMs: waitMs },
        'integration relay stopped with a publish in flight; it is published again on restart',
      );
    }
    this.draining = null;
    this.buffer = [];
    this.received = this.published;
  }

  private advance(position: GlobalPosition): void {
    if (this.published !== null && comparePositions(position, this.published) <= 0) return;
    this.published = position;
    if (this.caughtUpTarget !== null && comparePositions(position, this.caughtUpTarget) >= 0) {
      this.caughtUpTarget = null;
      this.caughtUpDeferred.resolve();
    }
  }

  private reached(position: GlobalPosition): boolean {
    return this.published !== null && comparePositions(this.published, position) >= 0;
  }
}

function userIdOf(event: RecordedEvent): string {
  return (event.data as { userId: string }).userId;
}

function isOrigin(position: GlobalPosition): boolean {
  return comparePositions(position, RELAY_ORIGIN) === 0;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Log fields stay JSON-safe: positions as text. */
function format(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}
