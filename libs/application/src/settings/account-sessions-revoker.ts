import { Inject, Injectable } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import { CLOCK, type Clock } from '../ports';
import { SessionStream } from '../sessions/session-stream';
import { metadataFor, type RequestContext } from '../shared/request-context';

/**
 * Ends sessions of one account as the account itself asked (`revoked-by-user`): each one's
 * connections are pushed `session_deleted` by the session cache. Sessions already ended stay
 * as they are; one whose stream never started (a crash between the two appends) is skipped.
 */
@Injectable()
export class AccountSessionsRevoker {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionStream,
  ) {}

  /** Revokes `sessionIds` but `keep` (the caller's own session, or null for all of them). */
  async revoke(
    userId: string,
    sessionIds: readonly string[],
    keep: string | null,
    context: RequestContext,
  ): Promise<void> {
    const now = this.clock.now();
    const metadata = metadataFor({ ...context, actorUserId: userId }, now);
    await Promise.all(
      sessionIds
        .filter((sessionId) => sessionId !== keep)
        .map((sessionId) =>
          this.sessions
            .decide(
              sessionId,
              {
                kind: 'revoke',
                byUserId: userId,
                bySessionId: keep,
                reason: 'revoked-by-user',
                at: now,
              },
              metadata,
            )
            .catch((error: unknown) => {
              if (error instanceof AuthError && error.errorName === 'NOT_FOUND') return null;
              throw error;
            }),
        ),
    );
  }
}
