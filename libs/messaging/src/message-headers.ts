/** Header names on every published message; values are strings. */
export const Headers = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  schemaVersion: 'schema-version',
  contentType: 'content-type',
} as const;

export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';
