import type { EventStore, RecordedEvent } from '../ports';
import { idOf } from '@tangle/contracts';
import { foldable } from './skipped-events';

interface Evolver<S> {
  initialState: S;
  evolve(state: S, event: { type: string; data: unknown }): S;
}

interface Entry<S> {
  state: S;
  /** Revision of the last event folded in; -1n for a stream with no events. */
  revision: bigint;
}

/** Called for every event of the category, cached or not, possibly twice (local write, then subscription). */
export type EventListener = (id: string, event: RecordedEvent) => void;

/**
 * The state of every stream of one category that this process has looked at,
 * kept current by the $all subscription and by this process's own appends
 * (write-through). A miss reads the stream. Events for a stream that is being
 * read are held and folded in after the read, so a revocation that lands
 * mid-read is never lost. An event is folded in only if it is the next
 * revision, which makes delivery twice (local write, then subscription) harmless.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, Entry<S>>();
  private readonly loading = new Map<
    string,
    { waiting: Promise<Entry<S>>; held: RecordedEvent[] }
  >();
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly category: string,
    private readonly evolver: Evolver<S>,
    private readonly maxEntries = 500_000,
  ) {}

  /** Current state; reads the stream on a miss. */
  async get(id: string): Promise<S> {
    const entry = this.entries.get(id);
    if (entry) return entry.state;
    const pending = this.loading.get(id);
    if (pending) return (await pending.waiting).state;
    return (await this.load(id)).state;
  }

  /** Current state and revision, for deciding without a stream read (reads it on a miss). */
  async known(id: string): Promise<{ state: S; revision: bigint | 'no_stream' }> {
    const entry = this.entries.get(id) ?? (await (this.loading.get(id)?.waiting ?? this.load(id)));
    return { state: entry.state, revision: entry.revision < 0n ? 'no_stream' : entry.revision };
  }

  /** Current state when cached, without I/O. */
  peek(id: string): S | undefined {
    return this.entries.get(id)?.state;
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Folds in an event of this category (from the subscription or a local append). */
  apply(event: RecordedEvent): void {
    const id = idOf(event.streamId);
    const pending = this.loading.get(id);
    if (pending) {
      pending.held.push(event);
    } else {
      const entry = this.entries.get(id);
      if (entry && event.revision > entry.revision + 1n) {
        // An event was passed by (one this service cannot read): read the stream on next use.
        this.entries.delete(id);
      } else if (entry) {
        this.fold(entry, event);
      } else if (event.revision === 0n) {
        // A new stream: cache it now, so its first use anywhere is a hit.
        const created: Entry<S> = { state: this.evolver.initialState, revision: -1n };
        this.fold(created, event);
        this.remember(id, created);
      }
      // Otherwise not cached: the next get() reads the stream, which holds this event.
    }
    for (const listener of this.listeners) listener(id, event);
  }

  get size(): number {
    return this.entries.size;
  }

  private load(id: string): Promise<Entry<S>> {
    const held: RecordedEvent[] = [];
    const waiting = (async () => {
      try {
        const events = foldable(await this.store.readStream(`${this.category}-${id}`));
        const entry: Entry<S> = { state: this.evolver.initialState, revision: -1n };
        for (const event of events) this.fold(entry, event);
        for (const event of held) this.fold(entry, event);
        this.remember(id, entry);
        return entry;
      } finally {
        this.loading.delete(id);
      }
    })();
    this.loading.set(id, { waiting, held });
    return waiting;
  }

  private fold(entry: Entry<S>, event: RecordedEvent): void {
    if (event.revision !== entry.revision + 1n) return;
    entry.state = this.evolver.evolve(
      entry.state,
      event as unknown as { type: string; data: unknown },
    );
    entry.revision = event.revision;
  }

  private remember(id: string, entry: Entry<S>): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest; it is read again on its next use.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, entry);
  }
}
