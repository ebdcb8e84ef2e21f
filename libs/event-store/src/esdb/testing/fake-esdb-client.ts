import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  StreamNotFoundError,
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
  readonly data: string;
  readonly metadata: string;
  readonly created: Date;
  readonly position: Position;
}

/**
 * An in-memory stand-in for the part of the EventStoreDB client the adapter uses, modelling the
 * server behaviour the adapter relies on: $all holds system events too, a $all read starts AT
 * its position while a subscription starts AFTER it, positions have gaps, and an idempotent
 * retry is acknowledged without a position. It checks the adapter's logic, not the server.
 */
export class FakeEventStoreServer {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 1000n;

  client(): EventStoreDBClient {
    return new FakeClient(this) as unknown as EventStoreDBClient;
  }

  async append(
    streamId: string,
    events: readonly EventData[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve));
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? NO_STREAM : stream[stream.length - 1].revision;
    const holds =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) {
      const from =
        expected === NO_STREAM ? 0 : typeof expected === 'bigint' ? Number(expected) + 1 : -1;
      const retried = from >= 0 ? stream.slice(from, from + events.length) : [];
      if (retried.length === events.length && retried.every((r, i) => r.id === events[i].id)) {
        return { success: true, nextExpectedRevision: retried[retried.length - 1].revision };
      }
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
    return new FakeSubscription(this, from, filter);
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
    this.nextPosition += 137n;
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    const record: StoredRecord = {
      streamId,
      revision: revision ?? BigInt(this.streams.get(streamId)?.length ?? 0),
      id: event?.id ?? randomUUID(),
      type,
      data,
      metadata: event ? JSON.stringify(event.metadata) : '{}',
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

function resolved(record: StoredRecord): AllStreamResolvedEvent {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: record.created,
      data: JSON.parse(record.data) as Record<string, unknown>,
      metadata: JSON.parse(record.metadata) as Record<string, unknown>,
      position: record.position,
    },
    commitPosition: record.position.commit,
  };
}

function comparePosition(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
