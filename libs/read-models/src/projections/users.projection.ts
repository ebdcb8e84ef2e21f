import type { RecordedEvent, UserView } from '@tangle/application';
import {
  AccountRegistered,
  EmailVerified,
  PasswordChanged,
  type AccountRegisteredData,
  type EmailVerifiedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

export interface UserDocument extends UserView, Positioned {}

const USER_EVENTS: ReadonlySet<string> = new Set([
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

export const usersProjection: Projection<UserDocument> = {
  keyOf: userKeyOf,
  project: projectUser,
};

export function toUserView({ lastPosition: _lastPosition, ...view }: UserDocument): UserView {
  return view;
}
