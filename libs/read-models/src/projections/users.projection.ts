import type { RecordedEvent, UserView } from '@tangle/application';
import {
  AccountDeleted,
  AccountRegistered,
  EmailVerified,
  PasswordChanged,
  type AccountRegisteredData,
  type EmailVerifiedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

export interface UserDocument extends UserView, Positioned {}

const USER_EVENTS: ReadonlySet<string> = new Set([
  AccountDeleted,
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

export function toUserView({ lastPosition: _lastPosition, ...view }: UserDocument): UserView {
  return view;
}
