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

/** Default of CACHE_MAX_ENTRIES: streams of one category kept in memory. */
export const DEFAULT_CACHE_MAX_ENTRIES = 100_000;

export interface StreamStateCacheOptions<S> {
  /** Streams kept current in memory, the least recently used dropped first. */
  maxEntries?: number;
  /**
   * A state that will not be used again to let anything through (a revoked session, a deleted
   * account): it leaves the live entries for the small tombstone set, so that it neither holds
   * memory meant for live streams nor costs a read each time it is asked for.
   */
  isFinal?: (state: S) => boolean;
}

/** A small LRU of entries: Maps iterate in insertion order, so the first key is the oldest. */
class Lru<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** The value, made the most recently used. */
  use(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** The value, its recency unchanged. */
  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * The state of the streams of one category that this process uses, kept current by the $all
 * subscription and by this process's own appends (write-through). A miss reads the stream, which
 * is always complete: the cache needs no history from the subscription, which starts at the end
 * of the log. Events for a stream that is being read are held and folded in after the read, so
 * a revocation that lands mid-read is never lost. An event is folded in only if it is the next
 * revision, which makes delivery twice (local write, then subscription) harmless.
 *
 * Memory is bounded three ways: live entries (at most `maxEntries`, least recently used dropped;
 * a dropped stream is read again on its next use), tombstones of final states (a tenth of that:
 * a revoked session presented again answers from memory), and ids whose stream does not exist
 * (a tenth as well, ids only): unknown ids sent by anyone never push live entries out.
 */
export class StreamStateCache<S> {
  private readonly entries: Lru<Entry<S>>;
  private readonly tombstones: Lru<Entry<S>>;
  private readonly absent: Lru<true>;
  private readonly loading = new Map<
    string,
    { waiting: Promise<Entry<S>>; held: RecordedEvent[] }
  >();
  private readonly listeners: EventListener[] = [];
  private readonly isFinal: (state: S) => boolean;

  constructor(
    private readonly store: EventStore,
    private readonly category: string,
    private readonly evolver: Evolver<S>,
    options: StreamStateCacheOptions<S> = {},
  ) {
    const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES);
    const small = Math.max(1, Math.floor(maxEntries / 10));
    this.entries = new Lru(maxEntries);
    this.tombstones = new Lru(small);
    this.absent = new Lru(small);
    this.isFinal = options.isFinal ?? (() => false);
  }

  /** Current state; reads the stream on a miss. */
  async get(id: string): Promise<S> {
    return (await this.known(id)).state;
  }

  /** Current state and revision, for deciding without a stream read (reads it on a miss). */
  async known(id: string): Promise<{ state: S; revision: bigint | 'no_stream' }> {
    const entry = this.hit(id) ?? (await (this.loading.get(id)?.waiting ?? this.load(id)));
    return { state: entry.state, revision: entry.revision < 0n ? 'no_stream' : entry.revision };
  }

  /** Current state when cached, without I/O (a use: it counts for recency). */
  peek(id: string): S | undefined {
    return (this.entries.use(id) ?? this.tombstones.use(id))?.state;
  }

  /**
   * Moves a stream that is no longer of use (a session past its end) from the live entries to
   * the tombstones; it stays correct there, kept current like any entry.
   */
  retire(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.tombstones.set(id, entry);
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
      this.absent.delete(id);
      const live = this.entries.get(id);
      const entry = live ?? this.tombstones.get(id);
      if (entry && event.revision > entry.revision + 1n) {
        // An event was passed by (one this service cannot read): read the stream on next use.
        this.entries.delete(id);
        this.tombstones.delete(id);
      } else if (entry) {
        this.fold(entry, event);
        if (live && this.isFinal(entry.state)) this.retire(id);
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

  /** Live entries held (tombstones and absent ids not counted). */
  get size(): number {
    return this.entries.size;
  }

  /** What the cache holds, by kind: for metrics and tests. */
  counts(): { entries: number; tombstones: number; absent: number } {
    return {
      entries: this.entries.size,
      tombstones: this.tombstones.size,
      absent: this.absent.size,
    };
  }

  private hit(id: string): Entry<S> | undefined {
    const entry = this.entries.use(id) ?? this.tombstones.use(id);
    if (entry) return entry;
    if (this.absent.use(id)) return { state: this.evolver.initialState, revision: -1n };
    return undefined;
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
    // No stream: only the id is kept, apart from the live entries.
    if (entry.revision < 0n) this.absent.set(id, true);
    else if (this.isFinal(entry.state)) this.tombstones.set(id, entry);
    else this.entries.set(id, entry);
  }
}
