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
  /** A sign-in provider's subject: the key is a keyed hash of `<provider>:<subject>`. */
  oauth: (subjectKey: string) => `oauth-${subjectKey}`,
  mfa: (ticketId: string) => `mfa-${ticketId}`,
  qrLogin: (ticketId: string) => `qr-${ticketId}`,
  passkeys: (userId: string) => `passkeys-${userId}`,
  credential: (credentialKey: string) => `credential-${credentialKey}`,
} as const;

/**
 * Every stream category this service writes: the one list that says which streams in $all are
 * its own. $all of a shared EventStoreDB also holds other services' streams; followers skip
 * those (see isOwnStream).
 */
export const STREAM_CATEGORIES = [
  'account',
  'email',
  'session',
  'username',
  'invite',
  'login',
  'signin',
  'target',
  'oauth',
  'mfa',
  'qr',
  'passkeys',
  'credential',
] as const;

export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

const OWN_CATEGORIES: ReadonlySet<string> = new Set(STREAM_CATEGORIES);

/** Whether a stream is one of this service's: `<category>-<id>` with a category listed above. */
export function isOwnStream(streamId: string): boolean {
  const dash = streamId.indexOf('-');
  return dash > 0 && OWN_CATEGORIES.has(streamId.slice(0, dash));
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function idOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? '' : streamId.slice(dash + 1);
}
