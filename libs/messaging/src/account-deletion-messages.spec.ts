import { ERASED } from '@tangle/contracts';
import { decodeIntegrationEvent, encodeIntegrationEvent, toPublicEvent } from './public-events';
import { toMailRequest } from './mail-requests';
import { decodeMailRequest, encodeMailRequest } from './mail-request-codec';
import { AccountEmails } from './relay/account-emails';
import {
  T0,
  accountDeleted,
  accountDeletionRequested,
  accountRegistered,
  recorded,
} from './testing/domain-events';

describe('account deletion on the topics', () => {
  it('asks for a mail to the account address with the due time', () => {
    const event = recorded(accountDeletionRequested('7', T0 + 1_000));
    const request = toMailRequest(event, { email: 'ada@example.org', locale: 'fr' });
    expect(request).toMatchObject({
      template: 'account-deletion',
      userId: '7',
      to: 'ada@example.org',
      locale: 'fr',
      sealedSecret: null,
      expiresAt: T0 + 1_000,
    });
    expect(decodeMailRequest(encodeMailRequest(request!))).toMatchObject({
      template: 'account-deletion',
      expiresAt: T0 + 1_000,
    });
  });

  it('mails nothing to an erased address or an account without one', () => {
    const event = recorded(accountDeletionRequested('7'));
    expect(toMailRequest(event, { email: ERASED, locale: null })).toBeNull();
    expect(toMailRequest(event, { email: null, locale: null })).toBeNull();
  });

  it('publishes account.deleted keyed by the user, with nothing personal', () => {
    const published = toPublicEvent(recorded(accountDeleted('42')));
    expect(published).toMatchObject({ userId: '42', type: 'account.deleted.v1' });
    const decoded = decodeIntegrationEvent(encodeIntegrationEvent(published!.message));
    expect(decoded.event).toBe('accountDeleted');
    expect(decoded.accountDeleted?.header?.type).toBe('account.deleted.v1');
    expect(decoded.accountDeleted?.header?.userId?.toString()).toBe('42');
  });

  it("the relay's memory forgets a deleted account's address", () => {
    const emails = new AccountEmails();
    emails.observe(recorded(accountRegistered('9')));
    expect(emails.get('9')?.email).toBeTruthy();
    emails.observe(recorded(accountDeleted('9')));
    expect(emails.get('9')).toBeUndefined();
  });
});
