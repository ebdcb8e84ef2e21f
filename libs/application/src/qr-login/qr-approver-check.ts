import { Inject, Injectable } from '@nestjs/common';
import { approverSatisfiesSecondFactor, type QrApprover } from '@tangle/domain';
import { CLOCK, type Clock } from '../ports';
import { AccountStream } from '../accounts/account-stream';
import { SESSION_POLICY, sessionIsLive, type SessionPolicy } from '../sessions/session-policy';
import { SessionStream } from '../sessions/session-stream';

/**
 * The facts about an approving session that the QR login decider takes: whether it is still
 * live, and whether it satisfies its account's second-factor policy (the domain's
 * `approverSatisfiesSecondFactor`, the one hook for that policy).
 */
@Injectable()
export class QrApproverCheck {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
  ) {}

  async isLive(sessionId: string): Promise<boolean> {
    return sessionIsLive(await this.sessions.state(sessionId), this.clock.now(), this.policy);
  }

  async satisfiesSecondFactor(approver: QrApprover): Promise<boolean> {
    const [account, session] = await Promise.all([
      this.accounts.state(approver.userId),
      this.sessions.state(approver.sessionId),
    ]);
    if (account.status !== 'registered') return false;
    return approverSatisfiesSecondFactor(account, session);
  }
}
