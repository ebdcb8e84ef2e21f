import { Inject } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError, EmailChangeUndone } from '@tangle/contracts';
import { activeSessionsOf, parseEmailAddress } from '@tangle/domain';
import { AccountStream } from '../accounts/account-stream';
import { Reservations } from '../accounts/reservations';
import { RateLimits } from '../limits/rate-limits';
import { CLOCK, IDENTIFIER_KEYS, type Clock, type IdentifierKeys } from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountSessionsRevoker } from './account-sessions-revoker';
import { EMAIL_UNDO_PURPOSE } from './email-change';
import { DescribeEmailUndoQuery, UndoEmailChangeCommand } from './undo-email-change.command';

/**
 * The old address's link: the account gets that address back (still reserved for it during
 * the window), every later change is dropped, and every session of the account is revoked
 * (the change may have been a takeover; the owner then resets the password through the
 * restored address). Every refusal (unknown account, wrong, used or expired link) is
 * INVALID_CODE.
 */
@CommandHandler(UndoEmailChangeCommand)
export class UndoEmailChangeHandler implements ICommandHandler<UndoEmailChangeCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly limits: RateLimits,
    private readonly revoker: AccountSessionsRevoker,
  ) {}

  async execute(command: UndoEmailChangeCommand): Promise<void> {
    assertValid(command);
    await this.limits.enforce('email-undo', { address: command.context.clientIp });
    const { userId } = command;
    const tokenHash = this.keys.secretHash(EMAIL_UNDO_PURPOSE, userId, command.token);
    const now = this.clock.now();
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, now);
    const undo = { kind: 'undo-email-change', tokenHash, at: now } as const;
    const checked = await this.accounts.preview(userId, undo).catch(invalidLink);
    const restored = checked.events.find((event) => event.type === EmailChangeUndone);
    if (!restored) throw new AuthError('INVALID_CODE');
    // Held for the account all through the window: this confirms it, or refuses if it is not.
    await this.reservations.reserveEmail(parseEmailAddress(restored.data.email), userId, metadata);
    const decision = await this.accounts.decide(userId, undo, metadata).catch(invalidLink);
    await this.revoker.revoke(userId, activeSessionsOf(decision.state, now), null, command.context);
    // The owner proved control of the address: strangers' failed sign-ins no longer count.
    await this.limits.reset('sign-in', userId);
  }
}

/** Whether the link may still be used: the page asks before anything is undone. */
@QueryHandler(DescribeEmailUndoQuery)
export class DescribeEmailUndoHandler implements IQueryHandler<DescribeEmailUndoQuery, boolean> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly accounts: AccountStream,
  ) {}

  async execute(query: DescribeEmailUndoQuery): Promise<boolean> {
    if (!/^[1-9][0-9]{0,19}$/.test(query.userId) || query.token.length > 128) return false;
    const tokenHash = this.keys.secretHash(EMAIL_UNDO_PURPOSE, query.userId, query.token);
    const state = await this.accounts.state(query.userId);
    try {
      return (
        this.accounts.outcome(state, {
          kind: 'undo-email-change',
          tokenHash,
          at: this.clock.now(),
        }).length > 0
      );
    } catch {
      return false;
    }
  }
}

function invalidLink(error: unknown): never {
  if (error instanceof AuthError) throw new AuthError('INVALID_CODE');
  throw error;
}
