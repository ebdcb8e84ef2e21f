import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Streams } from '@tangle/contracts';
import {
  accountDecider,
  parseEmailAddress,
  parseUsername,
  usernameReservationDecider,
} from '@tangle/domain';
import {
  CLOCK,
  EVENT_STORE,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  type Clock,
  type EventStore,
  type IdentifierKeys,
  type IdGenerator,
} from '../ports';
import { ACCOUNT_CACHE, type AccountCache } from '../accounts/account-cache';
import { EmailReservations } from '../accounts/email-reservations';
import { EmailVerification } from '../accounts/email-verification';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { SessionStarter } from '../sessions/session-starter';
import { RegisterCommand } from './register.command';

/** Username (unique, any case) → email (unique, optional) → account → verification code → session. */
@CommandHandler(RegisterCommand)
export class RegisterHandler implements ICommandHandler<RegisterCommand, AuthorizationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly emails: EmailReservations,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionStarter,
  ) {}

  async execute(command: RegisterCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const username = parseUsername(command.username);
    const email = command.email === null ? null : parseEmailAddress(command.email);
    const userId = this.ids.nextId();
    const now = this.clock.now();
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, now);

    await decideAndAppend(
      this.store,
      Streams.username(this.keys.usernameKey(username.normalized)),
      usernameReservationDecider,
      () => ({ kind: 'reserve' as const, userId, username: username.value, at: now }),
      metadata,
    );
    if (email) await this.emails.reserve(email, userId, metadata);
    const registration = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({
        kind: 'register' as const,
        userId,
        name: username.value,
        username: username.value,
        email: email?.address ?? null,
        passwordHash: null,
        at: now,
      }),
      metadata,
    );
    for (const event of registration.recorded) this.accounts.apply(event);
    if (email)
      await this.verification.request(userId, command.locale, {
        ...command.context,
        actorUserId: userId,
      });
    const session = await this.sessions.start(
      userId,
      'registration',
      command.device,
      command.context,
    );
    return {
      token: session.token,
      user: { userId, name: username.value },
      sessionId: session.sessionId,
      position: session.position,
    };
  }
}
