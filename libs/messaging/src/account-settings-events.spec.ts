import type { RecordedEvent } from '@tangle/application';
import {
  EmailChanged,
  EmailChangeRequested,
  EmailChangeUndone,
  EmailVerified,
  PasswordChanged,
  PasswordSetupRequested,
  type EmailChangedData,
} from '@tangle/contracts';
import { decodeMailRequest, encodeMailRequest } from './mail-request-codec';
import { toMailRequest } from './mail-requests';
import { decodeIntegrationEvent, encodeIntegrationEvent, toPublicEvent } from './public-events';
import { AccountEmails } from './relay/account-emails';

const T0 = Date.UTC(2026, 0, 1);

function recorded(type: string, data: object, revision = 1n): RecordedEvent {
  return {
    streamId: 'account-386015308038537216',
    revision,
    position: { commit: revision, prepare: revision },
    eventId: `00000000-0000-4000-8000-00000000000${revision}`,
    type,
    data,
    metadata: {
      correlationId: 'corr',
      causationId: 'corr',
      schemaVersion: 1,
      actorUserId: '386015308038537216',
      actorSessionId: null,
      serverTime: T0,
    },
    createdAt: T0,
  };
}

const userId = '386015308038537216';
const code = (email: string) => ({
  userId,
  email,
  codeHash: 'hash',
  sealedCode: 'v1.sealed.code',
  expiresAt: T0 + 900_000,
  requestedAt: T0,
  locale: 'fr',
});
const changed: EmailChangedData = {
  userId,
  email: 'new@example.org',
  previousEmail: 'old@example.org',
  previousEmailVerified: true,
  undoTokenHash: 'undo-hash',
  sealedUndoToken: 'v1.sealed.undo',
  undoUntil: T0 + 7 * 86_400_000,
  changedAt: T0,
  locale: 'fr',
};

describe('account settings events on the way out', () => {
  it('mails the first-password code and the email-change code, sealed, to the right address', () => {
    const setup = toMailRequest(recorded(PasswordSetupRequested, code('ada@example.org')), null)!;
    expect(setup).toMatchObject({
      template: 'password-setup',
      to: 'ada@example.org',
      sealedSecret: 'v1.sealed.code',
      locale: 'fr',
    });
    const change = toMailRequest(recorded(EmailChangeRequested, code('new@example.org')), null)!;
    expect(change).toMatchObject({ template: 'email-change', to: 'new@example.org' });
    expect(decodeMailRequest(encodeMailRequest(change))).toEqual(change);
  });

  it('mails the old address the undo link (sealed) until the window ends; none without one', () => {
    const mail = toMailRequest(recorded(EmailChanged, changed), null)!;
    expect(mail).toMatchObject({
      template: 'email-changed',
      to: 'old@example.org',
      userId,
      sealedSecret: 'v1.sealed.undo',
      expiresAt: T0 + 7 * 86_400_000,
    });
    expect(decodeMailRequest(encodeMailRequest(mail))).toEqual(mail);
    const first = { ...changed, previousEmail: null, undoTokenHash: null, sealedUndoToken: null };
    expect(toMailRequest(recorded(EmailChanged, first), null)).toBeNull();
  });

  it('tells other services the new address as email-verified, with no token or hash', () => {
    const out = toPublicEvent(recorded(EmailChanged, changed))!;
    expect(out.type).toBe(EmailVerified);
    const decoded = decodeIntegrationEvent(encodeIntegrationEvent(out.message));
    expect(decoded.emailVerified?.email).toBe('new@example.org');
    expect(JSON.stringify(out.message)).not.toMatch(/undo|sealed/);
    const undone = toPublicEvent(
      recorded(EmailChangeUndone, {
        userId,
        email: 'old@example.org',
        emailVerified: true,
        replacedEmail: 'new@example.org',
        undoTokenHash: 'undo-hash',
        at: T0,
      }),
    )!;
    expect(undone.message.emailVerified?.email).toBe('old@example.org');
  });

  it('mails the password notice for a first password, and to the address the account has now', async () => {
    const emails = new AccountEmails();
    emails.observe(
      recorded(
        'account.registered.v1',
        { userId, name: 'Ada', email: 'old@example.org', passwordHash: null, registeredAt: T0 },
        0n,
      ),
    );
    emails.observe(recorded(EmailChanged, changed, 1n));
    const contact = emails.get(userId)!;
    expect(contact.email).toBe('new@example.org');
    const setup = recorded(PasswordChanged, {
      userId,
      passwordHash: 'h',
      reason: 'setup',
      changedAt: T0,
    });
    expect(toMailRequest(setup, contact)).toMatchObject({
      template: 'password-changed',
      to: 'new@example.org',
    });
  });
});
