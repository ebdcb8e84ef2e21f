import {
  ANY,
  NO_STREAM,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { ExpectedRevision, RecordedEvent } from '@tangle/application';
import type { EventMetadata } from '@tangle/contracts';

export function toEsdbExpectedRevision(
  expected: ExpectedRevision,
): typeof ANY | typeof NO_STREAM | bigint {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return expected;
}

/** System events ($-prefixed types, or anything in a $-prefixed stream) never leave the adapter. */
export function isSystemEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return event === undefined || event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Maps a user event. The $all position is always present on $all reads and subscriptions;
 * stream reads carry it on servers newer than 22.6 (older ones are not supported). An event that
 * is not JSON (another writer's, content type application/octet-stream) is handed on with its
 * bytes as data, and JSON the client could not parse as its text: the followers skip both
 * (skipReasonOf), rather than the mapping stopping a subscription on them.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new Error('EventStoreDB returned a link without its event');
  const position = event.position;
  if (position === undefined) {
    throw new Error(
      `EventStoreDB gave no $all position for ${event.streamId}@${event.revision}; ` +
        'EventStoreDB 22.10 or later is required',
    );
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: { commit: position.commit, prepare: position.prepare },
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    createdAt: event.created.getTime(),
  };
}
