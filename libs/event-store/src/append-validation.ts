import type { EventToAppend } from '@tangle/application';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rules both adapters apply before writing, so the embedded store rejects what EventStoreDB
 * would: event ids are UUIDs, and `$` streams belong to the database (reads skip them).
 */
export function assertAppendable(streamId: string, events: readonly EventToAppend[]): void {
  if (streamId.length === 0) throw new TypeError('Stream id must not be empty');
  if (streamId.startsWith('$')) {
    throw new TypeError(`Stream ${streamId}: names starting with $ are reserved for the system`);
  }
  if (events.length === 0) throw new TypeError(`Stream ${streamId}: nothing to append`);
  for (const event of events) {
    if (!UUID.test(event.eventId)) {
      throw new TypeError(`Stream ${streamId}: event id ${event.eventId} is not a UUID`);
    }
    if (event.type.length === 0 || event.type.startsWith('$')) {
      throw new TypeError(`Stream ${streamId}: invalid event type "${event.type}"`);
    }
  }
}
