import { AuthError } from '@tangle/contracts';
import type { GlobalPosition } from '../ports';

/**
 * Page cursors of the security history: the log position of a page's last entry, opaque to
 * clients (base64url of `commit:prepare`). A cursor only narrows the caller's own history, so a
 * forged one can show nothing of another account's.
 */
export function encodeHistoryCursor(position: GlobalPosition): string {
  return Buffer.from(`${position.commit}:${position.prepare}`, 'utf8').toString('base64url');
}

export function decodeHistoryCursor(cursor: string): GlobalPosition {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(text);
  if (!match) throw new AuthError('INVALID_ARGUMENT', 'cursor is not a cursor this service gave');
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** Entries per page unless the client asks for fewer or more. */
export const HISTORY_PAGE_SIZE = 20;
/** The most entries one page may hold. */
export const HISTORY_MAX_PAGE_SIZE = 100;
