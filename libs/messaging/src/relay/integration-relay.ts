import {
  BatchedAllFollower,
  comparePositions,
  type BatchRun,
  type CheckpointStore,
  type EventStore,
  type GlobalPosition,
  type MessagePublisher,
  type OutboundMessage,
  type RecordedEvent,
  type SkippedEventCounter,
} from '@tangle/application';
import { toIntegrationMessages } from '../integration-events';
import { defaultMessagingLogger, type MessagingLogger } from '../logger';
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
  /** Counts the events passed by (another service's stream, not JSON) as `relay`. */
  skippedEvents?: SkippedEventCounter;
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
  private readonly logger: MessagingLogger;
  private readonly stopTimeoutMs: number;
  private readonly defaultLocale: string | undefined;
  private readonly accountEmails: AccountEmails;
  private readonly follower: BatchedAllFollower;

  /** Whether start() was asked for (and stop() not since). */
  private wanted = false;
  private starting: Promise<void> | null = null;
  /** The checkpoint: the last event whose messages are acknowledged. */
  private published: GlobalPosition | null = null;
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
    this.logger = options.logger ?? defaultMessagingLogger;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.defaultLocale = options.defaultLocale;
    this.accountEmails = new AccountEmails(options.accountEmailCapacity);
    this.follower = new BatchedAllFollower(eventStore, {
      batchSize: Math.max(1, options.batchSize ?? 100),
      handleBatch: (batch, run) => this.publishBatch(batch, run),
      onCaughtUp: (received) => this.onCaughtUp(received),
      retryDelayMs: options.retryDelayMs ?? 100,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      logger: this.logger,
      log: {
        batches: 'integration relay',
        subscription: 'integration relay',
        fields: { relay: this.name },
      },
      // At most a batch of events is held in memory, the one being published included.
      countBatchInFlight: true,
      onSkipped: (reason) => options.skippedEvents?.skipped('relay', reason),
    });
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
    if (this.follower.running) return;
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
    this.accountEmails.clear();
    this.caughtUpTarget = null;
    this.caughtUpDeferred = deferred();
    this.logger.info?.({ relay: this.name, to: to ? format(to) : 'origin' }, 'relay reset');
    if (wasWanted) await this.start();
  }

  private async begin(): Promise<void> {
    const saved = await this.checkpoints.load(this.name);
    if (!this.wanted || this.follower.running) return;
    const checkpoint = saved === null || isOrigin(saved) ? null : saved;
    this.published = checkpoint;
    this.follower.start(checkpoint);
  }

  private onCaughtUp(received: GlobalPosition | null): void {
    if (received === null || this.reached(received)) {
      this.caughtUpDeferred.resolve();
    } else {
      this.caughtUpTarget = received;
    }
  }

  private async publishBatch(batch: readonly RecordedEvent[], run: BatchRun): Promise<void> {
    const mapped = await run.retry('map', () => this.map(batch));
    if (mapped === undefined) return;
    const messages = mapped.value;
    if (messages.length > 0) {
      const sent = await run.retry('publish', () => this.publisher.publish(messages));
      if (sent === undefined) return;
    }
    const last = batch[batch.length - 1].position;
    const saved = await run.retry('save the checkpoint of', () =>
      this.checkpoints.save(this.name, last),
    );
    if (saved === undefined || !run.current) return;
    this.advance(last);
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

  private async halt(waitMs: number): Promise<void> {
    if (await this.follower.halt(waitMs)) {
      this.logger.warn?.(
        { relay: this.name, waitedMs: waitMs },
        'integration relay stopped with a publish in flight; it is published again on restart',
      );
    }
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

/** Log fields stay JSON-safe: positions as text. */
function format(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}
