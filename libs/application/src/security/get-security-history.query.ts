import type { SecurityHistoryEntry } from '../ports';

/** One page of the signed-in user's security history, newest first. */
export class GetSecurityHistoryQuery {
  constructor(
    readonly userId: string,
    /** From the previous page's `nextCursor`; null for the newest entries. */
    readonly cursor: string | null,
    readonly limit: number,
    /** For the rate limit. */
    readonly clientIp: string | null,
  ) {}
}

export interface SecurityHistoryPage {
  entries: SecurityHistoryEntry[];
  /** Gives the next (older) page; null when this page holds the oldest entry. */
  nextCursor: string | null;
}
