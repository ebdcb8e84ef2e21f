import { Injectable } from '@nestjs/common';
import type { EventMetadata, SessionMethod } from '@tangle/contracts';
import type { AccountProfile, EmailAddress, OAuthLinkInput, Username } from '@tangle/domain';
import type { AuthorizationResult } from '../shared/authorization';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import type { SessionGrant } from '../sessions/session-policy';
import { SessionStarter } from '../sessions/session-starter';
import { AccountStream } from './account-stream';
import { EmailVerification } from './email-verification';
import { Reservations } from './reservations';

export interface NewAccount {
  userId: string;
  name: string;
  username?: Username;
  email: EmailAddress | null;
  passwordHash: string | null;
  /** Checked already (the decider checks again); absent when the registration gave none. */
  profile?: AccountProfile;
  /** A provider's first sign-in: linked in the registration's append (see the account decider). */
  oauth?: OAuthLinkInput;
  method: SessionMethod;
  /** What the first session hands out; a session token when left out. */
  grant?: SessionGrant;
  device: ClientDevice;
  locale: string;
  context: RequestContext;
  metadata: EventMetadata;
}

/**
 * What every way of opening an account shares: reserve the username and the
 * email (if any), register the account, mail a verification code, start the first session.
 */
@Injectable()
export class AccountRegistration {
  constructor(
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionStarter,
  ) {}

  async register(account: NewAccount): Promise<AuthorizationResult> {
    const { userId, name, email, metadata } = account;
    if (account.username)
      await this.reservations.reserveUsername(account.username, userId, metadata);
    if (email) await this.reservations.reserveEmail(email, userId, metadata);
    await this.accounts.decide(
      userId,
      {
        kind: 'register',
        userId,
        name,
        username: account.username?.value ?? null,
        email: email?.address ?? null,
        passwordHash: account.passwordHash,
        ...(account.profile ? { profile: account.profile } : {}),
        ...(account.oauth ? { oauth: account.oauth } : {}),
        at: metadata.serverTime,
      },
      metadata,
    );
    const asUser = { ...account.context, actorUserId: userId };
    // An address the provider asserted verified starts verified: no code to mail.
    const verified =
      account.oauth?.emailVerified === true && account.oauth.email === email?.address;
    if (email && !verified) await this.verification.request(userId, account.locale, asUser);
    const session = await this.sessions.start(
      userId,
      account.method,
      account.device,
      account.context,
      { grant: account.grant },
    );
    return {
      token: session.token,
      access: session.access,
      user: { userId, name },
      sessionId: session.sessionId,
      position: session.position,
    };
  }
}
