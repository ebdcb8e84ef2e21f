import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  AccountLoginLinkRequested,
  AccountOAuthLinked,
  AccountOAuthUnlinked,
  AccountRegistered,
  AccountSessionLinked,
  AccountSessionUnlinked,
  AuthError,
  EmailVerificationFailed,
  EmailVerificationRequested,
  EmailVerified,
  PasswordChanged,
  PasswordResetFailed,
  PasswordResetRequested,
  SecondFactorUsed,
  TotpDisabled,
  TotpEnabled,
  TotpSetupStarted,
  TakeoutRequested,
  type AccountEvent,
  type AccountRegisteredData,
  type OAuthLinkOrigin,
  type OAuthProvider,
  EmailChanged,
  EmailChangeUndone,
  type AccountSettingsEvent,
  type PasswordChangedData,
  type SessionRevocationReason,
} from '@tangle/contracts';
import { LOGIN_LINK_TTL_MS } from '../login/email-link-login.decider';
import type { Decider } from '../shared/decider';
import {
  decideSettings,
  evolveSettings,
  isSettingsCommand,
  NO_SETTINGS,
  passwordChangedSettings,
  type AccountSettingsCommand,
  type AccountSettingsState,
} from './account-settings';
import {
  DEFAULT_PROFILE,
  normalizeAccountProfile,
  type AccountProfile,
  type AccountProfileInput,
} from './account-profile';
import {
  decideOAuthLink,
  decideOAuthUnlink,
  linkedEvent,
  type OAuthLink,
  type OAuthLinkInput,
} from './account-oauth';
import {
  checkCode,
  CODE_TTL_MS,
  codeFailed,
  codeIssued,
  codeUsed,
  issueWaitMs,
  NO_CODES,
  type CodeHistory,
} from './one-time-codes';
import {
  acceptSecondFactor,
  factorSpent,
  NO_TWO_FACTOR,
  secondFactorForSession,
  TOTP_SETUP_TTL_MS,
  type SecondFactor,
  type TwoFactorState,
} from './two-factor';
import { TAKEOUT_COOLDOWN_MS, TAKEOUT_LINK_TTL_MS } from './account-takeout';
import {
  isNewSignInOrigin,
  rememberSignInOrigin,
  signInOriginKey,
  type SignInOrigin,
} from './sign-in-devices';
import {
  activeSessionIds,
  isActiveSession,
  isLinked,
  NO_ACTIVE_SESSIONS,
  sessionLinked,
  sessionUnlinked,
  type ActiveSessions,
} from './active-sessions';

export interface RegisteredAccount extends AccountSettingsState {
  status: 'registered';
  userId: string;
  name: string;
  username: string | null;
  email: string | null;
  emailVerified: boolean;
  passwordHash: string | null;
  registeredAt: number;
  /** Names, phone, account type and referral code; the defaults when registered without them. */
  profile: AccountProfile;
  /** When the newest session was opened for the account (sign-up, sign-in, email link); unix ms. */
  lastLoginAt: number | null;
  verification: CodeHistory;
  reset: CodeHistory;
  /**
   * Email-link logins asked for: their times pace new ones, as for codes, and the pending one
   * (whose `codeHash` is the login's auth id) is the account's only usable link.
   */
  loginLinks: CodeHistory;
  /**
   * The sessions that may still be in use, with their ends: revoked ones leave on their unlink,
   * expired ones as time passes (see active-sessions.ts). Never the account's whole history.
   */
  activeSessions: ActiveSessions;
  /** Set while a deletion is pending: the account is deleted at `dueAt` unless cancelled. */
  pendingDeletion: { requestedAt: number; dueAt: number } | null;
  /** Sign-in needs a second factor (TOTP or a backup code): `settings.getAccount`'s `totp_enabled`. */
  totpEnabled: boolean;
  /** The TOTP secret (sealed), a pending setup, the spent time step and the unused backup codes. */
  twoFactor: TwoFactorState;
  /** Device classes and countries sessions came from (signInOriginKey), most recent last. */
  knownSignInOrigins: readonly string[];
  /** Data export links mailed: the pending one (its token hash) is the only one that works. */
  takeouts: CodeHistory;
  /** Sign-in providers linked to the account, oldest first. */
  oauthLinks: readonly OAuthLink[];
}

/**
 * A deleted account: nothing more is decided on its stream. It keeps what the erasure that
 * follows the deletion needs (the address and username to release, the sessions to revoke).
 */
export interface DeletedAccount {
  status: 'deleted';
  userId: string;
  email: string | null;
  username: string | null;
  /** The sessions still active when the account was deleted: the erasure revokes them. */
  sessionIds: string[];
  deletedAt: number;
}

export type AccountState = { status: 'none' } | RegisteredAccount | DeletedAccount;

/** A code for the mailer: its keyed hash to check it later, and the code sealed for delivery. */
interface IssuedCode {
  codeHash: string;
  sealedCode: string;
  locale: string;
  at: number;
  /** The wait between two codes; the domain's default when left out. */
  cooldownMs?: number;
}

export type AccountCommand =
  | AccountSettingsCommand
  | {
      kind: 'register';
      userId: string;
      name: string;
      username?: string | null;
      email: string | null;
      passwordHash: string | null;
      /** Checked and trimmed here; the phone must already be E.164. */
      profile?: AccountProfileInput;
      /**
       * The provider whose first sign-in opens the account: linked in the same append. When the
       * provider asserted the email verified, the account's address starts verified.
       */
      oauth?: OAuthLinkInput;
      at: number;
    }
  | {
      kind: 'change-password-hash';
      passwordHash: string;
      reason: PasswordChangedData['reason'];
      at: number;
    }
  | ({ kind: 'request-email-verification' } & IssuedCode)
  | { kind: 'verify-email'; codeHash: string; at: number }
  /** Silent when refused (no email, cooldown): the answer must not reveal the account. */
  | ({ kind: 'request-password-reset' } & IssuedCode)
  | { kind: 'confirm-password-reset'; codeHash: string; passwordHash: string; at: number }
  /**
   * An email-link login for this account: the new link replaces any pending one. Silent when
   * refused (cooldown, cap): no event, and the caller mails nothing.
   */
  | { kind: 'request-login-link'; authId: string; at: number; cooldownMs?: number }
  | {
      kind: 'link-session';
      sessionId: string;
      /**
       * The hash the caller verified the password against, when a password opened
       * the session: if the password changed meanwhile, the sign-in is refused.
       */
      verifiedPasswordHash: string | null;
      /**
       * The second factor the caller verified, or null. With TOTP on, a link without one is
       * refused with MFA_REQUIRED, whatever opened the session; a code is spent here, once. A QR
       * login approved by a signed-in session gives 'approved-by-session': the approving session
       * passed the account's second-factor policy (see qr-login.decider.ts).
       */
      secondFactor: SecondFactor | null;
      /**
       * Where the session comes from; `notify`: a new device class and country asks for a
       * new-sign-in notice (NEW_SIGN_IN_NOTICES).
       */
      origin?: SignInOrigin & { region: string | null; notify: boolean };
      /** The session's absolute end; a link without one counts until it is unlinked. */
      expiresAt?: number;
      at: number;
    }
  /**
   * The session was revoked (on its own stream, first): the account stops counting it. Nothing
   * to do for a session that is not active (unknown, already unlinked, expired) or once the
   * account is deleted.
   */
  | { kind: 'unlink-session'; sessionId: string; reason: SessionRevocationReason; at: number }
  /** The owner asks for the account's deletion, after `graceMs`. Asking again changes nothing. */
  | { kind: 'request-deletion'; graceMs: number; at: number }
  /** The owner takes a pending deletion back; nothing to do when none is pending. */
  | { kind: 'cancel-deletion'; at: number }
  /** The grace period is over: the account is deleted (nothing happens before `dueAt`). */
  | { kind: 'delete'; at: number }
  /** Mails the owner a link to an export of their data; refused without an address or too soon. */
  | {
      kind: 'request-takeout';
      tokenHash: string;
      sealedToken: string;
      locale: string;
      at: number;
      /** How long the link works; TAKEOUT_LINK_TTL_MS when left out. */
      ttlMs?: number;
      cooldownMs?: number;
    }
  /** Links a sign-in provider (see account-oauth.ts for the rules). */
  | { kind: 'link-oauth'; link: OAuthLinkInput; origin: OAuthLinkOrigin; at: number }
  | { kind: 'unlink-oauth'; provider: OAuthProvider; at: number }
  /** A fresh TOTP secret (sealed) waits for its first code; refused while TOTP is on. */
  | { kind: 'start-totp-setup'; secretId: string; sealedSecret: string; at: number }
  /** The pending secret `secretId` gave a valid code at `timeStep`: TOTP turns on. */
  | {
      kind: 'enable-totp';
      secretId: string;
      timeStep: number;
      backupCodeHashes: string[];
      at: number;
    }
  /** Turns TOTP off with a factor the caller verified (spent with it). */
  | { kind: 'disable-totp'; factor: SecondFactor; at: number };

/** A second factor carried by a session link (the QR login's name for it). */
export type LinkedSecondFactor = SecondFactor;

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.kind === 'register') {
      const profile = command.profile ? normalizeAccountProfile(command.profile) : null;
      if (state.status !== 'none') {
        if (state.userId === command.userId) return [];
        throw new AuthError('CONFLICT', 'account already registered');
      }
      const registered: AccountEvent = {
        type: AccountRegistered,
        data: {
          userId: command.userId,
          name: command.name,
          email: command.email,
          passwordHash: command.passwordHash,
          ...(command.username ? { username: command.username } : {}),
          ...profile,
          registeredAt: command.at,
        },
      };
      if (!command.oauth) return [registered];
      const { oauth } = command;
      return [
        registered,
        ...(oauth.emailVerified && command.email !== null && oauth.email === command.email
          ? [
              {
                type: EmailVerified,
                data: { userId: command.userId, email: command.email, at: command.at },
              } as const,
            ]
          : []),
        linkedEvent(command.userId, oauth, 'sign-up', command.at),
      ];
    }
    if (command.kind === 'delete' && state.status === 'deleted') return [];
    if (command.kind === 'unlink-session') return decideUnlink(command, state);
    if (state.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const { userId } = state;
    if (isSettingsCommand(command)) return decideSettings(command, state);

    switch (command.kind) {
      case 'link-session': {
        if (
          command.verifiedPasswordHash !== null &&
          command.verifiedPasswordHash !== state.passwordHash
        ) {
          throw new AuthError('INVALID_CREDENTIALS');
        }
        if (isLinked(state.activeSessions, command.sessionId)) return [];
        // Refuses MFA_REQUIRED (or INVALID_CODE) before anything is linked.
        const factor = secondFactorForSession(
          state.twoFactor,
          command.secondFactor,
          userId,
          command.sessionId,
          command.at,
        );
        const linked: AccountEvent = {
          type: AccountSessionLinked,
          data: {
            userId,
            sessionId: command.sessionId,
            at: command.at,
            ...(command.expiresAt === undefined ? {} : { expiresAt: command.expiresAt }),
            ...linkedOrigin(state, command.origin),
          },
        };
        // The owner signing in during the grace period takes the deletion back.
        if (!state.pendingDeletion) return [...factor, linked];
        return [
          ...factor,
          linked,
          {
            type: AccountDeletionCancelled,
            data: { userId, reason: 'signed-in', at: command.at },
          },
        ];
      }

      case 'request-deletion':
        if (state.pendingDeletion) return [];
        if (!(command.graceMs >= 0)) throw new AuthError('INVALID_ARGUMENT', 'grace period');
        return [
          {
            type: AccountDeletionRequested,
            data: { userId, requestedAt: command.at, dueAt: command.at + command.graceMs },
          },
        ];

      case 'cancel-deletion':
        if (!state.pendingDeletion) return [];
        return [
          { type: AccountDeletionCancelled, data: { userId, reason: 'cancelled', at: command.at } },
        ];

      case 'delete':
        if (!state.pendingDeletion || command.at < state.pendingDeletion.dueAt) return [];
        return [{ type: AccountDeleted, data: { userId, at: command.at } }];

      case 'request-takeout': {
        if (!state.email)
          throw new AuthError('INVALID_ARGUMENT', 'the account has no email address');
        const waitMs = issueWaitMs(
          state.takeouts,
          command.at,
          command.cooldownMs ?? TAKEOUT_COOLDOWN_MS,
        );
        if (waitMs > 0) {
          throw new AuthError(
            'RATE_LIMIT_EXCEEDED',
            `wait ${Math.ceil(waitMs / 1000)} s before asking for another export`,
          );
        }
        return [
          {
            type: TakeoutRequested,
            data: {
              userId,
              email: state.email,
              tokenHash: command.tokenHash,
              sealedToken: command.sealedToken,
              requestedAt: command.at,
              expiresAt: command.at + (command.ttlMs ?? TAKEOUT_LINK_TTL_MS),
              locale: command.locale,
            },
          },
        ];
      }
      case 'link-oauth':
        return decideOAuthLink(state, command.link, command.origin, command.at);

      case 'unlink-oauth':
        return decideOAuthUnlink(state, command.provider, command.at);

      case 'start-totp-setup':
        if (state.totpEnabled) {
          throw new AuthError(
            'INVALID_ARGUMENT',
            'two-factor sign-in is already on: turn it off with a code first',
          );
        }
        return [
          {
            type: TotpSetupStarted,
            data: {
              userId,
              secretId: command.secretId,
              sealedSecret: command.sealedSecret,
              startedAt: command.at,
              expiresAt: command.at + TOTP_SETUP_TTL_MS,
            },
          },
        ];

      case 'enable-totp': {
        if (state.totpEnabled) {
          throw new AuthError('INVALID_ARGUMENT', 'two-factor sign-in is already on');
        }
        const pending = state.twoFactor.pending;
        if (!pending || pending.secretId !== command.secretId || command.at >= pending.expiresAt) {
          throw new AuthError('INVALID_CODE', 'no setup is waiting for this code: start again');
        }
        return [
          {
            type: TotpEnabled,
            data: {
              userId,
              secretId: pending.secretId,
              sealedSecret: pending.sealedSecret,
              timeStep: command.timeStep,
              backupCodeHashes: command.backupCodeHashes,
              enabledAt: command.at,
            },
          },
        ];
      }

      case 'disable-totp':
        if (!state.totpEnabled) return [];
        return [
          {
            type: TotpDisabled,
            data: {
              userId,
              disabledAt: command.at,
              ...acceptSecondFactor(state.twoFactor, command.factor),
            },
          },
        ];

      case 'change-password-hash':
        if (state.passwordHash === command.passwordHash) return [];
        return [
          {
            type: PasswordChanged,
            data: {
              userId,
              passwordHash: command.passwordHash,
              reason: command.reason,
              changedAt: command.at,
            },
          },
        ];

      case 'request-email-verification': {
        if (!state.email)
          throw new AuthError('INVALID_ARGUMENT', 'the account has no email address');
        if (state.emailVerified)
          throw new AuthError('INVALID_ARGUMENT', 'the email address is already verified');
        const waitMs = issueWaitMs(state.verification, command.at, command.cooldownMs);
        if (waitMs > 0) {
          throw new AuthError(
            'RATE_LIMIT_EXCEEDED',
            `wait ${Math.ceil(waitMs / 1000)} s before asking for another code`,
          );
        }
        return [
          { type: EmailVerificationRequested, data: mailedCode(userId, state.email, command) },
        ];
      }

      case 'verify-email':
        switch (checkCode(state.verification, command.codeHash, command.at)) {
          case 'unusable':
            throw new AuthError('INVALID_CODE');
          case 'wrong':
            return [{ type: EmailVerificationFailed, data: { userId, at: command.at } }];
          case 'valid':
            return [{ type: EmailVerified, data: { userId, email: state.email!, at: command.at } }];
        }
        break;

      case 'request-password-reset':
        if (!state.email || issueWaitMs(state.reset, command.at, command.cooldownMs) > 0) return [];
        return [{ type: PasswordResetRequested, data: mailedCode(userId, state.email, command) }];

      case 'request-login-link':
        if (!state.email || issueWaitMs(state.loginLinks, command.at, command.cooldownMs) > 0)
          return [];
        return [
          {
            type: AccountLoginLinkRequested,
            data: {
              userId,
              authId: command.authId,
              requestedAt: command.at,
              expiresAt: command.at + LOGIN_LINK_TTL_MS,
            },
          },
        ];

      case 'confirm-password-reset':
        switch (checkCode(state.reset, command.codeHash, command.at)) {
          case 'unusable':
            throw new AuthError('INVALID_CODE');
          case 'wrong':
            return [{ type: PasswordResetFailed, data: { userId, at: command.at } }];
          case 'valid':
            return [
              {
                type: PasswordChanged,
                data: {
                  userId,
                  passwordHash: command.passwordHash,
                  reason: 'reset',
                  changedAt: command.at,
                },
              },
            ];
        }
    }
    return [];
  },

  evolve(state, event) {
    if (event.type === AccountRegistered) {
      return {
        status: 'registered',
        userId: event.data.userId,
        name: event.data.name,
        username: event.data.username ?? null,
        email: event.data.email,
        emailVerified: false,
        passwordHash: event.data.passwordHash,
        registeredAt: event.data.registeredAt,
        profile: profileOf(event.data),
        lastLoginAt: null,
        verification: NO_CODES,
        reset: NO_CODES,
        loginLinks: NO_CODES,
        activeSessions: NO_ACTIVE_SESSIONS,
        pendingDeletion: null,
        totpEnabled: false,
        twoFactor: NO_TWO_FACTOR,
        ...NO_SETTINGS,
        knownSignInOrigins: [],
        takeouts: NO_CODES,
        oauthLinks: [],
      };
    }
    if (state.status !== 'registered') return state;
    switch (event.type) {
      case AccountDeletionRequested:
        return {
          ...state,
          pendingDeletion: { requestedAt: event.data.requestedAt, dueAt: event.data.dueAt },
        };
      case AccountDeletionCancelled:
        return { ...state, pendingDeletion: null };
      case AccountDeleted:
        return {
          status: 'deleted',
          userId: state.userId,
          email: state.email,
          username: state.username,
          sessionIds: activeSessionIds(state.activeSessions, event.data.at),
          deletedAt: event.data.at,
        };
      case PasswordChanged:
        return {
          ...state,
          passwordHash: event.data.passwordHash,
          reset: event.data.reason === 'reset' ? codeUsed(state.reset) : state.reset,
          ...passwordChangedSettings(state, event.data.reason),
        };
      case EmailVerificationRequested:
        return {
          ...state,
          verification: codeIssued(
            state.verification,
            event.data.codeHash,
            event.data.requestedAt,
            event.data.expiresAt,
          ),
        };
      case EmailVerificationFailed:
        return { ...state, verification: codeFailed(state.verification) };
      case EmailVerified:
        return { ...state, emailVerified: true, verification: codeUsed(state.verification) };
      case PasswordResetRequested:
        return {
          ...state,
          reset: codeIssued(
            state.reset,
            event.data.codeHash,
            event.data.requestedAt,
            event.data.expiresAt,
          ),
        };
      case PasswordResetFailed:
        return { ...state, reset: codeFailed(state.reset) };
      case AccountSessionLinked: {
        const { deviceType, deviceVersion, country } = event.data;
        return {
          ...state,
          activeSessions: sessionLinked(
            state.activeSessions,
            event.data.sessionId,
            event.data.at,
            event.data.expiresAt ?? null,
          ),
          lastLoginAt: Math.max(state.lastLoginAt ?? event.data.at, event.data.at),
          knownSignInOrigins:
            deviceType === undefined
              ? state.knownSignInOrigins
              : rememberSignInOrigin(
                  state.knownSignInOrigins,
                  signInOriginKey({
                    deviceType,
                    deviceVersion: deviceVersion ?? '',
                    country: country ?? null,
                  }),
                ),
        };
      }
      case AccountSessionUnlinked:
        return {
          ...state,
          activeSessions: sessionUnlinked(
            state.activeSessions,
            event.data.sessionId,
            event.data.at,
          ),
        };
      case TakeoutRequested:
        return {
          ...state,
          takeouts: codeIssued(
            state.takeouts,
            event.data.tokenHash,
            event.data.requestedAt,
            event.data.expiresAt,
          ),
        };
      case AccountLoginLinkRequested:
        return {
          ...state,
          loginLinks: codeIssued(
            state.loginLinks,
            event.data.authId,
            event.data.requestedAt,
            event.data.expiresAt,
          ),
        };
      case TotpSetupStarted: {
        const { secretId, sealedSecret, expiresAt } = event.data;
        return {
          ...state,
          twoFactor: { ...state.twoFactor, pending: { secretId, sealedSecret, expiresAt } },
        };
      }
      case TotpEnabled: {
        const { secretId, sealedSecret, timeStep, backupCodeHashes } = event.data;
        return {
          ...state,
          totpEnabled: true,
          twoFactor: {
            active: { secretId, sealedSecret },
            pending: null,
            lastTimeStep: timeStep,
            unusedBackupCodes: backupCodeHashes,
          },
        };
      }
      case TotpDisabled:
        return {
          ...state,
          totpEnabled: false,
          twoFactor: {
            ...NO_TWO_FACTOR,
            lastTimeStep: factorSpent(state.twoFactor, event.data).lastTimeStep,
          },
        };
      case SecondFactorUsed:
        return { ...state, twoFactor: factorSpent(state.twoFactor, event.data) };
      case AccountOAuthLinked:
        return {
          ...state,
          oauthLinks: [
            ...state.oauthLinks,
            {
              provider: event.data.provider,
              subject: event.data.subject,
              email: event.data.email,
              privateRelayEmail: event.data.privateRelayEmail,
              linkedAt: event.data.at,
            },
          ],
        };
      case AccountOAuthUnlinked:
        return {
          ...state,
          oauthLinks: state.oauthLinks.filter(
            (link) => link.provider !== event.data.provider || link.subject !== event.data.subject,
          ),
        };
      case EmailChanged:
      case EmailChangeUndone:
        // The address changed: a verification code mailed to the old one proves nothing now.
        return evolveSettings({ ...state, verification: codeUsed(state.verification) }, event);
      default:
        return evolveSettings(state, event as AccountSettingsEvent);
    }
  },
};

/**
 * The sessions of the account still active at `at`, oldest first: what a password reset or a
 * "sign out everywhere" revokes. None for an account that is not registered.
 */
export function activeSessionsOf(state: AccountState, at: number): string[] {
  return state.status === 'registered' ? activeSessionIds(state.activeSessions, at) : [];
}

function decideUnlink(
  command: Extract<AccountCommand, { kind: 'unlink-session' }>,
  state: AccountState,
): AccountEvent[] {
  if (state.status !== 'registered') return [];
  if (!isActiveSession(state.activeSessions, command.sessionId, command.at)) return [];
  return [
    {
      type: AccountSessionUnlinked,
      data: {
        userId: state.userId,
        sessionId: command.sessionId,
        reason: command.reason,
        at: command.at,
      },
    },
  ];
}

/**
 * The auth id of the account's newest email-link login, the only one whose link may still be
 * answered; null when the account has recorded none.
 */
export function currentLoginLink(state: AccountState): string | null {
  return state.status === 'registered' ? (state.loginLinks.pending?.codeHash ?? null) : null;
}

/**
 * The pending takeout link (its token hash and end), or null: only the newest one works, and
 * only until it expires.
 */
export function currentTakeout(
  state: AccountState,
  at: number,
): { tokenHash: string; expiresAt: number } | null {
  if (state.status !== 'registered') return null;
  const pending = state.takeouts.pending;
  if (pending === null || at >= pending.expiresAt) return null;
  return { tokenHash: pending.codeHash, expiresAt: pending.expiresAt };
}

/** What account.session-linked records of a sign-in's origin, and whether it is a new one. */
function linkedOrigin(
  state: RegisteredAccount,
  origin: (SignInOrigin & { region: string | null; notify: boolean }) | undefined,
) {
  if (origin === undefined) return {};
  const isNew = isNewSignInOrigin(state.knownSignInOrigins, signInOriginKey(origin));
  return {
    deviceType: origin.deviceType,
    deviceVersion: origin.deviceVersion,
    country: origin.country,
    region: origin.region,
    ...(isNew && origin.notify ? { newSignIn: true } : {}),
  };
}

/** The profile an account.registered event records, with the defaults for fields it lacks. */
function profileOf(data: AccountRegisteredData): AccountProfile {
  // Most accounts have none: they share the one default (states are never changed in place).
  const { firstName, lastName, phone, accountType, referralCode } = data;
  if ([firstName, lastName, phone, accountType, referralCode].every((field) => field == null)) {
    return DEFAULT_PROFILE;
  }
  return {
    firstName: data.firstName ?? DEFAULT_PROFILE.firstName,
    lastName: data.lastName ?? DEFAULT_PROFILE.lastName,
    phone: data.phone ?? DEFAULT_PROFILE.phone,
    accountType: data.accountType ?? DEFAULT_PROFILE.accountType,
    referralCode: data.referralCode ?? DEFAULT_PROFILE.referralCode,
  };
}

function mailedCode(userId: string, email: string, code: IssuedCode) {
  return {
    userId,
    email,
    codeHash: code.codeHash,
    sealedCode: code.sealedCode,
    expiresAt: code.at + CODE_TTL_MS,
    requestedAt: code.at,
    locale: code.locale,
  };
}
