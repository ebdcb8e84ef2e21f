import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountStream } from '../accounts/account-stream';
import { SessionStarter } from '../sessions/session-starter';
import { CompleteMfaSignInCommand } from './complete-mfa-sign-in.command';
import { MfaTicketStream } from './mfa-ticket-stream';
import { MfaTickets } from './mfa-tickets';
import { SecondFactors } from './second-factors';

const INVALID_TICKET = 'the sign-in ticket is invalid, expired or used';

/**
 * Completes a gateway sign-in that answered `mfaRequired`: the ticket must be usable (its hash
 * matches, not expired, not used, fewer than five wrong codes) and the password it was issued
 * for still the account's; the code is checked (a wrong one counts against the ticket and the
 * account's `totp` limit); the ticket is then spent under its stream's expected revision, so
 * it opens one session however many requests carry it, and the session link spends the code.
 */
@CommandHandler(CompleteMfaSignInCommand)
export class CompleteMfaSignInHandler implements ICommandHandler<
  CompleteMfaSignInCommand,
  AuthorizationResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly tickets: MfaTickets,
    private readonly ticketStream: MfaTicketStream,
    private readonly accounts: AccountStream,
    private readonly factors: SecondFactors,
    private readonly sessions: SessionStarter,
  ) {}

  async execute(command: CompleteMfaSignInCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const parsed = this.tickets.parse(command.ticket);
    if (!parsed) throw new AuthError('INVALID_TOKEN', INVALID_TICKET);
    const { ticketId, ticketHash } = parsed;
    const now = this.clock.now();
    const sessionId = this.ids.nextId();
    const loaded = await this.ticketStream.preview(ticketId, {
      kind: 'complete',
      ticketHash,
      sessionId,
      at: now,
    });
    const ticket = loaded.state;
    if (ticket.status !== 'issued') throw new AuthError('INVALID_TOKEN', INVALID_TICKET);
    const { userId } = ticket;
    const account = await this.accounts.state(userId);
    if (
      account.status !== 'registered' ||
      account.passwordHash === null ||
      this.tickets.passwordFingerprint(userId, account.passwordHash) !== ticket.passwordFingerprint
    ) {
      throw new AuthError('INVALID_TOKEN', INVALID_TICKET);
    }
    const metadata = metadataFor(
      { ...command.context, actorUserId: userId, actorSessionId: sessionId },
      now,
    );
    let secondFactor = null;
    if (account.twoFactor.active) {
      try {
        secondFactor = await this.factors.check(account, command.code, command.address.ip);
      } catch (error) {
        if (error instanceof AuthError && error.errorName === 'INVALID_CODE') {
          await this.ticketStream.decide(ticketId, { kind: 'fail', ticketHash, at: now }, metadata);
        }
        throw error;
      }
    }
    await this.ticketStream.decide(
      ticketId,
      { kind: 'complete', ticketHash, sessionId, at: now },
      metadata,
      loaded,
    );
    const session = await this.sessions.start(
      userId,
      'password',
      { ...ticket.device, ...command.address },
      { ...command.context, actorUserId: userId },
      {
        sessionId,
        verifiedPasswordHash: account.passwordHash,
        secondFactor,
        grant: { kind: 'token-pair', remembered: ticket.remembered },
      },
    );
    return {
      token: session.token,
      access: session.access,
      user: { userId, name: account.name },
      sessionId,
      position: session.position,
    };
  }
}
