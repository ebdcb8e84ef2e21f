import { setTimeout as sleep } from 'node:timers/promises';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { hasOAuthLink, parseEmailAddress, type EmailAddress } from '@tangle/domain';
import {
  CLOCK,
  ID_GENERATOR,
  type Clock,
  type IdGenerator,
  type VerifiedOAuthIdentity,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountRegistration } from '../accounts/account-registration';
import { AccountStream } from '../accounts/account-stream';
import { Reservations } from '../accounts/reservations';
import { RateLimits } from '../limits/rate-limits';
import { SessionStarter } from '../sessions/session-starter';
import { OAuthIdentities } from './oauth-identities';
import { oauthLinkInput } from './oauth-link-input';
import { oauthAccountNames } from './oauth-names';
import { OAuthSubjects } from './oauth-subjects';
import { OAuthSignInCommand, type OAuthSignInResult } from './oauth.commands';

export type OAuthSignInAnswer = AuthorizationResult & OAuthSignInResult;

/** How long a first sign-in that lost the race for its subject waits for the winner's account. */
const RACE_WAIT_MS = 2_000;
const RACE_POLL_MS = 50;

/**
 * Sign-in with Google, Apple or Facebook. The token is verified first (offline against the
 * provider's keys; nonce once); then the subject decides: linked to an account, that account
 * signs in; unknown, and its address held by an account, the two are linked only when both
 * sides have the address verified (OAUTH_ACCOUNT_EXISTS otherwise); unknown and its address
 * free, a new passwordless account is opened with the subject linked. The session starts like
 * every other (the account decider links it, and with it applies the account's second factor).
 */
@CommandHandler(OAuthSignInCommand)
export class OAuthSignInHandler implements ICommandHandler<OAuthSignInCommand, OAuthSignInAnswer> {
  constructor(
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly identities: OAuthIdentities,
    private readonly subjects: OAuthSubjects,
    private readonly accounts: AccountStream,
    private readonly reservations: Reservations,
    private readonly registration: AccountRegistration,
    private readonly sessions: SessionStarter,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: OAuthSignInCommand): Promise<OAuthSignInAnswer> {
    assertValid(command);
    if (!command.idToken && !command.accessToken) {
      throw new AuthError('INVALID_ARGUMENT', 'send idToken (or, for facebook, accessToken)');
    }
    this.identities.assertConfigured(command.provider);
    await this.limits.enforce('oauth', { address: command.context.clientIp });
    const identity = await this.identities.verify(command.provider, command, command.nonce);

    const found = await this.subjects.lookup(identity.provider, identity.subject, this.clock.now());
    if (found.status === 'linked') {
      return this.signIn(found.userId, command, { newAccount: false, linked: false });
    }
    // Another first sign-in of this subject is opening or linking its account.
    if (found.status === 'pending') return this.afterLostRace(identity, command);
    const email = emailOf(identity);
    const holder = email ? await this.reservations.holderOfEmail(email) : null;
    if (holder) return this.linkByVerifiedEmail(holder, identity, command);
    return this.openAccount(identity, email, command);
  }

  /** Links the subject to the account holding its address, if both have it verified. */
  private async linkByVerifiedEmail(
    userId: string,
    identity: VerifiedOAuthIdentity,
    command: OAuthSignInCommand,
  ): Promise<OAuthSignInAnswer> {
    const at = this.clock.now();
    const link = {
      kind: 'link-oauth' as const,
      link: oauthLinkInput(identity),
      origin: 'verified-email' as const,
      at,
    };
    try {
      // Refused before anything is written: unverified on either side, another subject linked.
      await this.accounts.preview(userId, link);
    } catch (error) {
      // The address is reserved for an account that never came to be (a sign-up cut short):
      // opening a new account takes the reservation over once it is abandoned, or answers
      // OAUTH_ACCOUNT_EXISTS while that sign-up may still finish.
      if (error instanceof AuthError && error.errorName === 'NOT_FOUND') {
        return this.openAccount(identity, parseEmailAddress(identity.email!), command);
      }
      throw error;
    }
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, at);
    if (!(await this.reserve(identity, userId, metadata)))
      return this.afterLostRace(identity, command);
    try {
      await this.accounts.decide(userId, link, metadata);
    } catch (error) {
      await this.releaseQuietly(identity, userId, metadata);
      throw error;
    }
    return this.signIn(userId, command, { newAccount: false, linked: true });
  }

  private async openAccount(
    identity: VerifiedOAuthIdentity,
    email: EmailAddress | null,
    command: OAuthSignInCommand,
  ): Promise<OAuthSignInAnswer> {
    const userId = this.ids.nextId();
    const { name, profile } = oauthAccountNames(identity, command);
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, this.clock.now());
    if (!(await this.reserve(identity, userId, metadata)))
      return this.afterLostRace(identity, command);
    try {
      const result = await this.registration.register({
        userId,
        name,
        email,
        passwordHash: null,
        ...(profile ? { profile } : {}),
        oauth: oauthLinkInput(identity, email?.address ?? null),
        method: 'oauth',
        grant: command.grant,
        device: command.device,
        locale: command.locale,
        context: command.context,
        metadata,
      });
      return { ...result, newAccount: true, linked: false };
    } catch (error) {
      await this.releaseQuietly(identity, userId, metadata);
      // The address was taken between the lookup and the reservation: as if it had been seen.
      if (error instanceof AuthError && error.errorName === 'EMAIL_ALREADY_EXISTS') {
        throw new AuthError('OAUTH_ACCOUNT_EXISTS');
      }
      throw error;
    }
  }

  /** False when another account holds the subject (a parallel first sign-in won it). */
  private async reserve(
    identity: VerifiedOAuthIdentity,
    userId: string,
    metadata: ReturnType<typeof metadataFor>,
  ): Promise<boolean> {
    try {
      await this.subjects.reserve(identity.provider, identity.subject, userId, metadata);
      return true;
    } catch (error) {
      if (error instanceof AuthError && error.errorName === 'OAUTH_ALREADY_LINKED') return false;
      throw error;
    }
  }

  /** A parallel first sign-in holds the subject: sign in to its account once it is linked. */
  private async afterLostRace(
    identity: VerifiedOAuthIdentity,
    command: OAuthSignInCommand,
  ): Promise<OAuthSignInAnswer> {
    // Real time, not the domain clock: this is a wait for another request to finish.
    const deadline = performance.now() + RACE_WAIT_MS;
    do {
      const linked = await this.subjects.linkedAccount(identity.provider, identity.subject);
      if (linked) return this.signIn(linked, command, { newAccount: false, linked: false });
      await sleep(RACE_POLL_MS);
    } while (performance.now() < deadline);
    throw new AuthError('CONFLICT', 'another sign-in with this account is in progress');
  }

  private async releaseQuietly(
    identity: VerifiedOAuthIdentity,
    userId: string,
    metadata: ReturnType<typeof metadataFor>,
  ): Promise<void> {
    // Best effort: a reservation left behind is taken over once it is a minute old. Never
    // released once the account has the link (the session failed after the account was made).
    try {
      const { state } = await this.accounts.read(userId);
      if (state.status === 'registered' && hasOAuthLink(state, identity.provider, identity.subject))
        return;
      await this.subjects.release(
        identity.provider,
        identity.subject,
        userId,
        'abandoned',
        metadata,
      );
    } catch {
      // the reservation is abandoned; it is taken over after a minute
    }
  }

  /**
   * Starts the session. This is where the account's second factor applies: the account
   * decider's link-session refuses with MFA_REQUIRED when the account asks for one.
   */
  private async signIn(
    userId: string,
    command: OAuthSignInCommand,
    flags: OAuthSignInResult,
  ): Promise<OAuthSignInAnswer> {
    const account = await this.accounts.state(userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const session = await this.sessions.start(userId, 'oauth', command.device, command.context, {
      grant: command.grant,
    });
    return {
      token: session.token,
      access: session.access,
      user: { userId, name: account.name },
      sessionId: session.sessionId,
      position: session.position,
      ...flags,
    };
  }
}

/** The claimed address, when it is one the account could hold (else the account gets none). */
function emailOf(identity: VerifiedOAuthIdentity): EmailAddress | null {
  if (!identity.email) return null;
  try {
    return parseEmailAddress(identity.email);
  } catch {
    return null;
  }
}
