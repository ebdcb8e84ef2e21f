import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  DeadlineExceededError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';

interface StoredRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  /** JSON text, or the bytes of an event written as application/octet-stream. */
  readonly data: string | Uint8Array;
  readonly isJson: boolean;
  readonly metadata: string;
  readonly created: Date;
  readonly position: Position;
}

/** An event written by someone else: another service sharing the server, or a binary writer. */
export interface RawEvent {
  readonly type: string;
  /** JSON text (content type application/json) or bytes (application/octet-stream). */
  readonly data: string | Uint8Array;
  readonly isJson: boolean;
}

/** What happens to the next append: see FakeEventStoreServer.failNextAppends. */
type AppendFault = 'lost-ack' | 'unavailable';

/**
 * An in-memory stand-in for the part of the EventStoreDB client the adapter uses, modelling the
 * server behaviour the adapter relies on: $all holds system events too, a $all read starts AT
 * its position while a subscription starts AFTER it, positions have gaps, and an idempotent
 * retry is acknowledged without a position. It fails as the client does: a $all read or
 * subscription from a position that is not a record's rejects it; a subscription can be
 * dropped (an error event, then close); an append can time out after the server wrote it; and
 * $all can hold other services' streams and events that are not JSON. It checks the adapter's
 * logic, not the server.
 */
export class FakeEventStoreServer {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<FakeSubscription>();
  private readonly faults: AppendFault[] = [];
  private nextPosition = 1000n;
  /** How many appends reached the server, written or refused (retries included). */
  appendCalls = 0;

  /** $all subscriptions open now. */
  get liveSubscriptions(): number {
    return this.subscriptions.size;
  }

  /**
   * The next appends fail, one fault each: `lost-ack` writes the events and then answers
   * DeadlineExceededError (the acknowledgement never arrived); `unavailable` answers
   * UnavailableError without writing (the request never got there).
   */
  failNextAppends(...faults: AppendFault[]): void {
    this.faults.push(...faults);
  }

  /**
   * Ends every live $all subscription as the client does when the server restarts, the leader
   * changes or a keep-alive times out: an error event (UnavailableError), then close.
   */
  dropSubscriptions(error: Error = new UnavailableError(undefined, 'Connection dropped')): void {
    for (const subscription of [...this.subscriptions]) subscription.destroy(error);
  }

  /** Writes events the adapter did not: another service's stream, or a non-JSON event. */
  appendRaw(streamId: string, events: readonly RawEvent[]): Position {
    let last: StoredRecord | undefined;
    for (const event of events) {
      const revision = BigInt(this.streams.get(streamId)?.length ?? 0);
      last = this.store(streamId, revision, randomUUID(), event.type, event.data, event.isJson);
    }
    for (const listener of this.listeners) listener();
    return last!.position;
  }

  client(): EventStoreDBClient {
    return new FakeClient(this) as unknown as EventStoreDBClient;
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve));
    this.appendCalls += 1;
    const fault = this.faults.shift();
    if (fault === 'unavailable') throw new UnavailableError(undefined, 'No connection established');
    const result = await this.write(streamId, events, expected);
    if (fault === 'lost-ack') throw new DeadlineExceededError(undefined, 'Deadline exceeded');
    return result;
  }

  private async write(
    streamId: string,
    events: readonly EventData[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? NO_STREAM : stream[stream.length - 1].revision;
    const holds =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    // The server deduplicates by event id: events already written at the expected place (or,
    // with ANY, anywhere in the stream) are acknowledged again, without a position.
    const from =
      expected === NO_STREAM
        ? 0
        : typeof expected === 'bigint'
          ? Number(expected) + 1
          : expected === ANY
            ? stream.findIndex((r) => r.id === events[0]?.id)
            : -1;
    const retried = from >= 0 ? stream.slice(from, from + events.length) : [];
    if (
      (!holds || expected === ANY) &&
      retried.length === events.length &&
      retried.every((r, i) => r.id === events[i].id)
    ) {
      return { success: true, nextExpectedRevision: retried[retried.length - 1].revision };
    }
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
    }
    this.record('$statistics', `$statsCollected`, '{}');
    let revision = current === NO_STREAM ? 0n : current + 1n;
    let last: StoredRecord | undefined;
    for (const event of events) {
      last = this.record(streamId, event.type, JSON.stringify(event.data), event, revision);
      revision += 1n;
    }
    for (const listener of this.listeners) listener();
    return { success: true, nextExpectedRevision: revision - 1n, position: last?.position };
  }

  /** What a busy server's own bookkeeping looks like in $all. */
  addSystemEvents(count: number): void {
    for (let i = 0; i < count; i += 1) this.record('$statistics', '$statsCollected', '{}');
  }

  readStream(streamId: string, from: ReadRevision, maxCount: number): Readable {
    const stream = this.streams.get(streamId) ?? [];
    const start = from === START ? 0n : (from as bigint);
    const selected = stream.filter((r) => r.revision >= start).slice(0, maxCount);
    return Readable.from(
      (async function* () {
        if (stream.length === 0) throw new StreamNotFoundError(undefined, streamId);
        for (const record of selected) yield resolved(record);
      })(),
    );
  }

  readAll(from: ReadPosition, maxCount: number, backwards = false): Readable {
    const invalid = this.invalidPosition(from);
    if (invalid) return failing(invalid);
    if (backwards) {
      // As the server does: from END, or from the events before a position, newest first.
      const end = from === END ? this.log.length : this.indexOf(from as Position, 0);
      const selected = this.log.slice(Math.max(0, end - maxCount), end).reverse();
      return Readable.from(selected.map(resolved));
    }
    const first = from === START ? 0 : this.indexOf(from as Position, 0);
    const selected = this.log.slice(first, first + maxCount);
    return Readable.from(selected.map(resolved));
  }

  subscribe(from: ReadPosition, filter: Filter | undefined): FakeSubscription {
    const subscription = new FakeSubscription(this, from, filter);
    this.subscriptions.add(subscription);
    subscription.once('close', () => this.subscriptions.delete(subscription));
    const invalid = this.invalidPosition(from);
    if (invalid) process.nextTick(() => subscription.destroy(invalid));
    return subscription;
  }

  /**
   * The server reads the log at the position it is given, so one that is not where a record
   * starts (a checkpoint from another database, or made up) is refused: the client reports it
   * as an UnknownError on the read or subscription.
   */
  private invalidPosition(from: ReadPosition): Error | undefined {
    if (from === START || from === END) return undefined;
    const position = from as Position;
    const index = this.indexOf(position, 0);
    const at = this.log[index];
    if (at !== undefined && comparePosition(at.position, position) === 0) return undefined;
    return new UnknownError(
      undefined,
      `Invalid position: ${position.commit}/${position.prepare} is not a record in the log`,
    );
  }

  recordsAfter(position: Position | undefined): StoredRecord[] {
    return this.log.slice(position === undefined ? 0 : this.indexOf(position, 1));
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(
    streamId: string,
    type: string,
    data: string,
    event?: EventData,
    revision?: bigint,
  ): StoredRecord {
    return this.store(
      streamId,
      revision ?? BigInt(this.streams.get(streamId)?.length ?? 0),
      event?.id ?? randomUUID(),
      type,
      data,
      true,
      event ? JSON.stringify(event.metadata) : '{}',
    );
  }

  private store(
    streamId: string,
    revision: bigint,
    id: string,
    type: string,
    data: string | Uint8Array,
    isJson: boolean,
    metadata = '{}',
  ): StoredRecord {
    this.nextPosition += 137n;
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    const record: StoredRecord = {
      streamId,
      revision,
      id,
      type,
      data,
      isJson,
      metadata,
      created: new Date(),
      position,
    };
    this.log.push(record);
    const stream = this.streams.get(streamId);
    if (stream) stream.push(record);
    else this.streams.set(streamId, [record]);
    return record;
  }

  /** Index of the first record at (bias 0) or after (bias 1) the position; the log is sorted. */
  private indexOf(position: Position, bias: 0 | 1): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePosition(this.log[mid].position, position) < bias) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

class FakeSubscription extends Readable {
  private position: Position | undefined;
  private readonly detach: () => void;
  private waiting = false;

  constructor(
    private readonly server: FakeEventStoreServer,
    from: ReadPosition,
    private readonly eventFilter: Filter | undefined,
  ) {
    super({ objectMode: true, highWaterMark: 4 });
    this.position = from === START ? undefined : (from as Position);
    this.detach = server.onAppend(() => {
      if (this.waiting) this._read();
    });
  }

  override _read(): void {
    this.waiting = false;
    for (const record of this.server.recordsAfter(this.position)) {
      this.position = record.position;
      if (
        this.eventFilter &&
        'regex' in this.eventFilter &&
        !new RegExp(this.eventFilter.regex).test(record.type)
      ) {
        continue;
      }
      if (!this.push(resolved(record))) return;
    }
    this.waiting = true;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.detach();
    callback(error);
  }

  async unsubscribe(): Promise<void> {
    this.detach();
  }
}

class FakeClient {
  constructor(private readonly server: FakeEventStoreServer) {}

  appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    const list = Array.isArray(events) ? events : [events];
    return this.server.append(streamName, list, options.expectedRevision ?? ANY);
  }

  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; maxCount?: number | bigint } = {},
  ): Readable {
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return this.server.readStream(streamName, options.fromRevision ?? START, maxCount);
  }

  readAll(
    options: {
      fromPosition?: ReadPosition;
      maxCount?: number | bigint;
      direction?: typeof BACKWARDS | 'forwards';
    } = {},
  ): Readable {
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const backwards = options.direction === BACKWARDS;
    return this.server.readAll(
      options.fromPosition ?? (backwards ? END : START),
      maxCount,
      backwards,
    );
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}): Readable {
    return this.server.subscribe(options.fromPosition ?? START, options.filter);
  }

  async dispose(): Promise<void> {}
}

/** As the client converts a record: JSON parsed (text it cannot parse stays text), bytes as they are. */
function resolved(record: StoredRecord): AllStreamResolvedEvent {
  const event = record.isJson
    ? {
        isJson: true as const,
        data: parseOr(record.data as string) as Record<string, unknown>,
      }
    : { isJson: false as const, data: record.data as Uint8Array };
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      revision: record.revision,
      type: record.type,
      created: record.created,
      ...event,
      metadata: parseOr(record.metadata) as Record<string, unknown>,
      position: record.position,
    },
    commitPosition: record.position.commit,
  } as AllStreamResolvedEvent;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A read stream that fails as the client's does when the server refuses the call. */
function failing(error: Error): Readable {
  const stream = new Readable({ objectMode: true, read: () => undefined });
  process.nextTick(() => stream.destroy(error));
  return stream;
}

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
