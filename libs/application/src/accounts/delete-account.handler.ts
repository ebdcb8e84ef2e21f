import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { RateLimits } from '../limits/rate-limits';
import { CLOCK, type Clock } from '../ports';
import { metadataFor } from '../shared/request-context';
import { AccountStream } from './account-stream';
import {
  ACCOUNT_DELETION_GRACE_MS,
  DeleteAccountCommand,
  type DeleteAccountResult,
} from './delete-account.command';

/**
 * Marks the caller's account pending deletion (a mail tells the owner; see the relay), or takes
 * a pending deletion back. Asking twice keeps the first due time; cancelling with nothing
 * pending changes nothing. The deletion itself is AccountErasure's, once the grace has ended.
 */
@CommandHandler(DeleteAccountCommand)
export class DeleteAccountHandler implements ICommandHandler<
  DeleteAccountCommand,
  DeleteAccountResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_DELETION_GRACE_MS) private readonly graceMs: number,
    private readonly accounts: AccountStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: DeleteAccountCommand): Promise<DeleteAccountResult> {
    if (!command.userId) throw new AuthError('UNAUTHORIZED');
    await this.limits.enforce('account-deletion', {
      address: command.context.clientIp,
      account: command.userId,
    });
    const now = this.clock.now();
    const decision = await this.accounts.decide(
      command.userId,
      command.cancel
        ? { kind: 'cancel-deletion', at: now }
        : { kind: 'request-deletion', graceMs: this.graceMs, at: now },
      metadataFor(command.context, now),
    );
    const { state } = decision;
    return {
      dueAt: state.status === 'registered' ? (state.pendingDeletion?.dueAt ?? null) : null,
      position: decision.appended?.position ?? null,
    };
  }
}
