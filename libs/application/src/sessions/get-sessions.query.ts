import type { GlobalPosition } from '../ports';

/** auth.GetSessions: the caller's active sessions, as of at least `after`. */
export class GetSessionsQuery {
  constructor(
    readonly userId: string,
    readonly currentSessionId: string,
    /** The last write of this client: the answer reflects it (read-your-writes). */
    readonly after: GlobalPosition | null,
  ) {}
}
