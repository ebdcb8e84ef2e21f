import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
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

/**
 * The production event store over EventStoreDB (gRPC client v6). The client connects lazily:
 * constructing the store opens nothing until the first call.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closed = false;

  /** e.g. `esdb://localhost:2113?tls=false` */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  constructor(private readonly client: EventStoreDBClient) {}

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
      const result = await this.client.appendToStream(streamId, payload, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
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
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: batch })) {
        seen += 1;
        const position = resolved.event?.position;
        if (position === undefined) continue;
        last = position;
        if (after !== undefined && comparePositions(position, after) <= 0) continue;
        if (isSystemEvent(resolved) || events.length === options.maxCount) continue;
        events.push(toRecordedEvent(resolved));
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

function copy(position: GlobalPosition): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}
