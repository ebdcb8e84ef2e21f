import { InMemoryEventStore } from '../../../application/src/testing/in-memory-event-store';
import {
  accountRegistered,
  emailVerificationRequested,
  emailVerified,
  loginLinkRequested,
  passwordChanged,
  recorded,
  type StreamEvent,
} from '../testing/domain-events';
import { AccountEmails } from './account-emails';

describe('AccountEmails', () => {
  it('learns the address at registration and follows verified changes and mail locales', () => {
    const emails = new AccountEmails();

    emails.observe(recorded(accountRegistered('1')));
    expect(emails.get('1')).toEqual({ email: 'u1@example.org', locale: null });

    emails.observe(recorded(emailVerificationRequested('1', { email: 'next@example.org' })));
    expect(emails.get('1')).toEqual({ email: 'u1@example.org', locale: 'de' });

    emails.observe(recorded(emailVerified('1', 'next@example.org')));
    emails.observe(recorded(loginLinkRequested('a1', '1')));
    expect(emails.get('1')).toEqual({ email: 'next@example.org', locale: 'es' });
  });

  it('does not make up an entry from an update to an account it never saw registered', () => {
    const emails = new AccountEmails();

    emails.observe(recorded(emailVerified('2', 'late@example.org')));

    expect(emails.get('2')).toBeUndefined();
  });

  it('forgets the least recently used account beyond its capacity', () => {
    const emails = new AccountEmails(2);
    emails.observe(recorded(accountRegistered('1')));
    emails.observe(recorded(accountRegistered('2')));
    emails.get('1');

    emails.observe(recorded(accountRegistered('3')));

    expect(emails.size).toBe(2);
    expect(emails.get('2')).toBeUndefined();
    expect(emails.get('1')?.email).toBe('u1@example.org');
    expect(emails.get('3')?.email).toBe('u3@example.org');
  });

  it('reads an unknown account back from its stream as of just before the event', async () => {
    const store = new InMemoryEventStore();
    const append = ({ streamId, event }: StreamEvent) => store.append(streamId, [event], 'any');
    await append(accountRegistered('5'));
    await append(emailVerificationRequested('5'));
    await append(passwordChanged('5', 'change'));
    await append(emailVerified('5', 'later@example.org'));
    const [, , changed] = await store.readStream('account-5');
    const emails = new AccountEmails();

    const contact = await emails.resolve('5', changed, store);

    expect(contact).toEqual({ email: 'u5@example.org', locale: 'de' });
    expect(emails.get('5')).toEqual(contact);
  });

  it('answers from memory without reading the store', async () => {
    const store = new InMemoryEventStore();
    const readStream = jest.spyOn(store, 'readStream');
    const emails = new AccountEmails();
    emails.observe(recorded(accountRegistered('6')));

    const contact = await emails.resolve(
      '6',
      recorded(passwordChanged('6', 'reset'), 2n, 1n),
      store,
    );

    expect(contact.email).toBe('u6@example.org');
    expect(readStream).not.toHaveBeenCalled();
  });
});
