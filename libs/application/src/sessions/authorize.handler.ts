import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { SESSION_TOKENS, type SessionTokens } from '../ports';
import { ACCOUNT_CACHE, type AccountCache } from '../accounts/account-cache';
import type { AuthorizationResult } from '../shared/authorization';
import { ActivityRecorder } from './activity-recorder';
import { AuthorizeCommand } from './authorize.command';
import { SESSION_CACHE, type SessionCache } from './session-cache';

/**
 * The hot path: token → session (cache, stream on a miss) → constant-time hash
 * comparison → account. Any failure is INVALID_TOKEN, whatever the cause.
 */
@CommandHandler(AuthorizeCommand)
export class AuthorizeHandler implements ICommandHandler<AuthorizeCommand, AuthorizationResult> {
  constructor(
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    private readonly activity: ActivityRecorder,
  ) {}

  async execute(command: AuthorizeCommand): Promise<AuthorizationResult> {
    const parsed = typeof command.token === 'string' ? this.tokens.parse(command.token) : null;
    if (!parsed) throw new AuthError('INVALID_TOKEN');
    const session =
      this.sessions.peek(parsed.sessionId) ?? (await this.sessions.get(parsed.sessionId));
    if (session.status !== 'active' || !this.tokens.matches(session.tokenHash, parsed.tokenHash)) {
      throw new AuthError('INVALID_TOKEN');
    }
    const account = this.accounts.peek(session.userId) ?? (await this.accounts.get(session.userId));
    if (account.status !== 'registered') throw new AuthError('INVALID_TOKEN');
    this.activity.touch(session.sessionId, command.context);
    return {
      token: command.token,
      user: { userId: account.userId, name: account.name },
      sessionId: session.sessionId,
      position: null,
    };
  }
}
