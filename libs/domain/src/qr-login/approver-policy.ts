import type { RegisteredAccount } from '../account/account.decider';
import type { SessionState } from '../session/session.decider';

/**
 * Whether a session may vouch for a new one: an approved QR login counts as the new session's
 * second factor ('approved-by-session'), so the approver must itself satisfy the account's
 * second-factor policy. The session must be the account's own and active (liveness against
 * the idle and absolute lifetimes is the caller's check, with its policy).
 *
 * This is the one place that policy is read for approvals. Accounts keep no second factor
 * here yet, so an active session of the account satisfies it; an account that requires one
 * must also require here that the approving session was started with one.
 */
export function approverSatisfiesSecondFactor(
  account: RegisteredAccount,
  approver: SessionState,
): boolean {
  return approver.status === 'active' && approver.userId === account.userId;
}
