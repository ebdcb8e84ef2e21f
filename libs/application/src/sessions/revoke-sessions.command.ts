import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

export const MAX_SESSIONS_PER_REVOKE = 100;

/** auth.RevokeSessions: end some of the caller's own sessions (the current one included). */
export class RevokeSessionsCommand {
  @IsArray()
  @ArrayMaxSize(MAX_SESSIONS_PER_REVOKE)
  @Matches(/^[1-9][0-9]{0,19}$/, { each: true, message: 'session ids must be snowflakes' })
  readonly sessionIds: string[];

  constructor(
    sessionIds: string[],
    readonly userId: string,
    readonly sessionId: string,
    readonly context: RequestContext,
  ) {
    this.sessionIds = sessionIds;
  }
}
