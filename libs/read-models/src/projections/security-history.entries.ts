import type { RecordedEvent, SecurityHistoryEntry } from '@tangle/application';
import {
  EmailChanged,
  EmailChangeRequested,
  EmailChangeUndone,
  EmailVerified,
  PasskeyRegistered,
  PasskeyRemoved,
  PasswordSetupRequested,
  PasswordChanged,
  PasswordResetRequested,
  SecondFactorUsed,
  SessionRevoked,
  SessionStarted,
  SignInFailed,
  TakeoutRequested,
  TotpDisabled,
  TotpEnabled,
  type EmailVerifiedData,
  type PasskeyRegisteredData,
  type PasskeyRemovedData,
  type EmailChangedData,
  type EmailChangeRequestedData,
  type EmailChangeUndoneData,
  type PasswordSetupRequestedData,
  type PasswordChangedData,
  type PasswordResetRequestedData,
  type SessionRevokedData,
  type SessionStartedData,
  type SignInFailedData,
  type TakeoutRequestedData,
  type SecondFactorUsedData,
  type TotpDisabledData,
  type TotpEnabledData,
} from '@tangle/contracts';

/** What an event contributes to its account's security history. */
export type SecurityHistoryDraft = Omit<SecurityHistoryEntry, 'entryId' | 'position'>;

/** Turns one event's data into an entry, or null when this event is not worth one. */
type EntryOf = (data: never, event: RecordedEvent) => SecurityHistoryDraft | null;

const NONE = { sessionId: null, device: null, country: null, region: null, detail: null };

/** `Firefox 140 on Linux (desktop)`; the type alone without a name. */
export function describeDevice(deviceType: string, deviceVersion: string): string {
  return deviceVersion ? `${deviceVersion} (${deviceType})` : deviceType;
}

/**
 * Which events make a security-history entry, and what entry: one line per event type. An
 * event type not listed here makes none. Kinds are part of the HTTP API: add, never rename.
 * Fields never copied: hashes, tokens, codes, addresses (an entry says what happened, not
 * to which address).
 */
export const SECURITY_HISTORY_ENTRIES: Readonly<Record<string, EntryOf>> = {
  [SessionStarted]: (d: SessionStartedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'sign-in',
    at: d.startedAt,
    sessionId: d.sessionId,
    device: describeDevice(d.deviceType, d.deviceVersion),
    country: d.country ?? null,
    region: d.region ?? null,
    detail: d.method,
  }),
  [SignInFailed]: (d: SignInFailedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'sign-in-failed',
    at: d.at,
    device: describeDevice(d.deviceType, d.deviceVersion),
    country: d.country,
    region: d.region,
  }),
  [SessionRevoked]: (d: SessionRevokedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'session-revoked',
    at: d.at,
    sessionId: d.sessionId,
    detail: d.reason,
  }),
  // A rehash keeps the password: nothing for the owner to see.
  [PasswordChanged]: (d: PasswordChangedData) =>
    d.reason === 'rehash'
      ? null
      : { ...NONE, userId: d.userId, kind: 'password-changed', at: d.changedAt, detail: d.reason },
  [PasswordResetRequested]: (d: PasswordResetRequestedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'password-reset-requested',
    at: d.requestedAt,
  }),
  [EmailVerified]: (d: EmailVerifiedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'email-verified',
    at: d.at,
  }),
  // A passkey's sign-ins are session.started entries (method `passkey`).
  [PasskeyRegistered]: (d: PasskeyRegisteredData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'passkey-added',
    at: d.registeredAt,
    detail: d.name,
  }),
  [PasskeyRemoved]: (d: PasskeyRemovedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'passkey-removed',
    at: d.at,
  }),
  [PasswordSetupRequested]: (d: PasswordSetupRequestedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'password-setup-requested',
    at: d.requestedAt,
  }),
  [EmailChangeRequested]: (d: EmailChangeRequestedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'email-change-requested',
    at: d.requestedAt,
  }),
  [EmailChanged]: (d: EmailChangedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'email-changed',
    at: d.changedAt,
  }),
  [EmailChangeUndone]: (d: EmailChangeUndoneData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'email-change-undone',
    at: d.at,
  }),
  [TakeoutRequested]: (d: TakeoutRequestedData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'takeout-requested',
    at: d.requestedAt,
  }),
  [TotpEnabled]: (d: TotpEnabledData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'two-factor-enabled',
    at: d.enabledAt,
  }),
  // detail: what turned it off, `totp` or `backup-code`.
  [TotpDisabled]: (d: TotpDisabledData) => ({
    ...NONE,
    userId: d.userId,
    kind: 'two-factor-disabled',
    at: d.disabledAt,
    detail: d.factor,
  }),
  // A TOTP code is the everyday second factor (the sign-in entry shows the session); a backup
  // code used is worth its own line: there are ten, and the owner should know one went.
  [SecondFactorUsed]: (d: SecondFactorUsedData) =>
    d.factor === 'backup-code'
      ? { ...NONE, userId: d.userId, kind: 'backup-code-used', at: d.at, sessionId: d.sessionId }
      : null,
};

/** The entry `event` makes, or null. */
export function securityHistoryDraft(event: RecordedEvent): SecurityHistoryDraft | null {
  const entryOf = Object.hasOwn(SECURITY_HISTORY_ENTRIES, event.type)
    ? SECURITY_HISTORY_ENTRIES[event.type]
    : undefined;
  return entryOf ? entryOf(event.data as never, event) : null;
}
