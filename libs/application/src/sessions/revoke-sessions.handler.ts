import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, Streams } from '@tangle/contracts';
import { sessionDecider } from '@tangle/domain';
import { CLOCK, EVENT_STORE, type Clock, type EventStore, type GlobalPosition } from '../ports';
import { comparePositions } from '../ports';
import { metadataFor } from '../shared/request-context';
import { decideAndAppend, loadStream } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { RevokeSessionsCommand } from './revoke-sessions.command';
import { SESSION_CACHE, type SessionCache } from './session-cache';

export interface RevokeSessionsResult {
  revoked: string[];
  position: GlobalPosition | null;
}

/**
 * Checks every id first (unknown → NOT_FOUND, another user's → PERMISSION_DENIED)
 * so a request naming one bad id revokes nothing; then revokes each session.
 * Revoking an already revoked session of one's own is a no-op.
 */
@CommandHandler(RevokeSessionsCommand)
export class RevokeSessionsHandler implements ICommandHandler<
  RevokeSessionsCommand,
  RevokeSessionsResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
  ) {}

  async execute(command: RevokeSessionsCommand): Promise<RevokeSessionsResult> {
    assertValid(command);
    const ids = [...new Set(command.sessionIds)];
    if (ids.length === 0) throw new AuthError('INVALID_ARGUMENT', 'session_ids is empty');
    for (const id of ids) {
      const { state } = await loadStream(this.store, Streams.session(id), sessionDecider);
      if (state.status === 'none') throw new AuthError('NOT_FOUND', `no session ${id}`);
      if (state.userId !== command.userId) {
        throw new AuthError('PERMISSION_DENIED', `session ${id} is not yours`);
      }
    }
    const now = this.clock.now();
    const metadata = metadataFor(command.context, now);
    const revoked: string[] = [];
    let position: GlobalPosition | null = null;
    for (const id of ids) {
      const decision = await decideAndAppend(
        this.store,
        Streams.session(id),
        sessionDecider,
        () => ({
          kind: 'revoke' as const,
          byUserId: command.userId,
          bySessionId: command.sessionId,
          reason: 'revoked-by-user' as const,
          at: now,
        }),
        metadata,
      );
      for (const event of decision.recorded) this.sessions.apply(event);
      if (decision.appended) {
        revoked.push(id);
        if (!position || comparePositions(decision.appended.position, position) > 0) {
          position = decision.appended.position;
        }
      }
    }
    return { revoked, position };
  }
}
