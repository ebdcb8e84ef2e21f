import { Inject, Injectable } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import {
  classifySecondFactorCode,
  type RegisteredAccount,
  type SecondFactor,
} from '@tangle/domain';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  TOTP_AUTHENTICATOR,
  type Clock,
  type IdentifierKeys,
  type TotpAuthenticator,
} from '../ports';
import { RateLimits } from '../limits/rate-limits';

/**
 * Checks a TOTP or backup code against an account, for the account decider to spend. Every
 * check is a try of the `totp` limit (per account and per address) reserved before the work;
 * a right code clears the account's count. The decider then refuses a time step already spent
 * or a used backup code, under the stream's expected revision, so a code counts once however
 * many requests carry it at the same time.
 */
@Injectable()
export class SecondFactors {
  constructor(
    @Inject(TOTP_AUTHENTICATOR) private readonly totp: TotpAuthenticator,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  /**
   * The factor a session link needs: null when the account has TOTP off (a code is then
   * ignored); MFA_REQUIRED when it is on and no code is given; INVALID_CODE for a wrong code.
   */
  async forSignIn(
    account: RegisteredAccount,
    code: string | null,
    clientIp: string | null,
  ): Promise<SecondFactor | null> {
    if (!account.twoFactor.active) return null;
    if (!code) throw new AuthError('MFA_REQUIRED');
    return this.check(account, code, clientIp);
  }

  /** A code for an account with TOTP on: the factor, or INVALID_CODE. */
  async check(
    account: RegisteredAccount,
    code: string,
    clientIp: string | null,
  ): Promise<SecondFactor> {
    const active = account.twoFactor.active;
    if (!active) throw new AuthError('INVALID_ARGUMENT', 'two-factor sign-in is off');
    await this.limits.enforce('totp', { address: clientIp, account: account.userId });
    const factor = this.read(account, code);
    const spent =
      factor?.kind === 'totp'
        ? factor.timeStep <= account.twoFactor.lastTimeStep
        : factor?.kind === 'backup-code' &&
          !account.twoFactor.unusedBackupCodes.includes(factor.codeHash);
    if (!factor || spent) throw new AuthError('INVALID_CODE');
    await this.limits.reset('totp', account.userId);
    return factor;
  }

  /** The time step of a code for the pending setup's secret, or INVALID_CODE. */
  async checkSetup(account: RegisteredAccount, code: string, clientIp: string | null) {
    await this.limits.enforce('totp', { address: clientIp, account: account.userId });
    const pending = account.twoFactor.pending;
    const now = this.clock.now();
    if (!pending || now >= pending.expiresAt) {
      throw new AuthError('INVALID_CODE', 'no setup is waiting for a code: start again');
    }
    const parsed = classifySecondFactorCode(code);
    const timeStep =
      parsed?.kind === 'totp' ? this.totp.verify(pending.sealedSecret, parsed.code, now) : null;
    if (timeStep === null) throw new AuthError('INVALID_CODE');
    await this.limits.reset('totp', account.userId);
    return { secretId: pending.secretId, timeStep };
  }

  /** The keyed hash a backup code is kept as. */
  backupCodeHash(userId: string, code: string): string {
    return this.keys.secretHash('backup-code', userId, code);
  }

  private read(account: RegisteredAccount, code: string): SecondFactor | null {
    const active = account.twoFactor.active!;
    const parsed = classifySecondFactorCode(code);
    if (parsed?.kind === 'totp') {
      const timeStep = this.totp.verify(active.sealedSecret, parsed.code, this.clock.now());
      return timeStep === null ? null : { kind: 'totp', secretId: active.secretId, timeStep };
    }
    if (parsed?.kind === 'backup-code') {
      return { kind: 'backup-code', codeHash: this.backupCodeHash(account.userId, parsed.code) };
    }
    return null;
  }
}
