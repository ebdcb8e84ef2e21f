import type { AccountType } from '@tangle/contracts';

/** One account's profile, for the account itself (or a gateway answering for it). */
export class GetAccountProfileQuery {
  constructor(readonly userId: string) {}
}

/** What GetAccountProfileQuery answers. Times are unix ms. */
export interface AccountProfileView {
  userId: string;
  /** As typed at registration (trimmed); null for an account without one. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** E.164, e.g. `+201234567890`. */
  phone: string | null;
  accountType: AccountType;
  referralCode: string | null;
  emailVerified: boolean;
  createdAt: number;
  /** When the newest session was opened for the account (sign-up included); null before any. */
  lastLoginAt: number | null;
  /** The display name (`types.User` name on the WebSocket). */
  name: string;
  /** Set while the account's deletion is pending (`pending_delete`): when it was asked and falls due. */
  pendingDeletion: { requestedAt: number; dueAt: number } | null;
}
