import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import type { ActiveSession } from '@tangle/domain';
import {
  ACCESS_TOKENS,
  CLOCK,
  SESSION_TOKENS,
  type AccessTokens,
  type Clock,
  type SessionTokens,
} from '../ports';
import { ACCOUNT_CACHE, type AccountCache } from '../accounts/account-cache';
import type { AuthorizationResult } from '../shared/authorization';
import { ActivityRecorder } from './activity-recorder';
import { AuthorizeCommand } from './authorize.command';
import { SESSION_CACHE, type SessionCache } from './session-cache';
import { SESSION_POLICY, sessionIsLive, type SessionPolicy } from './session-policy';

/**
 * The hot path: token → session (cache, stream on a miss) → constant-time hash
 * comparison, or for a JWT access token its signature and claims → the session
 * still live (not revoked, not past its end, not idle too long) → account. Any
 * failure is INVALID_TOKEN, whatever the cause.
 */
@CommandHandler(AuthorizeCommand)
export class AuthorizeHandler implements ICommandHandler<AuthorizeCommand, AuthorizationResult> {
  constructor(
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
    private readonly activity: ActivityRecorder,
  ) {}

  async execute(command: AuthorizeCommand): Promise<AuthorizationResult> {
    const token = command.token;
    if (typeof token !== 'string') throw new AuthError('INVALID_TOKEN');
    const session = this.accessTokens.looksLikeAccessToken(token)
      ? await this.byAccessToken(token)
      : await this.bySessionToken(token);
    if (!sessionIsLive(session, this.clock.now(), this.policy)) {
      // Past its end or idle too long: it leaves the live entries for the tombstones.
      this.sessions.retire(session.sessionId);
      throw new AuthError('INVALID_TOKEN');
    }
    const account = this.accounts.peek(session.userId) ?? (await this.accounts.get(session.userId));
    if (account.status !== 'registered') throw new AuthError('INVALID_TOKEN');
    this.activity.touch(session.sessionId, command.context);
    return {
      token,
      user: { userId: account.userId, name: account.name },
      sessionId: session.sessionId,
      position: null,
    };
  }

  private async bySessionToken(token: string): Promise<ActiveSession> {
    const parsed = this.tokens.parse(token);
    if (!parsed) throw new AuthError('INVALID_TOKEN');
    const session = await this.session(parsed.sessionId);
    if (!this.tokens.matches(session.tokenHash, parsed.tokenHash))
      throw new AuthError('INVALID_TOKEN');
    return session;
  }

  /** Signature and claims first (no I/O), then the session the token speaks for. */
  private async byAccessToken(token: string): Promise<ActiveSession> {
    const claims = await this.accessTokens.verify(token);
    if (!claims) throw new AuthError('INVALID_TOKEN');
    const session = await this.session(claims.sessionId);
    if (session.userId !== claims.userId) throw new AuthError('INVALID_TOKEN');
    return session;
  }

  private async session(sessionId: string): Promise<ActiveSession> {
    const session = this.sessions.peek(sessionId) ?? (await this.sessions.get(sessionId));
    if (session.status !== 'active') throw new AuthError('INVALID_TOKEN');
    return session;
  }
}
