import type { MailRequest } from '@tangle/contracts';
import {
  decodeMailRequest,
  encodeMailRequest,
  toMailRequested,
  UndecodableMailRequestError,
} from './mail-request-codec';
import { v1 } from './schema';

const request: MailRequest = {
  eventId: '0b5e7f1c-8a4e-4c55-9d59-6c1f6a1f1e11',
  template: 'login-link',
  userId: '18446744073709551615',
  to: 'ada@example.org',
  locale: 'en-GB',
  sealedSecret: 'v1.sealed.abc',
  authId: 'auth-9',
  matchCode: 'K7M-42P',
  requester: { description: 'Firefox on Linux', country: 'FR', region: 'Brittany' },
  expiresAt: 1_900_000_000_000,
  occurredAt: 1_800_000_000_000,
  correlationId: 'corr-1',
};

describe('mail request codec', () => {
  it('round-trips every field, up to the largest unsigned 64-bit user id', () => {
    expect(decodeMailRequest(encodeMailRequest(request))).toEqual(request);
  });

  it('round-trips a notice without secret, link or expiry', () => {
    const notice: MailRequest = {
      ...request,
      template: 'password-changed',
      sealedSecret: null,
      authId: null,
      matchCode: null,
      requester: null,
      expiresAt: null,
    };

    expect(decodeMailRequest(encodeMailRequest(notice))).toEqual(notice);
  });

  it('round-trips a requester whose country and region are unknown', () => {
    const somewhere = {
      ...request,
      requester: { description: 'an app', country: null, region: null },
    };

    expect(decodeMailRequest(encodeMailRequest(somewhere))).toEqual(somewhere);
  });

  it('drops the retired device field (7) of an older message', () => {
    const withDevice = Uint8Array.from([
      ...encodeMailRequest({ ...request, matchCode: null, requester: null }),
      ...[0x3a, 4, ...Buffer.from('evil')],
    ]);

    expect(decodeMailRequest(withDevice)).toEqual({ ...request, matchCode: null, requester: null });
  });

  it('rejects bytes that are not a MailRequested', () => {
    expect(() => decodeMailRequest(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(
      UndecodableMailRequestError,
    );
  });

  it('rejects a template it does not know', () => {
    const value = v1.MailRequested.encode({
      ...toMailRequested(request),
      template: 99 as v1.MailTemplate,
    }).finish();

    expect(() => decodeMailRequest(value)).toThrow(/unknown template 99/);
  });

  it('rejects a message without header', () => {
    const value = v1.MailRequested.encode({ to: 'x@example.org' }).finish();

    expect(() => decodeMailRequest(value)).toThrow(/no header/);
  });
});
