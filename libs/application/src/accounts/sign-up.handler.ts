import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Streams } from '@tangle/contracts';
import {
  accountDecider,
  assertPasswordPolicy,
  normalizeDisplayName,
  normalizePassword,
  parseEmailAddress,
} from '@tangle/domain';
import {
  CLOCK,
  EVENT_STORE,
  ID_GENERATOR,
  PASSWORD_HASHER,
  type Clock,
  type EventStore,
  type IdGenerator,
  type PasswordHasher,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { SessionStarter } from '../sessions/session-starter';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { EmailReservations } from './email-reservations';
import { DEFAULT_LOCALE, EmailVerification } from './email-verification';
import { SignUpCommand } from './sign-up.command';

@CommandHandler(SignUpCommand)
export class SignUpHandler implements ICommandHandler<SignUpCommand, AuthorizationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly emails: EmailReservations,
    private readonly sessions: SessionStarter,
    private readonly verification: EmailVerification,
  ) {}

  async execute(command: SignUpCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const name = normalizeDisplayName(command.name);
    const email = command.email === null ? null : parseEmailAddress(command.email);
    const password = command.password === null ? null : normalizePassword(command.password);
    if (password !== null) assertPasswordPolicy(password);

    const userId = this.ids.nextId();
    // Hash before reserving: the reservation then waits on no slow step, which
    // keeps the window in which a crash could leave it without an account short.
    const passwordHash = password === null ? null : await this.hasher.hash(password);
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, this.clock.now());
    if (email) await this.emails.reserve(email, userId, metadata);

    const registration = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({
        kind: 'register' as const,
        userId,
        name,
        email: email?.address ?? null,
        passwordHash,
        at: metadata.serverTime,
      }),
      metadata,
    );
    for (const event of registration.recorded) this.accounts.apply(event);
    if (email) {
      await this.verification.request(userId, DEFAULT_LOCALE, {
        ...command.context,
        actorUserId: userId,
      });
    }

    const session = await this.sessions.start(userId, 'sign-up', command.device, command.context);
    return {
      token: session.token,
      user: { userId, name },
      sessionId: session.sessionId,
      position: session.position,
    };
  }
}
