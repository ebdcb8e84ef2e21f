import type { EventMetadata } from '@tangle/contracts';

/**
 * A place in the global log ($all). EventStoreDB has a commit and a prepare position;
 * the SQLite store uses its row position for both. Order: commit, then prepare.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `no_stream`: the stream must not exist; `any`: no check; a bigint: the stream's last revision must be exactly this. */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface EventToAppend {
  /** UUID. Derive it from the command where a retry must not duplicate the event. */
  readonly eventId: string;
  readonly type: string;
  readonly data: object;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<D = unknown> {
  readonly streamId: string;
  /** 0-based revision of the event within its stream. */
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly eventId: string;
  readonly type: string;
  /**
   * The event's JSON. An event another writer put in $all that is not JSON comes as its bytes
   * (Uint8Array), or as its text when it does not parse; followers pass those by (skipReasonOf).
   */
  readonly data: D;
  readonly metadata: EventMetadata;
  /** Append time, unix ms. */
  readonly createdAt: number;
}

export interface AppendResult {
  /** Revision of the last appended event. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event: what a read-your-writes query waits for. */
  readonly position: GlobalPosition;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface ReadStreamOptions {
  /** Inclusive; default 0. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the start. */
  readonly after?: GlobalPosition;
  readonly maxCount: number;
}

export interface AllSubscriptionOptions {
  /** Exclusive checkpoint: delivery starts strictly after it. Default: from the start. */
  readonly after?: GlobalPosition;
  /** Called for each event in $all order; the next is delivered only after the promise settles. */
  readonly onEvent: (event: RecordedEvent) => Promise<void> | void;
  /** Called once when catch-up has reached the live end of the log. */
  readonly onCaughtUp?: () => void;
  /** Called if the subscription stops on an error (including a throwing onEvent). */
  readonly onError?: (error: Error) => void;
}

export interface AllSubscription {
  stop(): Promise<void>;
}

/**
 * The event store port. Adapters: SQLite (embedded) and EventStoreDB. Both pass
 * libs/event-store/src/event-store.contract.ts. User events only: system events are not returned.
 */
export interface EventStore {
  /** Appends atomically. Throws WrongExpectedRevisionError when `expected` does not hold. */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** The stream's events in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of $all in order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Where $all ends now: the newest user event's position, or null when there is none. */
  lastPosition(): Promise<GlobalPosition | null>;
  /** Catch-up from the checkpoint, then live, in order, one event at a time. */
  subscribeToAll(options: AllSubscriptionOptions): AllSubscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
