import { Inject, Injectable } from '@nestjs/common';
import { Streams, type EventMetadata, type SessionMethod } from '@tangle/contracts';
import { accountDecider, type EmailAddress } from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { SessionStarter } from '../sessions/session-starter';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';
import { EmailReservations } from './email-reservations';
import { EmailVerification } from './email-verification';

export interface NewAccount {
  userId: string;
  name: string;
  username?: string;
  email: EmailAddress | null;
  passwordHash: string | null;
  method: SessionMethod;
  device: ClientDevice;
  locale: string;
  context: RequestContext;
  metadata: EventMetadata;
}

/**
 * What every way of opening an account shares: reserve the email (if any),
 * register the account, mail a verification code, start the first session.
 */
@Injectable()
export class AccountRegistration {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly emails: EmailReservations,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionStarter,
  ) {}

  async register(account: NewAccount): Promise<AuthorizationResult> {
    const { userId, name, email, metadata } = account;
    if (email) await this.emails.reserve(email, userId, metadata);
    const registration = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({
        kind: 'register' as const,
        userId,
        name,
        username: account.username ?? null,
        email: email?.address ?? null,
        passwordHash: account.passwordHash,
        at: metadata.serverTime,
      }),
      metadata,
    );
    for (const event of registration.recorded) this.accounts.apply(event);
    const asUser = { ...account.context, actorUserId: userId };
    if (email) await this.verification.request(userId, account.locale, asUser);
    const session = await this.sessions.start(
      userId,
      account.method,
      account.device,
      account.context,
    );
    return {
      token: session.token,
      user: { userId, name },
      sessionId: session.sessionId,
      position: session.position,
    };
  }
}
