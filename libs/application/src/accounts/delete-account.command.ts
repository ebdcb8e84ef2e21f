import type { GlobalPosition } from '../ports';
import type { RequestContext } from '../shared/request-context';

/** The signed-in owner asks for the account's deletion (after the grace period), or takes it back. */
export class DeleteAccountCommand {
  constructor(
    readonly userId: string,
    readonly cancel: boolean,
    readonly context: RequestContext,
  ) {}
}

export interface DeleteAccountResult {
  /** When the account will be deleted; null when no deletion is pending (after a cancel). */
  dueAt: number | null;
  /** Where the change landed in the log (null when nothing changed), for read-your-writes. */
  position: GlobalPosition | null;
}

/** How long a deletion waits before it is carried out (ms). */
export const ACCOUNT_DELETION_GRACE_MS = Symbol('AccountDeletionGraceMs');
