import { ANY, NO_STREAM, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { isSystemEvent, toEsdbExpectedRevision, toRecordedEvent } from './esdb-mapping';

describe('EventStoreDB mapping', () => {
  it('maps expected revisions onto the client constants', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(41n)).toBe(41n);
  });

  it('treats $ event types and $ streams as system events', () => {
    expect(isSystemEvent(resolved({ type: '$metadata' }))).toBe(true);
    expect(isSystemEvent(resolved({ streamId: '$ce-account' }))).toBe(true);
    expect(isSystemEvent({})).toBe(true);
    expect(isSystemEvent(resolved({}))).toBe(false);
  });

  it('maps a recorded event, keeping both parts of the position', () => {
    const created = new Date(1_700_000_000_456);

    const event = toRecordedEvent(
      resolved({ revision: 7n, created, position: { commit: 900n, prepare: 880n } }),
    );

    expect(event).toEqual({
      streamId: 'account-1',
      revision: 7n,
      position: { commit: 900n, prepare: 880n },
      eventId: 'b7a3c9de-7f7e-4d8c-9a55-0c1f7b3f4e21',
      type: 'account.registered.v1',
      data: { userId: '1' },
      metadata: { correlationId: 'c' },
      createdAt: 1_700_000_000_456,
    });
  });

  it('refuses events without a $all position', () => {
    expect(() => toRecordedEvent(resolved({ position: undefined }))).toThrow(/position/);
  });

  it('hands a non-JSON event on with its bytes, and unparsed JSON as its text', () => {
    const bytes = Uint8Array.of(0, 1, 2);

    const binary = toRecordedEvent(resolved({ isJson: false, data: bytes, metadata: undefined }));
    const garbled = toRecordedEvent(resolved({ data: '{oops' }));

    expect(binary.data).toBe(bytes);
    expect(binary.metadata).toBeUndefined();
    expect(garbled.data).toBe('{oops');
  });
});

function resolved(overrides: Record<string, unknown>): AllStreamResolvedEvent {
  return {
    event: {
      streamId: 'account-1',
      id: 'b7a3c9de-7f7e-4d8c-9a55-0c1f7b3f4e21',
      isJson: true,
      revision: 0n,
      type: 'account.registered.v1',
      created: new Date(0),
      data: { userId: '1' },
      metadata: { correlationId: 'c' },
      position: { commit: 1n, prepare: 1n },
      ...overrides,
    },
  } as AllStreamResolvedEvent;
}
