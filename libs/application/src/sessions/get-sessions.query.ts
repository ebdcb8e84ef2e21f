/**
 * auth.GetSessions: the caller's active sessions. The answer reflects every write
 * this process has made before it (read-your-writes), whichever connection made it.
 */
export class GetSessionsQuery {
  constructor(
    readonly userId: string,
    readonly currentSessionId: string,
  ) {}
}
