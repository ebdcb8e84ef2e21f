/**
 * Events of the `signin-<userId>` stream: wrong passwords given for an existing account. They
 * live apart from the account stream, so that a stranger guessing passwords neither lengthens
 * the stream every account decision loads nor races the owner's own writes; no decider reads
 * them. The sign-in rate limits bound how many one account can get.
 */
export const SignInFailed = 'signin.failed.v1';
export interface SignInFailedData {
  userId: string;
  at: number;
  /** What the client declared, as a session would record it. */
  deviceType: string;
  deviceVersion: string;
  country: string | null;
  region: string | null;
}

export type SignInFailureEvent = { type: typeof SignInFailed; data: SignInFailedData };
