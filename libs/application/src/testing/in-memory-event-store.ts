import {
  comparePositions,
  WrongExpectedRevisionError,
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
} from '../ports';

/**
 * A faithful in-memory EventStore for application tests: the same expected-revision
 * rules and $all ordering as the real adapters, with a yield before each append so
 * concurrent callers really interleave.
 */
export class InMemoryEventStore implements EventStore {
  readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<() => void>();

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve));
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    if (expected !== 'any' && expected !== actual) {
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    for (const event of events) {
      const position = BigInt(this.all.length + 1);
      const recorded: RecordedEvent = {
        streamId,
        revision: BigInt(stream.length),
        position: { commit: position, prepare: position },
        eventId: event.eventId,
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata,
        createdAt: Date.now(),
      };
      stream.push(recorded);
      this.all.push(recorded);
    }
    this.streams.set(streamId, stream);
    for (const listener of this.listeners) listener();
    const last = stream[stream.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  /**
   * Records an event as another writer would, unchecked: another service's stream in a shared
   * $all, or data that is not JSON (bytes), as the adapters hand such events on.
   */
  appendRaw(streamId: string, event: { type: string; data: unknown; metadata?: unknown }): void {
    const stream = this.streams.get(streamId) ?? [];
    const position = BigInt(this.all.length + 1);
    const recorded = {
      streamId,
      revision: BigInt(stream.length),
      position: { commit: position, prepare: position },
      eventId: `raw-${position}`,
      type: event.type,
      data: event.data,
      metadata: event.metadata ?? {},
      createdAt: Date.now(),
    } as RecordedEvent;
    stream.push(recorded);
    this.all.push(recorded);
    this.streams.set(streamId, stream);
    for (const listener of this.listeners) listener();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = Number(options.fromRevision ?? 0n);
    const stream = this.streams.get(streamId) ?? [];
    return stream.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after;
    return this.all
      .filter((e) => !after || comparePositions(e.position, after) > 0)
      .slice(0, options.maxCount);
  }

  async lastPosition(): Promise<GlobalPosition | null> {
    return this.all.length === 0 ? null : this.all[this.all.length - 1].position;
  }

  private readonly droppers = new Set<(error: Error) => void>();

  subscribeToAll(options: AllSubscriptionOptions): AllSubscription {
    let stopped = false;
    let next = options.after ? Number(options.after.commit) : 0;
    let caughtUp = false;
    let running = false;
    const pump = async () => {
      if (running) return;
      running = true;
      try {
        while (!stopped && next < this.all.length) await options.onEvent(this.all[next++]);
        if (!caughtUp && !stopped) {
          caughtUp = true;
          options.onCaughtUp?.();
        }
      } catch (error) {
        stopped = true;
        options.onError?.(error as Error);
      } finally {
        running = false;
      }
      if (!stopped && next < this.all.length) void pump();
    };
    const drop = (error: Error) => {
      if (stopped) return;
      stopped = true;
      this.listeners.delete(pump);
      this.droppers.delete(drop);
      options.onError?.(error);
    };
    this.listeners.add(pump);
    this.droppers.add(drop);
    void pump();
    return {
      stop: async () => {
        stopped = true;
        this.listeners.delete(pump);
        this.droppers.delete(drop);
      },
    };
  }

  /**
   * Ends every live subscription with `error`, as a server restart or a leader change does
   * to EventStoreDB's: subscribers see onError and must subscribe again themselves.
   */
  dropSubscriptions(error = new Error('subscription dropped by the server')): void {
    for (const drop of [...this.droppers]) drop(error);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
