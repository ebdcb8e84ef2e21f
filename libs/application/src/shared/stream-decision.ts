import { randomUUID } from 'node:crypto';
import { AuthError, type EventMetadata } from '@tangle/contracts';
import type { Decider } from '@tangle/domain';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '../ports';

interface DomainEventShape {
  type: string;
  data: object;
}

export interface LoadedStream<S> {
  state: S;
  /** Revision of the last event, or 'no_stream'. */
  revision: ExpectedRevision;
  events: RecordedEvent[];
}

export async function loadStream<S, E extends DomainEventShape>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
): Promise<LoadedStream<S>> {
  const events = await store.readStream(streamId);
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event as unknown as E);
  const revision = events.length === 0 ? 'no_stream' : events[events.length - 1].revision;
  return { state, revision, events };
}

export interface Decision<S, E> {
  state: S;
  events: E[];
  /** Null when the decision produced no events (nothing was appended). */
  appended: AppendResult | null;
  /** The recorded form of what was appended, for write-through caches. */
  recorded: RecordedEvent[];
}

const MAX_ATTEMPTS = 5;

/** A state already known with its revision (e.g. from a cache), to decide on without reading the stream. */
export type KnownState<S> = () => Promise<{ state: S; revision: ExpectedRevision }>;

/**
 * Load, decide, append with the expected revision; on a concurrent write, load
 * again and decide again (a bounded number of times). `command` may look at the
 * state (and read other streams) before deciding. With `known`, the first
 * attempt decides on that state instead of reading the stream; the expected
 * revision still guards it, and a retry reads the stream.
 */
export async function decideAndAppend<C, S, E extends DomainEventShape>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, S, E>,
  command: (state: S) => C | Promise<C>,
  metadata: EventMetadata,
  known?: KnownState<S>,
): Promise<Decision<S, E>> {
  for (let attempt = 1; ; attempt++) {
    const loaded =
      attempt === 1 && known ? await known() : await loadStream(store, streamId, decider);
    const events = decider.decide(await command(loaded.state), loaded.state);
    let state = loaded.state;
    for (const event of events) state = decider.evolve(state, event);
    if (events.length === 0) return { state, events, appended: null, recorded: [] };
    const toAppend = events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata,
    }));
    try {
      const appended = await store.append(streamId, toAppend, loaded.revision);
      const first = appended.nextExpectedRevision - BigInt(events.length - 1);
      const recorded = toAppend.map((event, i) => ({
        ...event,
        streamId,
        revision: first + BigInt(i),
        // Only the last event's position is known; earlier ones sort before it.
        position: appended.position,
        createdAt: metadata.serverTime,
      }));
      return { state, events, appended, recorded };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new AuthError('CONFLICT', 'too many concurrent updates');
    }
  }
}
