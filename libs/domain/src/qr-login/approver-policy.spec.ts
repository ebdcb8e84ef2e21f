import {
  AccountRegistered,
  SessionRevoked,
  SessionStarted,
  type SessionEvent,
} from '@tangle/contracts';
import { accountDecider, type RegisteredAccount } from '../account/account.decider';
import { fold } from '../shared/decider';
import { sessionDecider } from '../session/session.decider';
import { approverSatisfiesSecondFactor } from './approver-policy';

const account = fold(accountDecider, [
  {
    type: AccountRegistered,
    data: { userId: 'u1', name: 'Ada', email: null, passwordHash: null, registeredAt: 1 },
  },
]) as RegisteredAccount;

function session(userId: string, revoked = false) {
  const started: SessionEvent = {
    type: SessionStarted,
    data: {
      sessionId: 's1',
      userId,
      tokenHash: 'h',
      method: 'password' as const,
      startedAt: 1,
      clientId: 0,
      deviceType: 'web',
      deviceVersion: '',
      appName: 'Tangle',
      appVersion: '',
      country: null,
      region: null,
    },
  };
  const revocation: SessionEvent = {
    type: SessionRevoked,
    data: {
      sessionId: 's1',
      userId,
      revokedBy: userId,
      revokedBySession: null,
      reason: 'revoked-by-user' as const,
      at: 2,
    },
  };
  return fold(sessionDecider, revoked ? [started, revocation] : [started]);
}

describe('who may approve a QR login', () => {
  it("an active session of the account satisfies the account's second-factor policy", () => {
    expect(approverSatisfiesSecondFactor(account, session('u1'))).toBe(true);
  });

  it("a revoked session, another account's session or none does not", () => {
    expect(approverSatisfiesSecondFactor(account, session('u1', true))).toBe(false);
    expect(approverSatisfiesSecondFactor(account, session('u2'))).toBe(false);
    expect(approverSatisfiesSecondFactor(account, { status: 'none' })).toBe(false);
  });
});
