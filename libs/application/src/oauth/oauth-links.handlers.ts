import { Inject } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AccountOAuthUnlinked, AuthError } from '@tangle/contracts';
import type { AccountState } from '@tangle/domain';
import { CLOCK, type Clock } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountStream } from '../accounts/account-stream';
import { RateLimits } from '../limits/rate-limits';
import { SessionStream } from '../sessions/session-stream';
import { OAuthIdentities } from './oauth-identities';
import { oauthLinkInput } from './oauth-link-input';
import { OAuthSubjects } from './oauth-subjects';
import {
  GetOAuthLinksQuery,
  LinkOAuthCommand,
  UnlinkOAuthCommand,
  type OAuthLinkView,
} from './oauth.commands';

/**
 * Linking needs a recent sign-in: a stolen session token must not be enough to add the thief's
 * provider account as a way in that would outlive a password reset.
 */
export const OAUTH_LINK_RECENT_SIGN_IN_MS = 15 * 60_000;

/** A signed-in user links a provider account to theirs; answers the links after it. */
@CommandHandler(LinkOAuthCommand)
export class LinkOAuthHandler implements ICommandHandler<LinkOAuthCommand, OAuthLinkView[]> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly identities: OAuthIdentities,
    private readonly subjects: OAuthSubjects,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: LinkOAuthCommand): Promise<OAuthLinkView[]> {
    assertValid(command);
    const { userId, sessionId } = signedIn(command.context);
    if (!command.idToken && !command.accessToken) {
      throw new AuthError('INVALID_ARGUMENT', 'send idToken (or, for facebook, accessToken)');
    }
    this.identities.assertConfigured(command.provider);
    await this.limits.enforce('oauth', { address: command.context.clientIp });
    await this.assertRecentSignIn(sessionId);
    const identity = await this.identities.verify(command.provider, command, command.nonce);

    const holder = await this.subjects.linkedAccount(identity.provider, identity.subject);
    if (holder === userId) return linksOf(await this.accounts.state(userId));
    if (holder !== null) {
      throw new AuthError(
        'OAUTH_ALREADY_LINKED',
        `this ${identity.provider} account is linked to another account`,
      );
    }
    const at = this.clock.now();
    const link = {
      kind: 'link-oauth' as const,
      link: oauthLinkInput(identity),
      origin: 'signed-in' as const,
      at,
    };
    await this.accounts.preview(userId, link);
    const metadata = metadataFor(command.context, at);
    await this.subjects.reserve(identity.provider, identity.subject, userId, metadata);
    try {
      const decision = await this.accounts.decide(userId, link, metadata);
      return linksOf(decision.state);
    } catch (error) {
      await this.subjects
        .release(identity.provider, identity.subject, userId, 'abandoned', metadata)
        .catch(() => undefined);
      throw error;
    }
  }

  private async assertRecentSignIn(sessionId: string): Promise<void> {
    const session = await this.sessions.state(sessionId);
    if (
      session.status !== 'active' ||
      this.clock.now() - session.startedAt > OAUTH_LINK_RECENT_SIGN_IN_MS
    ) {
      throw new AuthError(
        'PERMISSION_DENIED',
        `linking a provider needs a sign-in of the last ${OAUTH_LINK_RECENT_SIGN_IN_MS / 60_000} minutes: sign in again`,
      );
    }
  }
}

/** Unlinks a provider; the subject's reservation is released for another account to link. */
@CommandHandler(UnlinkOAuthCommand)
export class UnlinkOAuthHandler implements ICommandHandler<UnlinkOAuthCommand, OAuthLinkView[]> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subjects: OAuthSubjects,
    private readonly accounts: AccountStream,
  ) {}

  async execute(command: UnlinkOAuthCommand): Promise<OAuthLinkView[]> {
    assertValid(command);
    const { userId } = signedIn(command.context);
    const at = this.clock.now();
    const metadata = metadataFor(command.context, at);
    const decision = await this.accounts.decide(
      userId,
      { kind: 'unlink-oauth', provider: command.provider, at },
      metadata,
    );
    for (const event of decision.events) {
      if (event.type !== AccountOAuthUnlinked) continue;
      await this.subjects.release(
        event.data.provider,
        event.data.subject,
        userId,
        'unlinked',
        metadata,
      );
    }
    return linksOf(decision.state);
  }
}

@QueryHandler(GetOAuthLinksQuery)
export class GetOAuthLinksHandler implements IQueryHandler<GetOAuthLinksQuery, OAuthLinkView[]> {
  constructor(private readonly accounts: AccountStream) {}

  async execute(query: GetOAuthLinksQuery): Promise<OAuthLinkView[]> {
    return linksOf(await this.accounts.state(query.userId));
  }
}

function linksOf(account: AccountState): OAuthLinkView[] {
  if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
  return account.oauthLinks.map(({ provider, email, privateRelayEmail, linkedAt }) => ({
    provider,
    email,
    privateRelayEmail,
    linkedAt,
  }));
}

function signedIn(context: RequestContext): { userId: string; sessionId: string } {
  if (!context.actorUserId || !context.actorSessionId) throw new AuthError('UNAUTHORIZED');
  return { userId: context.actorUserId, sessionId: context.actorSessionId };
}
