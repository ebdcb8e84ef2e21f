import type { SecurityHistoryEntry } from '@tangle/application';
import { decodePosition, encodePosition } from '../position-key';
import type { SecurityHistoryDocument } from '../projections/security-history.projection';
import type { SecurityHistoryRecord } from './security-history.schema';

export function securityHistoryRecord({
  entryId,
  lastPosition,
  ...rest
}: SecurityHistoryDocument): SecurityHistoryRecord {
  return { _id: entryId, ...rest, lastPosition: encodePosition(lastPosition) };
}

export function securityHistoryEntry(record: SecurityHistoryRecord): SecurityHistoryEntry {
  return {
    entryId: record._id,
    userId: record.userId,
    kind: record.kind,
    at: record.at,
    sessionId: record.sessionId ?? null,
    device: record.device ?? null,
    country: record.country ?? null,
    region: record.region ?? null,
    detail: record.detail ?? null,
    position: decodePosition(record.lastPosition),
  };
}

export function securityHistoryDocument(record: SecurityHistoryRecord): SecurityHistoryDocument {
  const { position, ...entry } = securityHistoryEntry(record);
  return { ...entry, lastPosition: position };
}
