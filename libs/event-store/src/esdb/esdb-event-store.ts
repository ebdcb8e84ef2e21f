import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendResult as EsdbAppendResult,
  type EventData,
  type JSONType,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import {
  WrongExpectedRevisionError,
  comparePositions,
  type AllSubscription,
  type AllSubscriptionOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@tangle/application';
import { assertAppendable } from '../append-validation';
import { toJson } from '../json';
import { EsdbAllSubscription } from './esdb-all-subscription';
import { isSystemEvent, toEsdbExpectedRevision, toRecordedEvent } from './esdb-mapping';

/** Server-side page size of $all reads; system events are skipped client-side, so pages vary. */
const MAX_READ_BATCH = 4096;

export interface EsdbEventStoreOptions {
  /** Tries of one append whose answer was lost (deadline, unavailable). Default 4. */
  appendTries?: number;
  /** Wait before the second try; it doubles for each further one. Default 100 ms. */
  appendRetryDelayMs?: number;
}

/**
 * The production event store over EventStoreDB (gRPC client v6). The client connects lazily:
 * constructing the store opens nothing until the first call.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private readonly appendTries: number;
  private readonly appendRetryDelayMs: number;
  private closed = false;

  /** e.g. `esdb://localhost:2113?tls=false` */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions = {},
  ) {
    this.appendTries = Math.max(1, options.appendTries ?? 4);
    this.appendRetryDelayMs = options.appendRetryDelayMs ?? 100;
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(streamId, events);
    const payload = events.map((event) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        data: plainJson(event.data),
        metadata: plainJson(event.metadata),
      }),
    );
    try {
      const result = await this.appendOnce(streamId, payload, expected);
      const position =
        result.position ?? (await this.positionOf(streamId, result.nextExpectedRevision));
      return { nextExpectedRevision: result.nextExpectedRevision, position: copy(position) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, error.actualVersion);
      }
      throw error;
    }
  }

  /**
   * One logical append: the same payload, so the same event ids, on every try. A deadline or an
   * unavailable server leaves the outcome unknown (the write may have happened and only its
   * acknowledgement been lost), so it is sent again: the server deduplicates by event id and
   * answers success for events already written where the expectation puts them, or
   * WrongExpectedVersion when other events are there.
   */
  private async appendOnce(
    streamId: string,
    payload: readonly EventData[],
    expected: ExpectedRevision,
  ): Promise<EsdbAppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.client.appendToStream(streamId, [...payload], {
          expectedRevision: toEsdbExpectedRevision(expected),
        });
      } catch (error) {
        const unknownOutcome =
          error instanceof DeadlineExceededError || error instanceof UnavailableError;
        if (!unknownOutcome || attempt >= this.appendTries || this.closed) throw error;
        await delay(this.appendRetryDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const read = this.client.readStream(streamId, {
      direction: FORWARDS,
      fromRevision: options.fromRevision ?? START,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (!isSystemEvent(resolved)) events.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events: RecordedEvent[] = [];
    // EventStoreDB reads $all from a position inclusively; the port's `after` is exclusive.
    let after: Position | undefined = options.after;
    while (events.length < options.maxCount) {
      const batch = Math.min(Math.max(options.maxCount - events.length + 1, 64), MAX_READ_BATCH);
      const from: ReadPosition = after ?? START;
      let seen = 0;
      let last: Position | undefined;
      try {
        for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: batch })) {
          seen += 1;
          const position = resolved.event?.position;
          if (position === undefined) continue;
          last = position;
          if (after !== undefined && comparePositions(position, after) <= 0) continue;
          if (isSystemEvent(resolved) || events.length === options.maxCount) continue;
          events.push(toRecordedEvent(resolved));
        }
      } catch (error) {
        throw explainInvalidPosition(error, after);
      }
      if (seen < batch || last === undefined) break;
      after = last;
    }
    return events;
  }

  async lastPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    // Backwards from the end, past the server's own events (statistics, scavenges) at the tail.
    let from: ReadPosition = END;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({
        direction: BACKWARDS,
        fromPosition: from,
        maxCount: MAX_READ_BATCH,
      })) {
        seen += 1;
        const position = resolved.event?.position;
        if (position === undefined) continue;
        if (!isSystemEvent(resolved)) return position;
        last = position;
      }
      if (seen < MAX_READ_BATCH || last === undefined) return null;
      from = last;
    }
  }

  subscribeToAll(options: AllSubscriptionOptions): AllSubscription {
    this.assertOpen();
    const subscription = new EsdbAllSubscription(
      this.client,
      (after, maxCount) => this.readAll({ after, maxCount }),
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** An idempotent retry is acknowledged without a position: look the event up instead. */
  private async positionOf(streamId: string, revision: bigint): Promise<GlobalPosition> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined) throw new Error(`Stream ${streamId}: revision ${revision} not found`);
    return event.position;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EsdbEventStore is closed');
  }
}

/** The client serialises with JSON.stringify, which throws on bigint: hand it plain JSON. */
function plainJson(value: unknown): JSONType {
  return JSON.parse(toJson(value)) as JSONType;
}

/**
 * The server refuses to read $all from a position where no record starts: a checkpoint that
 * did not come from this database (restored from elsewhere, or the database was replaced).
 * Nothing retried will fix that; say so plainly.
 */
function explainInvalidPosition(error: unknown, from: Position | undefined): unknown {
  if (from === undefined || !(error instanceof UnknownError)) return error;
  if (!/position/i.test(error.message)) return error;
  return new Error(
    `$all has no event at position ${from.commit}/${from.prepare}: the checkpoint does not come ` +
      `from this EventStoreDB database (${error.message})`,
    { cause: error },
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function copy(position: GlobalPosition): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}
