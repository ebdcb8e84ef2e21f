import type { RecordedEvent } from '@tangle/application';
import type { v1 } from './schema';
import { millisToLong, snowflakeToLong } from './snowflake';

/** Every integration message is at schema version 1 of its type (the `.v1` suffix). */
export const SCHEMA_VERSION = 1;

export function eventHeader(
  event: RecordedEvent,
  userId: string,
  type: string,
): v1.EventHeader.$Properties {
  return {
    eventId: event.eventId,
    type,
    schemaVersion: SCHEMA_VERSION,
    occurredAt: millisToLong(event.metadata.serverTime),
    correlationId: event.metadata.correlationId,
    userId: snowflakeToLong(userId),
  };
}
