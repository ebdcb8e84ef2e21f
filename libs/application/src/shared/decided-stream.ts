import { createHash } from 'node:crypto';
import { AuthError, type EventMetadata } from '@tangle/contracts';
import type { Decider } from '@tangle/domain';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '../ports';
import type { StreamStateCache } from './stream-state-cache';
import { foldable } from './skipped-events';

interface DomainEventShape {
  type: string;
  data: object;
}

/** A stream's state and the revision it was folded to ('no_stream' when empty). */
export interface StreamState<S> {
  state: S;
  revision: ExpectedRevision;
}

export interface Decision<S, E> {
  /** The state after the new events. */
  state: S;
  /** What happened: the events the decider produced (none when there was nothing to do). */
  events: E[];
  /** Null when nothing was appended. */
  appended: AppendResult | null;
}

/** What to decide: a command, or a command built from the current state. */
export type CommandFor<C, S> = C | ((state: S) => C | Promise<C>);

const MAX_ATTEMPTS = 5;

/**
 * One decider bound to its stream category, once: load the state (from the
 * cache with its revision when there is one, else from the stream), decide,
 * append with the expected revision, on a concurrent write read the stream and
 * decide again (a bounded number of times), and write the new events through
 * the cache. Handlers hand it a command; the decider owns the rules.
 *
 * Event ids derive from the correlation id, the stream and the revision the
 * decision was made on, so an append retried after a lost acknowledgement
 * carries the same ids and the store recognises it.
 */
export class DecidedStream<C, S, E extends DomainEventShape> {
  constructor(
    protected readonly store: EventStore,
    readonly category: string,
    private readonly decider: Decider<C, S, E>,
    private readonly cache: StreamStateCache<S> | null = null,
  ) {}

  streamId(id: string): string {
    return `${this.category}-${id}`;
  }

  /** Current state (from the cache when there is one). */
  async state(id: string): Promise<S> {
    return this.cache ? this.cache.get(id) : (await this.read(id)).state;
  }

  /** Current state with its revision, read from the stream itself. */
  async read(id: string): Promise<StreamState<S>> {
    const events = foldable(await this.store.readStream(this.streamId(id)));
    let state = this.decider.initialState;
    for (const event of events) state = this.decider.evolve(state, event as unknown as E);
    const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
    return { state, revision };
  }

  /** `from` brought up to the stream's end: the events after its revision folded in. */
  async catchUp(id: string, from: StreamState<S>): Promise<StreamState<S>> {
    // A state decided on without a revision ('any') cannot be brought up to date: read it all.
    if (typeof from.revision !== 'bigint' && from.revision !== 'no_stream') return this.read(id);
    const fromRevision = from.revision === 'no_stream' ? 0n : from.revision + 1n;
    const events = foldable(await this.store.readStream(this.streamId(id), { fromRevision }));
    let state = from.state;
    for (const event of events) state = this.decider.evolve(state, event as unknown as E);
    const revision = events.length === 0 ? from.revision : events[events.length - 1].revision;
    return { state, revision };
  }

  /**
   * What deciding `command` now would produce, without appending: for a caller
   * that must know the outcome before doing costly work (hashing a password) or
   * before deciding on several streams (all or nothing). Refusals throw as in
   * `decide`. Pass the returned state on to `decide` as `known`.
   */
  async preview(id: string, command: C): Promise<StreamState<S> & { events: E[] }> {
    const loaded = await this.firstLoad(id);
    return { ...loaded, events: this.decider.decide(command, loaded.state) };
  }

  /** What the decider would make of `command` on `state`: pure, nothing appended. */
  outcome(state: S, command: C): E[] {
    return this.decider.decide(command, state);
  }

  /**
   * Decides `command` on the stream `id` and appends what happened. `known`
   * replaces the first load (a state the caller has just read); the expected
   * revision still guards it.
   */
  async decide(
    id: string,
    command: CommandFor<C, S>,
    metadata: EventMetadata,
    known?: StreamState<S>,
  ): Promise<Decision<S, E>> {
    const streamId = this.streamId(id);
    let loaded = known ?? (await this.firstLoad(id));
    for (let attempt = 1; ; attempt++) {
      // After a conflict only the events written since are read: a long stream (an account
      // with years of sign-ins) is not read whole again for each of several concurrent writers.
      if (attempt > 1) loaded = await this.catchUp(id, loaded);
      const decided =
        typeof command === 'function'
          ? await (command as (state: S) => C | Promise<C>)(loaded.state)
          : command;
      const events = this.decider.decide(decided, loaded.state);
      let state = loaded.state;
      for (const event of events) state = this.decider.evolve(state, event);
      if (events.length === 0) return { state, events, appended: null };
      const toAppend = events.map((event, i) => ({
        eventId: eventIdFor(metadata.correlationId, streamId, loaded.revision, i),
        type: event.type,
        data: event.data,
        metadata,
      }));
      try {
        const appended = await this.store.append(streamId, toAppend, loaded.revision);
        this.writeThrough(streamId, toAppend, appended, metadata.serverTime);
        return { state, events, appended };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new AuthError('CONFLICT', 'too many concurrent updates');
      }
    }
  }

  private firstLoad(id: string): Promise<StreamState<S>> {
    return this.cache ? this.cache.known(id) : this.read(id);
  }

  private writeThrough(
    streamId: string,
    appended: { eventId: string; type: string; data: object; metadata: EventMetadata }[],
    result: AppendResult,
    createdAt: number,
  ): void {
    if (!this.cache) return;
    const first = result.nextExpectedRevision - BigInt(appended.length - 1);
    for (const [i, event] of appended.entries()) {
      const recorded: RecordedEvent = {
        ...event,
        streamId,
        revision: first + BigInt(i),
        // Only the last event's position is known; earlier ones sort before it.
        position: result.position,
        createdAt,
      };
      this.cache.apply(recorded);
    }
  }
}

/** A UUID (version 8: custom) from the decision's identity. */
export function eventIdFor(
  correlationId: string,
  streamId: string,
  revision: ExpectedRevision,
  index: number,
): string {
  const hex = createHash('sha256')
    .update(`${correlationId}\n${streamId}\n${String(revision)}\n${index}`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
