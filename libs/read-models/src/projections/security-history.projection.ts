import type { RecordedEvent, SecurityHistoryEntry } from '@tangle/application';
import type { Positioned, Projection } from './projection';
import { SECURITY_HISTORY_ENTRIES, securityHistoryDraft } from './security-history.entries';

/** An entry as stored: its position is the position of the one event it was made from. */
export interface SecurityHistoryDocument
  extends Omit<SecurityHistoryEntry, 'position'>, Positioned {}

/** Entries are keyed by their event's id: one event makes at most one entry, once. */
export function securityHistoryKeyOf(event: RecordedEvent): string | null {
  return Object.hasOwn(SECURITY_HISTORY_ENTRIES, event.type) ? event.eventId : null;
}

export function projectSecurityHistory(
  current: SecurityHistoryDocument | null,
  event: RecordedEvent,
): SecurityHistoryDocument | null {
  // An entry is written once and never changes: its event applied again changes nothing.
  if (current !== null) return current;
  const draft = securityHistoryDraft(event);
  return draft === null ? null : { ...draft, entryId: event.eventId, lastPosition: event.position };
}

export const securityHistoryProjection: Projection<SecurityHistoryDocument> = {
  keyOf: securityHistoryKeyOf,
  project: projectSecurityHistory,
};

export function toSecurityHistoryEntry({
  lastPosition,
  ...entry
}: SecurityHistoryDocument): SecurityHistoryEntry {
  return { ...entry, position: lastPosition };
}
