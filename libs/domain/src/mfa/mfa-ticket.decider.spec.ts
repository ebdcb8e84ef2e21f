import {
  MfaTicketCompleted,
  MfaTicketFailed,
  MfaTicketIssued,
  type MfaTicketEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { MFA_TICKET_MAX_FAILURES, mfaTicketDecider } from './mfa-ticket.decider';

const device = {
  clientId: 0,
  deviceType: 'web',
  deviceVersion: 'curl',
  appName: 'Tangle',
  appVersion: '',
};
const issued: MfaTicketEvent = {
  type: MfaTicketIssued,
  data: {
    ticketId: 't1',
    userId: 'u1',
    ticketHash: 'th',
    passwordFingerprint: 'pf',
    device,
    remembered: true,
    issuedAt: 100,
    expiresAt: 400,
  },
};
const failed: MfaTicketEvent = { type: MfaTicketFailed, data: { ticketId: 't1', at: 150 } };
const completed: MfaTicketEvent = {
  type: MfaTicketCompleted,
  data: { ticketId: 't1', sessionId: 's1', at: 200 },
};

describe('MFA ticket decider', () => {
  it('given nothing, when issued, then mfa.ticket-issued', () => {
    const state = given(mfaTicketDecider)
      .when({
        kind: 'issue',
        ticketId: 't1',
        userId: 'u1',
        ticketHash: 'th',
        passwordFingerprint: 'pf',
        device,
        remembered: true,
        at: 100,
        expiresAt: 400,
      })
      .then([issued]);
    expect(state).toMatchObject({ status: 'issued', failures: 0 });
  });

  it('given an issued ticket, when issued again, then CONFLICT', () => {
    given(mfaTicketDecider, [issued])
      .when({ ...issued.data, kind: 'issue', at: 100 } as never)
      .thenFails('CONFLICT');
  });

  it('given an issued ticket, when completed with its hash in time, then mfa.ticket-completed', () => {
    const state = given(mfaTicketDecider, [issued])
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's1', at: 200 })
      .then([completed]);
    expect(state.status).toBe('completed');
  });

  it('given a completed ticket, when completed again, then INVALID_TOKEN (single use)', () => {
    given(mfaTicketDecider, [issued, completed])
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's2', at: 210 })
      .thenFails('INVALID_TOKEN');
  });

  it('given an issued ticket, when it expired, then INVALID_TOKEN', () => {
    given(mfaTicketDecider, [issued])
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's1', at: 400 })
      .thenFails('INVALID_TOKEN');
  });

  it('given an issued ticket, when another hash is given, then INVALID_TOKEN', () => {
    given(mfaTicketDecider, [issued])
      .when({ kind: 'complete', ticketHash: 'forged', sessionId: 's1', at: 200 })
      .thenFails('INVALID_TOKEN');
    given(mfaTicketDecider, [issued])
      .when({ kind: 'fail', ticketHash: 'forged', at: 200 })
      .thenFails('INVALID_TOKEN');
  });

  it('given no ticket, when completed, then INVALID_TOKEN', () => {
    given(mfaTicketDecider)
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's1', at: 200 })
      .thenFails('INVALID_TOKEN');
  });

  it('given a wrong code, when it fails, then mfa.ticket-failed; the fifth kills the ticket', () => {
    given(mfaTicketDecider, [issued])
      .when({ kind: 'fail', ticketHash: 'th', at: 150 })
      .then([failed]);
    const four = Array.from({ length: MFA_TICKET_MAX_FAILURES - 1 }, () => failed);
    given(mfaTicketDecider, [issued, ...four])
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's1', at: 200 })
      .then([completed]);
    given(mfaTicketDecider, [issued, ...four, failed])
      .when({ kind: 'complete', ticketHash: 'th', sessionId: 's1', at: 200 })
      .thenFails('INVALID_TOKEN');
  });
});
