/**
 * Deletion of an account, on the `account-<userId>` stream: asked for, cancelled (by the owner,
 * or by a sign-in of the owner during the grace period), and carried out once the grace ends.
 */

export const AccountDeletionRequested = 'account.deletion-requested.v1';
export interface AccountDeletionRequestedData {
  userId: string;
  requestedAt: number;
  /** When the account is deleted unless the deletion is cancelled before. */
  dueAt: number;
}

export const AccountDeletionCancelled = 'account.deletion-cancelled.v1';
export interface AccountDeletionCancelledData {
  userId: string;
  /** `cancelled`: the owner asked; `signed-in`: the owner signed in during the grace period. */
  reason: 'cancelled' | 'signed-in';
  at: number;
}

/**
 * The account is gone: nothing is decided on its stream any more. Its sessions are revoked, its
 * address and username released and its personal-data key destroyed after this event.
 */
export const AccountDeleted = 'account.deleted.v1';
export interface AccountDeletedData {
  userId: string;
  at: number;
}

export type AccountDeletionEvent =
  | { type: typeof AccountDeletionRequested; data: AccountDeletionRequestedData }
  | { type: typeof AccountDeletionCancelled; data: AccountDeletionCancelledData }
  | { type: typeof AccountDeleted; data: AccountDeletedData };
