import {
  AuthError,
  EmailChanged,
  EmailChangeFailed,
  EmailChangeRequested,
  EmailChangeUndone,
  PasswordChanged,
  PasswordSetupFailed,
  PasswordSetupRequested,
  type AccountEvent,
  type AccountSettingsEvent,
} from '@tangle/contracts';
import { ABANDONED_RESERVATION_AFTER_MS } from '../reservation/reservation.decider';
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

/**
 * A claim on a new address is good for a change only this long after its reservation was made
 * (or renewed): half the wait after which another account may take over a reservation that its
 * holder's account does not hold. So a change is never recorded on a reservation that another
 * account may already have taken over (see decision 21).
 */
export const EMAIL_CLAIM_FRESH_MS = ABANDONED_RESERVATION_AFTER_MS / 2;

/** The default window in which the old address's link undoes an email change: 7 days. */
export const EMAIL_CHANGE_UNDO_MS = 7 * 86_400_000;

/** The new address a change code was mailed to, and the locale of the request. */
export interface PendingEmail {
  address: string;
  locale: string;
}

/** A previous address the account keeps (reserved) while its undo link may still restore it. */
export interface EmailUndo {
  tokenHash: string;
  email: string;
  until: number;
}

/** What the settings add to a registered account's state. */
export interface AccountSettingsState {
  /** Codes that let a passwordless account set its first password. */
  passwordSetup: CodeHistory;
  /** Codes mailed to new addresses; `pendingEmail` is the address of the pending one. */
  emailChange: CodeHistory;
  pendingEmail: PendingEmail | null;
  /** Previous addresses whose undo link is still open, oldest first. */
  emailUndos: readonly EmailUndo[];
}

export const NO_SETTINGS: AccountSettingsState = {
  passwordSetup: NO_CODES,
  emailChange: NO_CODES,
  pendingEmail: null,
  emailUndos: [],
};

/** The account state the settings commands read (a registered account's). */
interface SettingsView extends AccountSettingsState {
  userId: string;
  email: string | null;
  emailVerified: boolean;
  passwordHash: string | null;
}

/** A code for the mailer: its keyed hash to check it later, and the code sealed for delivery. */
interface IssuedCode {
  codeHash: string;
  sealedCode: string;
  locale: string;
  at: number;
  cooldownMs?: number;
}

export type AccountSettingsCommand =
  /**
   * The signed-in owner changes the password: `verifiedPasswordHash` is the hash the current
   * password was checked against (a change made meanwhile refuses this one).
   */
  | { kind: 'change-password'; verifiedPasswordHash: string; passwordHash: string; at: number }
  /** A passwordless account asks for a code to set its first password. */
  | ({ kind: 'request-password-setup' } & IssuedCode)
  | { kind: 'confirm-password-setup'; codeHash: string; passwordHash: string; at: number }
  /** A code to the new address (`email` as typed, trimmed; `normalized` lower-cased). */
  | ({ kind: 'request-email-change'; email: string; normalized: string } & IssuedCode)
  /**
   * The code mailed to `normalized`, given back: the change happens when it is right and the
   * new address's reservation (made at `reservedAt`) is still fresh.
   */
  | {
      kind: 'confirm-email-change';
      normalized: string;
      codeHash: string;
      reservedAt: number;
      undoTokenHash: string;
      sealedUndoToken: string;
      undoWindowMs: number;
      at: number;
    }
  | { kind: 'undo-email-change'; tokenHash: string; at: number };

export const SETTINGS_COMMANDS: ReadonlySet<string> = new Set<AccountSettingsCommand['kind']>([
  'change-password',
  'request-password-setup',
  'confirm-password-setup',
  'request-email-change',
  'confirm-email-change',
  'undo-email-change',
]);

export function isSettingsCommand(command: { kind: string }): command is AccountSettingsCommand {
  return SETTINGS_COMMANDS.has(command.kind);
}

/** The account decider's part for the settings: the events a settings command leads to. */
export function decideSettings(
  command: AccountSettingsCommand,
  state: SettingsView,
): AccountEvent[] {
  const { userId } = state;
  switch (command.kind) {
    case 'change-password':
      if (state.passwordHash === null) {
        throw new AuthError('INVALID_ARGUMENT', 'the account has no password yet');
      }
      if (command.verifiedPasswordHash !== state.passwordHash) {
        throw new AuthError('INVALID_CREDENTIALS', 'the password changed meanwhile');
      }
      return [changed(userId, command.passwordHash, 'change', command.at)];

    case 'request-password-setup': {
      if (state.passwordHash !== null) {
        throw new AuthError('INVALID_ARGUMENT', 'the account already has a password');
      }
      if (!state.email) {
        throw new AuthError('INVALID_ARGUMENT', 'the account has no email address for the code');
      }
      assertMayIssue(state.passwordSetup, command);
      return [
        {
          type: PasswordSetupRequested,
          data: mailedCode(userId, state.email, command),
        },
      ];
    }

    case 'confirm-password-setup':
      if (state.passwordHash !== null) throw new AuthError('INVALID_CODE');
      switch (checkCode(state.passwordSetup, command.codeHash, command.at)) {
        case 'unusable':
          throw new AuthError('INVALID_CODE');
        case 'wrong':
          return [{ type: PasswordSetupFailed, data: { userId, at: command.at } }];
        case 'valid':
          return [changed(userId, command.passwordHash, 'setup', command.at)];
      }
      break;

    case 'request-email-change':
      if (state.email !== null && state.email.toLowerCase() === command.normalized) {
        throw new AuthError('INVALID_ARGUMENT', 'new_email is already the account address');
      }
      assertMayIssue(state.emailChange, command);
      return [
        {
          type: EmailChangeRequested,
          data: mailedCode(userId, command.email, command),
        },
      ];

    case 'confirm-email-change': {
      const pending = state.pendingEmail;
      if (pending === null || pending.address.toLowerCase() !== command.normalized) {
        throw new AuthError('INVALID_CODE');
      }
      const check = checkCode(state.emailChange, command.codeHash, command.at);
      if (check === 'unusable') throw new AuthError('INVALID_CODE');
      if (check === 'wrong') return [{ type: EmailChangeFailed, data: { userId, at: command.at } }];
      if (command.at - command.reservedAt >= EMAIL_CLAIM_FRESH_MS) {
        throw new AuthError('CONFLICT', 'the new address could not be claimed in time, try again');
      }
      const previous = state.email;
      return [
        {
          type: EmailChanged,
          data: {
            userId,
            email: pending.address,
            previousEmail: previous,
            previousEmailVerified: previous !== null && state.emailVerified,
            undoTokenHash: previous !== null ? command.undoTokenHash : null,
            sealedUndoToken: previous !== null ? command.sealedUndoToken : null,
            undoUntil: previous !== null ? command.at + command.undoWindowMs : null,
            changedAt: command.at,
            locale: pending.locale,
          },
        },
      ];
    }

    case 'undo-email-change': {
      const undo = state.emailUndos.find(
        (entry) => entry.tokenHash === command.tokenHash && command.at < entry.until,
      );
      if (!undo) throw new AuthError('INVALID_CODE', 'the undo link is not valid or has expired');
      return [
        {
          type: EmailChangeUndone,
          data: {
            userId,
            email: undo.email,
            // The link was mailed to this address: following it proves the owner reads it.
            emailVerified: true,
            replacedEmail: state.email,
            undoTokenHash: undo.tokenHash,
            at: command.at,
          },
        },
      ];
    }
  }
  return [];
}

/**
 * How a settings event changes the state; null when the event is not one of the settings'
 * (PasswordChanged is the account decider's own, which calls `passwordChangedSettings`).
 */
export function evolveSettings<S extends SettingsView>(state: S, event: AccountSettingsEvent): S {
  switch (event.type) {
    case PasswordSetupRequested:
      return {
        ...state,
        passwordSetup: codeIssued(
          state.passwordSetup,
          event.data.codeHash,
          event.data.requestedAt,
          event.data.expiresAt,
        ),
      };
    case PasswordSetupFailed:
      return { ...state, passwordSetup: codeFailed(state.passwordSetup) };
    case EmailChangeRequested:
      return {
        ...state,
        pendingEmail: { address: event.data.email, locale: event.data.locale },
        emailChange: codeIssued(
          state.emailChange,
          event.data.codeHash,
          event.data.requestedAt,
          event.data.expiresAt,
        ),
      };
    case EmailChangeFailed:
      return { ...state, emailChange: codeFailed(state.emailChange) };
    case EmailChanged: {
      const { data } = event;
      const open = state.emailUndos.filter((entry) => entry.until > data.changedAt);
      return {
        ...state,
        email: data.email,
        emailVerified: true,
        pendingEmail: null,
        emailChange: codeUsed(state.emailChange),
        emailUndos:
          data.previousEmail !== null && data.undoTokenHash !== null && data.undoUntil !== null
            ? [
                ...open,
                {
                  tokenHash: data.undoTokenHash,
                  email: data.previousEmail,
                  until: data.undoUntil,
                },
              ]
            : open,
      };
    }
    case EmailChangeUndone: {
      const { data } = event;
      // The undone change and every later one go: their links restore nothing any more.
      const index = state.emailUndos.findIndex((entry) => entry.tokenHash === data.undoTokenHash);
      return {
        ...state,
        email: data.email,
        emailVerified: data.emailVerified,
        pendingEmail: null,
        emailChange: codeUsed(state.emailChange),
        emailUndos: index < 0 ? state.emailUndos : state.emailUndos.slice(0, index),
      };
    }
  }
  return state;
}

/** After PasswordChanged: a setup code is spent by the password it set. */
export function passwordChangedSettings(
  settings: AccountSettingsState,
  reason: string,
): Pick<AccountSettingsState, 'passwordSetup'> {
  return {
    passwordSetup: reason === 'setup' ? codeUsed(settings.passwordSetup) : settings.passwordSetup,
  };
}

/**
 * Whether the account holds `normalized` at `at`: as its address, or as a previous address its
 * undo link may still restore (with a margin past the link's end, so a restore decided just
 * before the end cannot meet a takeover). A reservation its holder does not hold may be taken
 * over by another account (after the reservation decider's wait).
 */
export function holdsEmail(
  state: { status: string } & Partial<Pick<SettingsView, 'email' | 'emailUndos'>>,
  normalized: string,
  at: number,
): boolean {
  if (state.status !== 'registered') return false;
  if (state.email?.toLowerCase() === normalized) return true;
  return (state.emailUndos ?? []).some(
    (entry) =>
      entry.email.toLowerCase() === normalized && at < entry.until + ABANDONED_RESERVATION_AFTER_MS,
  );
}

function assertMayIssue(history: CodeHistory, command: IssuedCode): void {
  const waitMs = issueWaitMs(history, command.at, command.cooldownMs);
  if (waitMs > 0) {
    throw new AuthError(
      'RATE_LIMIT_EXCEEDED',
      `wait ${Math.ceil(waitMs / 1000)} s before asking for another code`,
    );
  }
}

function changed(
  userId: string,
  passwordHash: string,
  reason: 'change' | 'setup',
  at: number,
): AccountEvent {
  return { type: PasswordChanged, data: { userId, passwordHash, reason, changedAt: at } };
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
