import type { GlobalPosition } from '../ports';

export interface UserSummary {
  userId: string;
  name: string;
}

/** What SignUp, SignIn and Authorize answer (the protocol's `auth.Authorization`). */
export interface AuthorizationResult {
  token: string;
  user: UserSummary;
  sessionId: string;
  /** Commit position of the write, for read-your-writes; null when nothing was written. */
  position: GlobalPosition | null;
}
