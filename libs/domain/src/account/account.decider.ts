import {
  AccountLoginLinkRequested,
  AccountRegistered,
  AccountSessionLinked,
  AuthError,
  EmailVerificationFailed,
  EmailVerificationRequested,
  EmailVerified,
  PasswordChanged,
  PasswordResetFailed,
  PasswordResetRequested,
  EmailChanged,
  EmailChangeUndone,
  TakeoutRequested,
  type AccountEvent,
  type AccountRegisteredData,
  type AccountSettingsEvent,
  type PasswordChangedData,
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
  checkCode,
  CODE_TTL_MS,
  codeFailed,
  codeIssued,
  codeUsed,
  issueWaitMs,
  NO_CODES,
  type CodeHistory,
} from './one-time-codes';
import { TAKEOUT_COOLDOWN_MS, TAKEOUT_LINK_TTL_MS } from './account-takeout';
import {
  isNewSignInOrigin,
  rememberSignInOrigin,
  signInOriginKey,
  type SignInOrigin,
} from './sign-in-devices';

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
  /** Every session ever opened for the account, oldest first (revoked ones included). */
  sessionIds: string[];
  /** Device classes and countries sessions came from (signInOriginKey), most recent last. */
  knownSignInOrigins: readonly string[];
  /** Data export links mailed: the pending one (its token hash) is the only one that works. */
  takeouts: CodeHistory;
}

export type AccountState = { status: 'none' } | RegisteredAccount;

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
       * Where the session comes from; `notify`: a new device class and country asks for a
       * new-sign-in notice (NEW_SIGN_IN_NOTICES).
       */
      origin?: SignInOrigin & { region: string | null; notify: boolean };
      at: number;
    }
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
    };

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.kind === 'register') {
      const profile = command.profile ? normalizeAccountProfile(command.profile) : null;
      if (state.status !== 'none') {
        if (state.userId === command.userId) return [];
        throw new AuthError('CONFLICT', 'account already registered');
      }
      return [
        {
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
        },
      ];
    }
    if (state.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const { userId } = state;
    if (isSettingsCommand(command)) return decideSettings(command, state);

    switch (command.kind) {
      case 'link-session':
        if (
          command.verifiedPasswordHash !== null &&
          command.verifiedPasswordHash !== state.passwordHash
        ) {
          throw new AuthError('INVALID_CREDENTIALS');
        }
        if (state.sessionIds.includes(command.sessionId)) return [];
        return [
          {
            type: AccountSessionLinked,
            data: {
              userId,
              sessionId: command.sessionId,
              at: command.at,
              ...linkedOrigin(state, command.origin),
            },
          },
        ];

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
        sessionIds: [],
        ...NO_SETTINGS,
        knownSignInOrigins: [],
        takeouts: NO_CODES,
      };
    }
    if (state.status !== 'registered') return state;
    switch (event.type) {
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
          sessionIds: [...state.sessionIds, event.data.sessionId],
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
