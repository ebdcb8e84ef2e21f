import {
  LoginCompleted,
  LoginLinkConfirmed,
  LoginLinkDenied,
  LoginLinkRequested,
  type LoginEvent,
  type LoginLinkRequestedData,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { emailLinkLoginDecider, LOGIN_LINK_TTL_MS } from './email-link-login.decider';

const device = {
  clientId: 0,
  deviceType: 'cURL',
  deviceVersion: '',
  appName: 'Tangle',
  appVersion: '',
};
const T = 5_000_000;
const requester = { description: '"curl/8.5.0"', country: 'FR', region: 'Brittany' };
/** As written before match codes: no code, no requester; it still replays. */
const legacyData: LoginLinkRequestedData = {
  authId: 'a1',
  userId: 'u1',
  email: 'ada@example.com',
  linkTokenHash: 'h(link)',
  sealedLinkToken: 'sealed',
  device,
  locale: 'en',
  expiresAt: T + LOGIN_LINK_TTL_MS,
  requestedAt: T,
};
const legacyRequested: LoginEvent = { type: LoginLinkRequested, data: legacyData };
const requested: LoginEvent = {
  type: LoginLinkRequested,
  data: { ...legacyData, matchCode: 'K7M-42P', requester },
};
const answer = { linkTokenHash: 'h(link)', accountCurrentLink: 'a1' };
const confirmed: LoginEvent = {
  type: LoginLinkConfirmed,
  data: { authId: 'a1', userId: 'u1', at: T + 10 },
};

describe('email-link login decider', () => {
  it('given nothing, when requested, then the link lives 15 minutes', () => {
    given(emailLinkLoginDecider)
      .when({
        kind: 'request',
        authId: 'a1',
        userId: 'u1',
        email: 'ada@example.com',
        linkTokenHash: 'h(link)',
        sealedLinkToken: 'sealed',
        device,
        matchCode: 'K7M-42P',
        requester,
        locale: 'en',
        at: T,
      })
      .then([requested]);
  });

  it('given a request, then its state keeps the match code and the requester for the page', () => {
    expect(given(emailLinkLoginDecider, [requested]).state).toMatchObject({
      status: 'requested',
      matchCode: 'K7M-42P',
      requester,
      requestedAt: T,
    });
  });

  it('given a request from before match codes, then it replays with neither', () => {
    expect(given(emailLinkLoginDecider, [legacyRequested]).state).toMatchObject({
      status: 'requested',
      matchCode: null,
      requester: null,
    });
  });

  it('given a request superseded by a newer link of the account, when confirmed, then INVALID_TOKEN', () => {
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'confirm', ...answer, accountCurrentLink: 'a2', at: T + 10 })
      .thenFails('INVALID_TOKEN', /newer link/);
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'deny', ...answer, accountCurrentLink: 'a2', at: T + 10 })
      .thenFails('INVALID_TOKEN', /newer link/);
  });

  it('given a request the account has no record of (older than the records), when confirmed, then confirmed', () => {
    given(emailLinkLoginDecider, [legacyRequested])
      .when({ kind: 'confirm', ...answer, accountCurrentLink: null, at: T + 10 })
      .then([confirmed]);
  });

  it('given a request, when confirmed with the link token, then confirmed', () => {
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'confirm', ...answer, at: T + 10 })
      .then([confirmed]);
  });

  it('given a request, when denied, then denied, and polling never completes', () => {
    const state = given(emailLinkLoginDecider, [requested])
      .when({ kind: 'deny', ...answer, at: T + 10 })
      .then([{ type: LoginLinkDenied, data: { authId: 'a1', userId: 'u1', at: T + 10 } }]);
    expect(state.status).toBe('denied');
    given(emailLinkLoginDecider, [
      requested,
      { type: LoginLinkDenied, data: { authId: 'a1', userId: 'u1', at: T + 10 } },
    ])
      .when({ kind: 'complete', sessionId: 's1', at: T + 20 })
      .thenFails('INVALID_TOKEN');
  });

  it('given a request, when confirmed with another token, then INVALID_TOKEN', () => {
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'confirm', ...answer, linkTokenHash: 'h(other)', at: T + 10 })
      .thenFails('INVALID_TOKEN');
  });

  it('given an expired request, when confirmed, then INVALID_TOKEN', () => {
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'confirm', ...answer, at: T + LOGIN_LINK_TTL_MS })
      .thenFails('INVALID_TOKEN', /expired/);
  });

  it('given a confirmed link, when confirmed again, then INVALID_TOKEN (a link works once)', () => {
    given(emailLinkLoginDecider, [requested, confirmed])
      .when({ kind: 'confirm', ...answer, at: T + 11 })
      .thenFails('INVALID_TOKEN');
  });

  it('given a request not yet confirmed, when polled, then INVALID_TOKEN', () => {
    given(emailLinkLoginDecider, [requested])
      .when({ kind: 'complete', sessionId: 's1', at: T + 5 })
      .thenFails('INVALID_TOKEN', /not yet authorized/);
  });

  it('given a confirmed link, when polled, then completed once', () => {
    const completed: LoginEvent = {
      type: LoginCompleted,
      data: { authId: 'a1', userId: 'u1', sessionId: 's1', at: T + 20 },
    };
    given(emailLinkLoginDecider, [requested, confirmed])
      .when({ kind: 'complete', sessionId: 's1', at: T + 20 })
      .then([completed]);
    given(emailLinkLoginDecider, [requested, confirmed, completed])
      .when({ kind: 'complete', sessionId: 's2', at: T + 30 })
      .thenFails('INVALID_TOKEN');
  });
});
