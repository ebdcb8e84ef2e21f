import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import type { SessionCommand } from '@tangle/domain';
import { CLOCK, comparePositions, type Clock, type GlobalPosition } from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { RevokeSessionsCommand } from './revoke-sessions.command';
import { SessionStream } from './session-stream';

export interface RevokeSessionsResult {
  revoked: string[];
  position: GlobalPosition | null;
}

/**
 * All or nothing: the decider is asked about every id first (an unknown id and
 * another user's session are both NOT_FOUND), then each session is revoked on
 * the state it was asked on. Revoking an already revoked session of one's own
 * is a no-op.
 */
@CommandHandler(RevokeSessionsCommand)
export class RevokeSessionsHandler implements ICommandHandler<
  RevokeSessionsCommand,
  RevokeSessionsResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionStream,
  ) {}

  async execute(command: RevokeSessionsCommand): Promise<RevokeSessionsResult> {
    assertValid(command);
    const ids = [...new Set(command.sessionIds)];
    if (ids.length === 0) throw new AuthError('INVALID_ARGUMENT', 'session_ids is empty');
    const now = this.clock.now();
    const revoke: SessionCommand = {
      kind: 'revoke',
      byUserId: command.userId,
      bySessionId: command.sessionId,
      reason: 'revoked-by-user',
      at: now,
    };
    const checked = [];
    for (const id of ids) {
      const preview = await this.sessions.preview(id, revoke).catch((error: unknown) => {
        if (error instanceof AuthError) throw new AuthError(error.errorName, `no session ${id}`);
        throw error;
      });
      checked.push({ id, preview });
    }
    const metadata = metadataFor(command.context, now);
    const revoked: string[] = [];
    let position: GlobalPosition | null = null;
    for (const { id, preview } of checked) {
      const decision = await this.sessions.decide(id, revoke, metadata, preview);
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
