import type { EventStore, RecordedEvent } from '@tangle/application';
import {
  AccountDeleted,
  AccountRegistered,
  EmailChanged,
  EmailChangeRequested,
  EmailChangeUndone,
  PasswordSetupRequested,
  EmailVerificationRequested,
  EmailVerified,
  LoginLinkRequested,
  PasswordResetRequested,
  TakeoutRequested,
  type AccountRegisteredData,
  type EmailChangedData,
  type EmailChangeRequestedData,
  type EmailChangeUndoneData,
  type PasswordSetupRequestedData,
  type EmailVerificationRequestedData,
  type EmailVerifiedData,
  type LoginLinkRequestedData,
  type PasswordResetRequestedData,
  type TakeoutRequestedData,
} from '@tangle/contracts';
import type { AccountContact } from '../account-contact';

/**
 * The relay's small memory of each account's address and mail locale, kept from the events it
 * passes on, for mails whose event does not carry the address (password-changed notices).
 * Bounded (least recently used first out); an account it does not hold is read back from its
 * stream. Only `account.registered` creates an entry: an entry always knows the account from
 * its first event, so an update is never mistaken for the whole story.
 */
export class AccountEmails {
  private readonly contacts = new Map<string, AccountContact>();

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.contacts.size;
  }

  get(userId: string): AccountContact | undefined {
    const contact = this.contacts.get(userId);
    if (contact !== undefined) this.remember(userId, contact);
    return contact;
  }

  /** Takes in what an event says about an account's contact. */
  observe(event: RecordedEvent): void {
    if (event.type === AccountDeleted) {
      this.contacts.delete((event.data as { userId: string }).userId);
      return;
    }
    const change = contactChange(event);
    if (change === null) return;
    const current = this.contacts.get(change.userId);
    if (event.type === AccountRegistered) {
      this.remember(change.userId, { email: change.email ?? null, locale: null });
    } else if (current !== undefined) {
      this.remember(change.userId, {
        email: change.email !== undefined ? change.email : current.email,
        locale: change.locale ?? current.locale,
      });
    }
  }

  /**
   * The contact of `event`'s account as of just before `event`: from memory, or else from the
   * account stream's earlier events (`event` must be an event of the account stream).
   */
  async resolve(
    userId: string,
    event: RecordedEvent,
    eventStore: EventStore,
  ): Promise<AccountContact> {
    const known = this.get(userId);
    if (known !== undefined) return known;
    const earlier =
      event.revision === 0n
        ? []
        : await eventStore.readStream(event.streamId, { maxCount: Number(event.revision) });
    const rebuilt = new AccountEmails(1);
    for (const each of earlier) rebuilt.observe(each);
    const contact = rebuilt.get(userId) ?? { email: null, locale: null };
    this.remember(userId, contact);
    return contact;
  }

  clear(): void {
    this.contacts.clear();
  }

  private remember(userId: string, contact: AccountContact): void {
    this.contacts.delete(userId);
    this.contacts.set(userId, contact);
    if (this.contacts.size > this.capacity) {
      const oldest = this.contacts.keys().next().value as string;
      this.contacts.delete(oldest);
    }
  }
}

interface ContactChange {
  userId: string;
  /** undefined: the event says nothing about the address. */
  email?: string | null;
  locale?: string;
}

function contactChange(event: RecordedEvent): ContactChange | null {
  switch (event.type) {
    case AccountRegistered: {
      const data = event.data as AccountRegisteredData;
      return { userId: data.userId, email: data.email };
    }
    case EmailVerified: {
      const data = event.data as EmailVerifiedData;
      return { userId: data.userId, email: data.email };
    }
    case EmailChanged:
    case EmailChangeUndone: {
      const data = event.data as EmailChangedData | EmailChangeUndoneData;
      return { userId: data.userId, email: data.email };
    }
    case EmailVerificationRequested:
    case PasswordResetRequested:
    case PasswordSetupRequested:
    case EmailChangeRequested:
    case LoginLinkRequested:
    case TakeoutRequested: {
      // A code for an address is not a change of address (it may be a new one, not verified).
      const data = event.data as
        | EmailVerificationRequestedData
        | PasswordResetRequestedData
        | PasswordSetupRequestedData
        | EmailChangeRequestedData
        | LoginLinkRequestedData
        | TakeoutRequestedData;
      return { userId: data.userId, locale: data.locale };
    }
    default:
      return null;
  }
}
