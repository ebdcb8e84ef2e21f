import { isOwnStream } from '@tangle/contracts';
import type { RecordedEvent } from '../ports';

/**
 * Why a follower of $all passes an event by: `foreign_stream`, a stream of another service that
 * shares the event store (its category is not in STREAM_CATEGORIES); `not_json`, an event whose
 * data or metadata is not a JSON object (bytes, or text that does not parse).
 */
export type SkipReason = 'foreign_stream' | 'not_json';

/** Counts the events a follower skipped (tangle_events_skipped_total{follower,reason}). */
export interface SkippedEventCounter {
  skipped(follower: string, reason: SkipReason): void;
}

/** Null for an event of this service that followers can handle; else why to skip it. */
export function skipReasonOf(event: RecordedEvent): SkipReason | null {
  if (!isOwnStream(event.streamId)) return 'foreign_stream';
  if (!isJsonObject(event.data) || !isJsonObject(event.metadata)) return 'not_json';
  return null;
}

function isJsonObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

/**
 * The events of one of this service's streams, to fold into its state. One that is not JSON
 * (something else wrote it) cannot be folded, and folding past it would decide on a wrong
 * state: the read fails, naming it.
 */
export function foldable(events: RecordedEvent[]): RecordedEvent[] {
  for (const event of events) {
    if (skipReasonOf(event) === 'not_json') {
      throw new Error(
        `Stream ${event.streamId} holds event ${event.revision} (${event.type}) that is not JSON`,
      );
    }
  }
  return events;
}
