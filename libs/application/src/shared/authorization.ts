import type { GlobalPosition, IssuedAccessToken } from '../ports';

export interface UserSummary {
  userId: string;
  name: string;
}

/** What SignUp, SignIn and Authorize answer (the protocol's `auth.Authorization`). */
export interface AuthorizationResult {
  /**
   * The session's long-lived credential: its session token, or for a session of the
   * gateway API its current refresh token (Authorize answers the token it was given).
   */
  token: string;
  /** A JWT for gateways, on sessions granted a token pair. */
  access?: IssuedAccessToken;
  user: UserSummary;
  sessionId: string;
  /** Commit position of the write, for read-your-writes; null when nothing was written. */
  position: GlobalPosition | null;
}
