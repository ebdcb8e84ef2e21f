import {
  AccountSessionLinked,
  Streams,
  TakeoutRequested,
  type AccountSessionLinkedData,
  type TakeoutRequestedData,
} from '@tangle/contracts';
import { decodeMailRequest } from './mail-request-codec';
import { needsAccountContact } from './mail-requests';
import { toIntegrationMessages } from './integration-events';
import { DEFAULT_TOPICS } from './topics';
import { T0, recorded } from './testing/domain-events';

const USER = '386015308038537216';
const CONTACT = { email: 'ada@example.org', locale: 'fr' };

function linked(data: Partial<AccountSessionLinkedData>) {
  return recorded({
    streamId: Streams.account(USER),
    event: {
      eventId: '00000000-0000-4000-8000-000000000001',
      type: AccountSessionLinked,
      data: { userId: USER, sessionId: '386015309011615744', at: T0, ...data },
      metadata: {
        correlationId: 'c',
        causationId: 'c',
        schemaVersion: 1,
        actorUserId: USER,
        actorSessionId: null,
        serverTime: T0,
      },
    },
  });
}

describe('security mail requests', () => {
  it('mails a new-sign-in notice to the account address for a session link marked new', () => {
    const event = linked({
      deviceType: 'mobile',
      deviceVersion: 'Android 15',
      country: 'BR',
      region: 'SP',
      newSignIn: true,
    });
    expect(needsAccountContact(event)).toBe(true);

    const messages = toIntegrationMessages(event, DEFAULT_TOPICS, { account: CONTACT });

    expect(messages).toHaveLength(1);
    expect(messages[0].topic).toBe(DEFAULT_TOPICS.mail);
    expect(decodeMailRequest(messages[0].value)).toMatchObject({
      template: 'new-sign-in',
      to: 'ada@example.org',
      locale: 'fr',
      sealedSecret: null,
      requester: { description: 'Android 15 (mobile)', country: 'BR', region: 'SP' },
      occurredAt: T0,
    });
  });

  it('mails nothing for a session link not marked new, or for an account without an address', () => {
    const known = linked({ deviceType: 'desktop', deviceVersion: 'Linux', country: 'DE' });
    expect(needsAccountContact(known)).toBe(false);
    expect(toIntegrationMessages(known, DEFAULT_TOPICS, { account: CONTACT })).toEqual([]);
    const marked = linked({ deviceType: 'desktop', deviceVersion: 'Linux', newSignIn: true });
    expect(
      toIntegrationMessages(marked, DEFAULT_TOPICS, { account: { email: null, locale: null } }),
    ).toEqual([]);
  });

  it('mails the takeout link sealed, to the address the request recorded', () => {
    const data: TakeoutRequestedData = {
      userId: USER,
      email: 'ada@example.org',
      tokenHash: 'c'.repeat(64),
      sealedToken: 'v1.sealed.VEFLRU9VVA',
      requestedAt: T0,
      expiresAt: T0 + 3_600_000,
      locale: 'fr',
    };
    const event = recorded({
      streamId: Streams.account(USER),
      event: {
        eventId: '00000000-0000-4000-8000-000000000002',
        type: TakeoutRequested,
        data,
        metadata: {
          correlationId: 'c',
          causationId: 'c',
          schemaVersion: 1,
          actorUserId: USER,
          actorSessionId: null,
          serverTime: T0,
        },
      },
    });

    const [message] = toIntegrationMessages(event);

    expect(decodeMailRequest(message.value)).toMatchObject({
      template: 'takeout',
      to: 'ada@example.org',
      sealedSecret: 'v1.sealed.VEFLRU9VVA',
      expiresAt: T0 + 3_600_000,
    });
    expect(Buffer.from(message.value).toString('latin1')).not.toContain('c'.repeat(64));
  });
});
