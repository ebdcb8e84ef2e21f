import type { RecordedEvent } from '../ports';
import { skipReasonOf } from './skipped-events';

function recorded(overrides: Partial<Record<keyof RecordedEvent, unknown>>): RecordedEvent {
  return {
    streamId: 'account-1',
    revision: 0n,
    position: { commit: 1n, prepare: 1n },
    eventId: 'e1',
    type: 'account.registered.v1',
    data: { userId: '1' },
    metadata: { correlationId: 'c' },
    createdAt: 0,
    ...overrides,
  } as RecordedEvent;
}

describe('skipReasonOf', () => {
  it('keeps JSON events of this service', () => {
    expect(skipReasonOf(recorded({}))).toBeNull();
    expect(skipReasonOf(recorded({ streamId: 'target-user-1' }))).toBeNull();
  });

  it('passes by streams of categories this service does not write', () => {
    expect(skipReasonOf(recorded({ streamId: 'orders-1' }))).toBe('foreign_stream');
    expect(skipReasonOf(recorded({ streamId: 'account' }))).toBe('foreign_stream');
    expect(skipReasonOf(recorded({ streamId: 'accounts-1' }))).toBe('foreign_stream');
  });

  it('passes by data or metadata that is not a JSON object', () => {
    expect(skipReasonOf(recorded({ data: Uint8Array.of(1, 2) }))).toBe('not_json');
    expect(skipReasonOf(recorded({ data: '{garbled' }))).toBe('not_json');
    expect(skipReasonOf(recorded({ data: null }))).toBe('not_json');
    expect(skipReasonOf(recorded({ metadata: undefined }))).toBe('not_json');
    expect(skipReasonOf(recorded({ metadata: Uint8Array.of(1) }))).toBe('not_json');
  });

  it('names the foreign stream first when both hold', () => {
    expect(skipReasonOf(recorded({ streamId: 'orders-1', data: Uint8Array.of(1) }))).toBe(
      'foreign_stream',
    );
  });
});
