import {
  AccountRegistered,
  AccountSessionLinked,
  SecondFactorUsed,
  TotpDisabled,
  TotpEnabled,
  TotpSetupStarted,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';
import { classifySecondFactorCode, TOTP_SETUP_TTL_MS } from './two-factor';

const registered: AccountEvent = {
  type: AccountRegistered,
  data: {
    userId: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    passwordHash: '$h',
    registeredAt: 1,
  },
};
const setupStarted: AccountEvent = {
  type: TotpSetupStarted,
  data: {
    userId: 'u1',
    secretId: 'sec1',
    sealedSecret: 'v1.sealed',
    startedAt: 10,
    expiresAt: 10 + TOTP_SETUP_TTL_MS,
  },
};
const enabled: AccountEvent = {
  type: TotpEnabled,
  data: {
    userId: 'u1',
    secretId: 'sec1',
    sealedSecret: 'v1.sealed',
    timeStep: 100,
    backupCodeHashes: ['b1', 'b2'],
    enabledAt: 20,
  },
};
const withTotp = [registered, setupStarted, enabled];

const link = (sessionId: string, secondFactor: import('./two-factor').SecondFactor | null) => ({
  kind: 'link-session' as const,
  sessionId,
  verifiedPasswordHash: '$h',
  secondFactor,
  at: 50,
});
const linked = (sessionId: string): AccountEvent => ({
  type: AccountSessionLinked,
  data: { userId: 'u1', sessionId, at: 50 },
});

describe('account decider: two-factor sign-in', () => {
  it('given a registered account, when a setup starts, then the sealed secret is recorded, TOTP still off', () => {
    const state = given(accountDecider, [registered])
      .when({ kind: 'start-totp-setup', secretId: 'sec1', sealedSecret: 'v1.sealed', at: 10 })
      .then([setupStarted]);
    expect(state).toMatchObject({
      totpEnabled: false,
      twoFactor: { pending: { secretId: 'sec1' } },
    });
  });

  it('given a pending setup, when its code is confirmed, then account.totp-enabled with the backup hashes', () => {
    const state = given(accountDecider, [registered, setupStarted])
      .when({
        kind: 'enable-totp',
        secretId: 'sec1',
        timeStep: 100,
        backupCodeHashes: ['b1', 'b2'],
        at: 20,
      })
      .then([enabled]);
    expect(state).toMatchObject({
      totpEnabled: true,
      twoFactor: {
        active: { secretId: 'sec1' },
        pending: null,
        lastTimeStep: 100,
        unusedBackupCodes: ['b1', 'b2'],
      },
    });
  });

  it('given a newer setup, when the older secret is confirmed, then INVALID_CODE', () => {
    const newer: AccountEvent = {
      type: TotpSetupStarted,
      data: { ...setupStarted.data, secretId: 'sec2' } as typeof setupStarted.data,
    };
    given(accountDecider, [registered, setupStarted, newer])
      .when({ kind: 'enable-totp', secretId: 'sec1', timeStep: 100, backupCodeHashes: [], at: 20 })
      .thenFails('INVALID_CODE');
  });

  it('given an expired setup, when it is confirmed, then INVALID_CODE', () => {
    given(accountDecider, [registered, setupStarted])
      .when({
        kind: 'enable-totp',
        secretId: 'sec1',
        timeStep: 100,
        backupCodeHashes: [],
        at: 10 + TOTP_SETUP_TTL_MS,
      })
      .thenFails('INVALID_CODE');
  });

  it('given no setup, when TOTP is enabled, then INVALID_CODE', () => {
    given(accountDecider, [registered])
      .when({ kind: 'enable-totp', secretId: 'sec1', timeStep: 1, backupCodeHashes: [], at: 20 })
      .thenFails('INVALID_CODE');
  });

  it('given TOTP on, when a setup starts or is confirmed again, then INVALID_ARGUMENT', () => {
    given(accountDecider, withTotp)
      .when({ kind: 'start-totp-setup', secretId: 'sec9', sealedSecret: 'x', at: 30 })
      .thenFails('INVALID_ARGUMENT', /already on/);
    given(accountDecider, withTotp)
      .when({ kind: 'enable-totp', secretId: 'sec1', timeStep: 101, backupCodeHashes: [], at: 30 })
      .thenFails('INVALID_ARGUMENT');
  });

  it('given TOTP off, when a session links without a factor, then only account.session-linked', () => {
    given(accountDecider, [registered, setupStarted])
      .when(link('s1', null))
      .then([linked('s1')]);
  });

  it('given TOTP on, when a session links without a factor, then MFA_REQUIRED (whatever opened it)', () => {
    given(accountDecider, withTotp).when(link('s1', null)).thenFails('MFA_REQUIRED');
    given(accountDecider, withTotp)
      .when({ ...link('s1', null), verifiedPasswordHash: null })
      .thenFails('MFA_REQUIRED');
  });

  it('given TOTP on, when a session links with a later time step, then the step is spent before the link', () => {
    const state = given(accountDecider, withTotp)
      .when(link('s1', { kind: 'totp', secretId: 'sec1', timeStep: 101 }))
      .then([
        {
          type: SecondFactorUsed,
          data: { userId: 'u1', sessionId: 's1', at: 50, factor: 'totp', timeStep: 101 },
        },
        linked('s1'),
      ]);
    expect(state).toMatchObject({ twoFactor: { lastTimeStep: 101 } });
  });

  it('given a spent time step, when it (or an earlier one) is given again, then INVALID_CODE', () => {
    const used: AccountEvent = {
      type: SecondFactorUsed,
      data: { userId: 'u1', sessionId: 's1', at: 50, factor: 'totp', timeStep: 101 },
    };
    const history = [...withTotp, used, linked('s1')];
    given(accountDecider, history)
      .when(link('s2', { kind: 'totp', secretId: 'sec1', timeStep: 101 }))
      .thenFails('INVALID_CODE', /already used/);
    given(accountDecider, history)
      .when(link('s2', { kind: 'totp', secretId: 'sec1', timeStep: 100 }))
      .thenFails('INVALID_CODE');
    // The enabling code's step is spent too.
    given(accountDecider, withTotp)
      .when(link('s2', { kind: 'totp', secretId: 'sec1', timeStep: 100 }))
      .thenFails('INVALID_CODE');
  });

  it('given TOTP on, when a code checked against another secret is given, then INVALID_CODE', () => {
    given(accountDecider, withTotp)
      .when(link('s1', { kind: 'totp', secretId: 'old', timeStep: 500 }))
      .thenFails('INVALID_CODE', /another secret/);
  });

  it('given an unused backup code, when it links a session, then it is spent, once', () => {
    const state = given(accountDecider, withTotp)
      .when(link('s1', { kind: 'backup-code', codeHash: 'b2' }))
      .then([
        {
          type: SecondFactorUsed,
          data: { userId: 'u1', sessionId: 's1', at: 50, factor: 'backup-code', codeHash: 'b2' },
        },
        linked('s1'),
      ]);
    expect(state).toMatchObject({ twoFactor: { unusedBackupCodes: ['b1'] } });
    const used: AccountEvent = {
      type: SecondFactorUsed,
      data: { userId: 'u1', sessionId: 's1', at: 50, factor: 'backup-code', codeHash: 'b2' },
    };
    given(accountDecider, [...withTotp, used, linked('s1')])
      .when(link('s2', { kind: 'backup-code', codeHash: 'b2' }))
      .thenFails('INVALID_CODE');
    given(accountDecider, withTotp)
      .when(link('s2', { kind: 'backup-code', codeHash: 'unknown' }))
      .thenFails('INVALID_CODE');
  });

  it('given TOTP on, when a QR approval by a session links one, then the link and nothing spent', () => {
    given(accountDecider, withTotp)
      .when(link('s5', { kind: 'approved-by-session', sessionId: 's1' }))
      .then([linked('s5')]);
    // An approval is no code: it cannot turn TOTP off.
    given(accountDecider, withTotp)
      .when({
        kind: 'disable-totp',
        factor: { kind: 'approved-by-session', sessionId: 's1' },
        at: 60,
      })
      .thenFails('INVALID_CODE');
  });

  it('given TOTP on, when a user-verified passkey links a session, then the link and nothing spent; a passkey cannot turn TOTP off', () => {
    given(accountDecider, withTotp)
      .when(link('s6', { kind: 'passkey', credentialId: 'cred-1' }))
      .then([linked('s6')]);
    given(accountDecider, withTotp)
      .when({ kind: 'disable-totp', factor: { kind: 'passkey', credentialId: 'cred-1' }, at: 60 })
      .thenFails('INVALID_CODE');
  });

  it('given a session already linked, when the link is retried, then nothing (no factor spent twice)', () => {
    const used: AccountEvent = {
      type: SecondFactorUsed,
      data: { userId: 'u1', sessionId: 's1', at: 50, factor: 'totp', timeStep: 101 },
    };
    given(accountDecider, [...withTotp, used, linked('s1')])
      .when(link('s1', { kind: 'totp', secretId: 'sec1', timeStep: 101 }))
      .then([]);
  });

  it('given TOTP on, when it is turned off with a valid factor, then account.totp-disabled and links need none', () => {
    const state = given(accountDecider, withTotp)
      .when({ kind: 'disable-totp', factor: { kind: 'backup-code', codeHash: 'b1' }, at: 60 })
      .then([
        {
          type: TotpDisabled,
          data: { userId: 'u1', disabledAt: 60, factor: 'backup-code', codeHash: 'b1' },
        },
      ]);
    expect(state).toMatchObject({ totpEnabled: false, twoFactor: { active: null } });
    const disabled: AccountEvent = {
      type: TotpDisabled,
      data: { userId: 'u1', disabledAt: 60, factor: 'totp', timeStep: 102 },
    };
    given(accountDecider, [...withTotp, disabled])
      .when(link('s3', null))
      .then([linked('s3')]);
  });

  it('given TOTP on, when it is turned off with a spent code, then INVALID_CODE', () => {
    given(accountDecider, withTotp)
      .when({
        kind: 'disable-totp',
        factor: { kind: 'totp', secretId: 'sec1', timeStep: 100 },
        at: 60,
      })
      .thenFails('INVALID_CODE');
  });

  it('given TOTP off, when it is turned off, then nothing', () => {
    given(accountDecider, [registered])
      .when({ kind: 'disable-totp', factor: { kind: 'backup-code', codeHash: 'b1' }, at: 60 })
      .then([]);
  });

  it('given TOTP turned off and on again, when the new secret is confirmed in the same step, then it works', () => {
    const disabled: AccountEvent = {
      type: TotpDisabled,
      data: { userId: 'u1', disabledAt: 60, factor: 'totp', timeStep: 101 },
    };
    const again: AccountEvent = {
      type: TotpSetupStarted,
      data: {
        ...setupStarted.data,
        secretId: 'sec2',
        startedAt: 61,
        expiresAt: 61 + TOTP_SETUP_TTL_MS,
      },
    } as AccountEvent;
    const state = given(accountDecider, [...withTotp, disabled, again])
      .when({
        kind: 'enable-totp',
        secretId: 'sec2',
        timeStep: 101,
        backupCodeHashes: ['c1'],
        at: 62,
      })
      .then([
        {
          type: TotpEnabled,
          data: {
            userId: 'u1',
            secretId: 'sec2',
            sealedSecret: 'v1.sealed',
            timeStep: 101,
            backupCodeHashes: ['c1'],
            enabledAt: 62,
          },
        },
      ]);
    expect(state).toMatchObject({ twoFactor: { unusedBackupCodes: ['c1'], lastTimeStep: 101 } });
  });
});

describe('second-factor codes', () => {
  it('reads six digits as TOTP and ten backup characters (any case, dashes, spaces) as a backup code', () => {
    expect(classifySecondFactorCode(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
    expect(classifySecondFactorCode('abcde-fghjk')).toEqual({
      kind: 'backup-code',
      code: 'ABCDEFGHJK',
    });
    expect(classifySecondFactorCode('ABCDE-FGHJ1')).toBeNull(); // 1 is not in the alphabet
    expect(classifySecondFactorCode('12345')).toBeNull();
    expect(classifySecondFactorCode('')).toBeNull();
  });
});
