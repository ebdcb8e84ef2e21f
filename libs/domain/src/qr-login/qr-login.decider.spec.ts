import {
  QrLoginApproved,
  QrLoginCheckFailed,
  QrLoginCompleted,
  QrLoginDenied,
  QrLoginRequested,
  type QrLoginEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import {
  QR_CHECK_CODE_TRIES,
  QR_LOGIN_TTL_MS,
  qrLoginDecider,
  qrTicketAnswerable,
} from './qr-login.decider';

const T = 7_000_000;
const device = {
  clientId: 0,
  deviceType: 'Laptop',
  deviceVersion: '',
  appName: 'Tangle',
  appVersion: '',
};
const requester = { description: 'Firefox on Linux', country: 'FR', region: 'Brittany' };
const requested: QrLoginEvent = {
  type: QrLoginRequested,
  data: {
    ticketId: 't1',
    secretHash: 'h(secret)',
    checkCodeHash: 'h(K7M42P)',
    device,
    requester,
    requestedAt: T,
    expiresAt: T + QR_LOGIN_TTL_MS,
  },
};
const approver = { userId: 'u1', sessionId: 's-old' };
const approve = {
  kind: 'approve' as const,
  secretHash: 'h(secret)',
  checkCodeHash: 'h(K7M42P)',
  approverSatisfiesSecondFactor: true,
  approver,
  at: T + 10,
};
const approved: QrLoginEvent = {
  type: QrLoginApproved,
  data: {
    ticketId: 't1',
    userId: 'u1',
    approvedBySession: 's-old',
    factor: 'approved-by-session',
    collectBy: T + 10 + QR_LOGIN_TTL_MS,
    at: T + 10,
  },
};
const failed: QrLoginEvent = {
  type: QrLoginCheckFailed,
  data: { ticketId: 't1', userId: 'u1', sessionId: 's-old', at: T + 5 },
};

describe('QR login decider', () => {
  it('given nothing, when a ticket is requested, then it lives the given time', () => {
    const state = given(qrLoginDecider)
      .when({
        kind: 'request',
        ticketId: 't1',
        secretHash: 'h(secret)',
        checkCodeHash: 'h(K7M42P)',
        device,
        requester,
        ttlMs: QR_LOGIN_TTL_MS,
        at: T,
      })
      .then([requested]);
    expect(state).toMatchObject({ status: 'pending', failures: 0, requester });
    expect(qrTicketAnswerable(state, T + QR_LOGIN_TTL_MS - 1)).toBe(true);
    expect(qrTicketAnswerable(state, T + QR_LOGIN_TTL_MS)).toBe(false);
  });

  it('given a ticket, when requested again, then CONFLICT', () => {
    given(qrLoginDecider, [requested])
      .when({
        kind: 'request',
        ticketId: 't1',
        secretHash: 'h(other)',
        checkCodeHash: 'h(other)',
        device,
        requester,
        ttlMs: QR_LOGIN_TTL_MS,
        at: T,
      })
      .thenFails('CONFLICT');
  });

  it('given a ticket, when approved with the secret and the check code, then approved by that session', () => {
    const state = given(qrLoginDecider, [requested]).when(approve).then([approved]);
    expect(state).toMatchObject({ status: 'approved', userId: 'u1', approvedBySession: 's-old' });
  });

  it('given no ticket, when approved, then INVALID_TOKEN', () => {
    given(qrLoginDecider)
      .when(approve)
      .thenFails('INVALID_TOKEN', /not valid/);
  });

  it('given a ticket, when answered with another secret, then INVALID_TOKEN and nothing recorded', () => {
    given(qrLoginDecider, [requested])
      .when({ ...approve, secretHash: 'h(guess)' })
      .thenFails('INVALID_TOKEN', /not valid/);
    given(qrLoginDecider, [requested])
      .when({ kind: 'deny', secretHash: 'h(guess)', approver, at: T + 10 })
      .thenFails('INVALID_TOKEN', /not valid/);
  });

  it('given a ticket, when approved with a wrong check code, then the failure is recorded', () => {
    const state = given(qrLoginDecider, [requested])
      .when({ ...approve, checkCodeHash: 'h(WRONG1)', at: T + 5 })
      .then([failed]);
    expect(state).toMatchObject({ status: 'pending', failures: 1 });
  });

  it(`given ${QR_CHECK_CODE_TRIES} wrong check codes, then the ticket is dead, even for the right code`, () => {
    const history = [requested, ...Array.from({ length: QR_CHECK_CODE_TRIES }, () => failed)];
    expect(given(qrLoginDecider, history).state.status).toBe('exhausted');
    given(qrLoginDecider, history)
      .when(approve)
      .thenFails('INVALID_TOKEN', /already used/);
    const oneLeft = history.slice(0, -1);
    given(qrLoginDecider, oneLeft).when(approve).then([approved]);
  });

  it('given an approver whose session did not pass the second factor, when approving, then MFA_REQUIRED and nothing recorded', () => {
    given(qrLoginDecider, [requested])
      .when({ ...approve, approverSatisfiesSecondFactor: false })
      .thenFails('MFA_REQUIRED');
    // Not even a failure for a wrong code: such a session may not try at all.
    given(qrLoginDecider, [requested])
      .when({ ...approve, approverSatisfiesSecondFactor: false, checkCodeHash: 'h(WRONG1)' })
      .thenFails('MFA_REQUIRED');
  });

  it('given an expired ticket, when approved or denied, then INVALID_TOKEN', () => {
    given(qrLoginDecider, [requested])
      .when({ ...approve, at: T + QR_LOGIN_TTL_MS })
      .thenFails('INVALID_TOKEN', /expired/);
    given(qrLoginDecider, [requested])
      .when({ kind: 'deny', secretHash: 'h(secret)', approver, at: T + QR_LOGIN_TTL_MS })
      .thenFails('INVALID_TOKEN', /expired/);
  });

  it('given an approved ticket, when approved or denied again (a second scan), then INVALID_TOKEN', () => {
    given(qrLoginDecider, [requested, approved])
      .when({ ...approve, approver: { userId: 'u2', sessionId: 's-other' }, at: T + 11 })
      .thenFails('INVALID_TOKEN', /already used/);
    given(qrLoginDecider, [requested, approved])
      .when({ kind: 'deny', secretHash: 'h(secret)', approver, at: T + 11 })
      .thenFails('INVALID_TOKEN', /already used/);
  });

  it('given a ticket, when denied, then denied, never approved and never collected', () => {
    const denied: QrLoginEvent = {
      type: QrLoginDenied,
      data: { ticketId: 't1', userId: 'u1', deniedBySession: 's-old', at: T + 10 },
    };
    given(qrLoginDecider, [requested])
      .when({ kind: 'deny', secretHash: 'h(secret)', approver, at: T + 10 })
      .then([denied]);
    given(qrLoginDecider, [requested, denied]).when(approve).thenFails('INVALID_TOKEN');
    given(qrLoginDecider, [requested, denied])
      .when({ kind: 'complete', sessionId: 's-new', approverSessionLive: true, at: T + 20 })
      .thenFails('INVALID_TOKEN');
  });

  it('given a pending ticket, when collected, then INVALID_TOKEN (not yet authorized)', () => {
    given(qrLoginDecider, [requested])
      .when({ kind: 'complete', sessionId: 's-new', approverSessionLive: true, at: T + 20 })
      .thenFails('INVALID_TOKEN', /not yet authorized/);
  });

  it('given an approved ticket, when collected, then completed once, for the approving session', () => {
    const completed: QrLoginEvent = {
      type: QrLoginCompleted,
      data: {
        ticketId: 't1',
        userId: 'u1',
        sessionId: 's-new',
        approvedBySession: 's-old',
        at: T + 20,
      },
    };
    given(qrLoginDecider, [requested, approved])
      .when({ kind: 'complete', sessionId: 's-new', approverSessionLive: true, at: T + 20 })
      .then([completed]);
    given(qrLoginDecider, [requested, approved, completed])
      .when({ kind: 'complete', sessionId: 's-newer', approverSessionLive: true, at: T + 30 })
      .thenFails('INVALID_TOKEN');
  });

  it('given an approval whose approving session has ended since, when collected, then INVALID_TOKEN', () => {
    given(qrLoginDecider, [requested, approved])
      .when({ kind: 'complete', sessionId: 's-new', approverSessionLive: false, at: T + 20 })
      .thenFails('INVALID_TOKEN', /approving session has ended/);
  });

  it('given an approval not collected in time, when collected, then INVALID_TOKEN', () => {
    given(qrLoginDecider, [requested, approved])
      .when({
        kind: 'complete',
        sessionId: 's-new',
        approverSessionLive: true,
        at: T + 10 + QR_LOGIN_TTL_MS,
      })
      .thenFails('INVALID_TOKEN');
  });
});
