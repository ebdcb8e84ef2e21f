/**
 * Which fields of each domain event hold personal data (email addresses, names, phone numbers,
 * usernames, device strings, locations). The event store seals these fields under the data key
 * of the event's `userId` before they reach the log, and opens them on the way out; once that
 * key is destroyed (the account was deleted) they read as ERASED.
 *
 * Every event type must be declared here, with [] when it holds nothing personal: a test fails
 * for any event type constant exported by the contracts that has no entry. Paths are field names,
 * dot-separated for nested objects; a declared field that is absent or null is left as it is.
 */
export const PERSONAL_DATA: Readonly<Record<string, readonly string[]>> = {
  'account.registered.v1': ['name', 'email', 'username', 'firstName', 'lastName', 'phone'],
  'account.password-changed.v1': [],
  'account.email-verification-requested.v1': ['email'],
  'account.email-verification-failed.v1': [],
  'account.email-verified.v1': ['email'],
  'account.password-reset-requested.v1': ['email'],
  'account.password-reset-failed.v1': [],
  'account.session-linked.v1': ['deviceType', 'deviceVersion', 'country', 'region'],
  'account.session-unlinked.v1': [],
  'account.login-link-requested.v1': [],
  'account.deletion-requested.v1': [],
  'account.deletion-cancelled.v1': [],
  'account.deleted.v1': [],
  'email.reserved.v1': ['email'],
  'email.released.v1': [],
  'username.reserved.v1': ['username'],
  'username.released.v1': [],
  'session.started.v1': ['deviceType', 'deviceVersion', 'country', 'region'],
  'session.seen.v1': [],
  'session.refreshed.v1': [],
  'session.revoked.v1': [],
  'login.link-requested.v1': [
    'email',
    'device.deviceType',
    'device.deviceVersion',
    'requester.description',
    'requester.country',
    'requester.region',
  ],
  'login.link-confirmed.v1': [],
  'login.link-denied.v1': [],
  'login.completed.v1': [],
  'account.takeout-requested.v1': ['email'],
  'signin.failed.v1': ['deviceType', 'deviceVersion', 'country', 'region'],
  'account.oauth-linked.v1': ['subject', 'email'],
  'account.oauth-unlinked.v1': [],
  'oauth.subject-reserved.v1': ['subject'],
  'oauth.subject-released.v1': [],
  // Invites and their targets name communities, groups and user ids: nothing personal.
  'invite.created.v1': [],
  'invite.used.v1': [],
  'invite.deleted.v1': [],
  'target.snapshotted.v1': [],
  'target.members-changed.v1': [],
  'target.deleted.v1': [],
  // A QR request comes from a device no account is known for yet: it has no userId to seal under
  // (see decision 22); the session it becomes records the device sealed.
  'qr-login.requested.v1': [],
  'qr-login.check-failed.v1': [],
  'qr-login.approved.v1': [],
  'qr-login.denied.v1': [],
  'qr-login.completed.v1': [],
  // Two-factor: the secret is sealed under TOTP_KEY and backup codes are keyed hashes.
  'account.totp-setup-started.v1': [],
  'account.totp-enabled.v1': [],
  'account.totp-disabled.v1': [],
  'account.second-factor-used.v1': [],
  'mfa.ticket-issued.v1': ['device.deviceType', 'device.deviceVersion'],
  'mfa.ticket-failed.v1': [],
  'mfa.ticket-completed.v1': [],
  // A passkey's name is the user's own text; its key and credential id identify a device, not a person.
  'passkey.registered.v1': ['name'],
  'passkey.renamed.v1': ['name'],
  'passkey.removed.v1': [],
  'passkey.used.v1': [],
  'credential.reserved.v1': [],
  'credential.released.v1': [],
  'account.password-setup-requested.v1': ['email'],
  'account.password-setup-failed.v1': [],
  'account.email-change-requested.v1': ['email'],
  'account.email-change-failed.v1': [],
  'account.email-changed.v1': ['email', 'previousEmail'],
  'account.email-change-undone.v1': ['email', 'replacedEmail'],
};

/** What a personal field reads as once its account's data key is destroyed. */
export const ERASED = '[erased]';

/** The personal fields of an event type; undefined for a type nobody declared. */
export function personalFieldsOf(type: string): readonly string[] | undefined {
  return Object.hasOwn(PERSONAL_DATA, type) ? PERSONAL_DATA[type] : undefined;
}

/** Event type constants look like `category.name.vN`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z-]*\.[a-z-]+\.v\d+$/;
