import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, SessionRefreshed, SessionRevoked } from '@tangle/contracts';
import {
  ACCESS_TOKENS,
  CLOCK,
  REFRESH_TOKENS,
  type AccessTokens,
  type Clock,
  type RefreshTokens,
} from '../ports';
import { ACCOUNT_CACHE, type AccountCache } from '../accounts/account-cache';
import { RateLimits } from '../limits/rate-limits';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { RefreshSessionCommand } from './refresh-session.command';
import { SESSION_POLICY, type SessionPolicy } from './session-policy';
import { SessionStream } from './session-stream';

/**
 * Rotates a session's refresh token: the decider says whether the presented token
 * is the current one (rotate), the one spent last within the grace (the same
 * successor again, opened from its seal), or a spent one (the session is revoked,
 * and its sockets hear `session_deleted`). Every refusal is INVALID_TOKEN.
 */
@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<
  RefreshSessionCommand,
  AuthorizationResult
> {
  constructor(
    @Inject(REFRESH_TOKENS) private readonly refreshTokens: RefreshTokens,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
    private readonly sessions: SessionStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: RefreshSessionCommand): Promise<AuthorizationResult> {
    assertValid(command);
    await this.limits.enforce('refresh', { address: command.context.clientIp, account: null });
    const presented = command.refreshToken;
    const parsed = this.refreshTokens.parse(presented);
    if (!parsed) throw new AuthError('INVALID_TOKEN');
    const successor = this.refreshTokens.mint(parsed.sessionId);
    const now = this.clock.now();
    const decision = await this.sessions.decide(
      parsed.sessionId,
      {
        kind: 'refresh',
        presentedHash: parsed.tokenHash,
        successorHash: successor.tokenHash,
        sealedSuccessor: this.refreshTokens.sealSuccessor(presented, successor.token),
        at: now,
        graceMs: this.policy.refreshGraceMs,
        idleTimeoutMs: this.policy.idleTimeoutMs,
      },
      metadataFor(command.context, now),
    );
    const state = decision.state;
    if (state.status !== 'active' || decision.events.some((e) => e.type === SessionRevoked)) {
      throw new AuthError('INVALID_TOKEN', 'refresh token already used: the session is ended');
    }
    const rotated = decision.events.some((e) => e.type === SessionRefreshed);
    const token = rotated
      ? successor.token
      : this.refreshTokens.openSuccessor(presented, state.refresh?.previous?.sealedSuccessor ?? '');
    if (!token) throw new AuthError('INVALID_TOKEN');
    const account = this.accounts.peek(state.userId) ?? (await this.accounts.get(state.userId));
    if (account.status !== 'registered') throw new AuthError('INVALID_TOKEN');
    return {
      token,
      access: await this.accessTokens.issue({ userId: state.userId, sessionId: state.sessionId }),
      user: { userId: account.userId, name: account.name },
      sessionId: state.sessionId,
      position: decision.appended?.position ?? null,
    };
  }
}
