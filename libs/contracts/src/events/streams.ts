/** Stream names. Categories are the part before the first dash. */
export const Streams = {
  account: (userId: string) => `account-${userId}`,
  email: (emailKey: string) => `email-${emailKey}`,
  session: (sessionId: string) => `session-${sessionId}`,
  username: (usernameKey: string) => `username-${usernameKey}`,
  login: (authId: string) => `login-${authId}`,
  /** Failed sign-ins of an account (wrong passwords), apart from its own stream. */
  signInFailures: (userId: string) => `signin-${userId}`,
  invite: (code: string) => `invite-${code}`,
  target: (targetType: string, targetId: string) => `target-${targetType}-${targetId}`,
} as const;

export type StreamCategory =
  'account' | 'email' | 'session' | 'username' | 'invite' | 'login' | 'signin' | 'target';

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function idOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? '' : streamId.slice(dash + 1);
}
