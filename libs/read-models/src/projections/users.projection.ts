import type { RecordedEvent, UserView } from '@tangle/application';
import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  AccountRegistered,
  EmailVerified,
  PasswordChanged,
  type AccountDeletedData,
  type AccountDeletionRequestedData,
  type AccountRegisteredData,
  type EmailVerifiedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

/** A users row: the view, and what the erasure sweep reads (`listAccountDeletions`). */
export interface UserDocument extends UserView, Positioned {
  /** When the pending deletion falls due; null when none is pending. */
  deletionDueAt: number | null;
  /** When the account was deleted; null while it is not. */
  deletedAt: number | null;
}

const USER_EVENTS: ReadonlySet<string> = new Set([
  AccountDeleted,
  AccountDeletionRequested,
  AccountDeletionCancelled,
  AccountRegistered,
  PasswordChanged,
  EmailVerified,
]);

export function userKeyOf(event: RecordedEvent): string | null {
  if (!USER_EVENTS.has(event.type)) return null;
  return (event.data as { userId: string }).userId;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function projectUser(
  current: UserDocument | null,
  event: RecordedEvent,
): UserDocument | null {
  if (alreadyApplied(current, event)) return current;
  switch (event.type) {
    case AccountRegistered:
      return current ?? registered(event as RecordedEvent<AccountRegisteredData>);
    case AccountDeleted:
      // The row stays as a tombstone (its position guards against older events), nothing else.
      if (current === null) return null;
      return deletedUser(current.userId, current.registeredAt, event);
    case AccountDeletionRequested: {
      if (current === null || current.deletedAt !== null) return current;
      const { dueAt } = event.data as AccountDeletionRequestedData;
      return { ...current, deletionDueAt: dueAt, lastPosition: event.position };
    }
    case AccountDeletionCancelled:
      if (current === null || current.deletedAt !== null) return current;
      return { ...current, deletionDueAt: null, lastPosition: event.position };
    case PasswordChanged:
      if (current === null) return null;
      // Only the fact that a password exists is kept, never the hash.
      return { ...current, hasPassword: true, lastPosition: event.position };
    case EmailVerified: {
      if (current === null) return null;
      const { email } = event.data as EmailVerifiedData;
      const verified = current.emailNormalized === normalizeEmail(email);
      return {
        ...current,
        emailVerified: current.emailVerified || verified,
        lastPosition: event.position,
      };
    }
    default:
      return current;
  }
}

function registered({ data, position }: RecordedEvent<AccountRegisteredData>): UserDocument {
  return {
    userId: data.userId,
    name: data.name,
    email: data.email,
    emailNormalized: data.email === null ? null : normalizeEmail(data.email),
    emailVerified: false,
    hasPassword: data.passwordHash != null,
    registeredAt: data.registeredAt,
    // Events from before profiles (and sign-ups that sent only a name) have none of these.
    firstName: data.firstName ?? null,
    lastName: data.lastName ?? null,
    phone: data.phone ?? null,
    accountType: data.accountType ?? 'individual',
    referralCode: data.referralCode ?? null,
    deletionDueAt: null,
    deletedAt: null,
    lastPosition: position,
  };
}

/**
 * A deleted user's document: no name, address, names, phone or referral. Stores read it as no
 * user at all (isDeletedUser); it stays only so that no older event can bring the user back.
 */
function deletedUser(userId: string, registeredAt: number, event: RecordedEvent): UserDocument {
  return {
    userId,
    name: '',
    email: null,
    emailNormalized: null,
    emailVerified: false,
    hasPassword: false,
    registeredAt,
    firstName: null,
    lastName: null,
    phone: null,
    accountType: 'individual',
    referralCode: null,
    deletionDueAt: null,
    deletedAt: (event.data as AccountDeletedData).at,
    lastPosition: event.position,
  };
}

/** A registered user always has a display name: an empty one is a deleted user's tombstone. */
export function isDeletedUser(view: UserView): boolean {
  return view.name === '' && view.email === null;
}

export const usersProjection: Projection<UserDocument> = {
  keyOf: userKeyOf,
  project: projectUser,
};

export function toUserView({
  lastPosition: _lastPosition,
  deletionDueAt: _deletionDueAt,
  deletedAt: _deletedAt,
  ...view
}: UserDocument): UserView {
  return view;
}
