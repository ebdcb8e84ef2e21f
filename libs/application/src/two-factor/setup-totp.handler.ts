import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_COUNT,
  BACKUP_CODE_LENGTH,
  formatBackupCode,
  type RegisteredAccount,
} from '@tangle/domain';
import {
  CLOCK,
  SECRET_GENERATOR,
  TOTP_AUTHENTICATOR,
  type Clock,
  type SecretGenerator,
  type TotpAuthenticator,
} from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountStream } from '../accounts/account-stream';
import { RateLimits } from '../limits/rate-limits';
import { SecondFactors } from './second-factors';
import { SetupTotpCommand, type TotpSetupResult } from './setup-totp.command';

/**
 * settings.setupTotp for the signed-in account:
 * - `enabled: true` without a code: a fresh secret, sealed in `account.totp-setup-started`;
 *   the answer carries its otpauth:// URL (issuer PRODUCT_NAME, the account's email or name).
 * - `enabled: true` with a code valid for the pending secret: TOTP on, ten backup codes
 *   answered once (the event keeps their keyed hashes).
 * - `enabled: false` with a valid TOTP or unused backup code: TOTP off (the code is spent).
 * Every call is a try of the account's `totp` limit; a right code clears it.
 */
@CommandHandler(SetupTotpCommand)
export class SetupTotpHandler implements ICommandHandler<SetupTotpCommand, TotpSetupResult> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOTP_AUTHENTICATOR) private readonly totp: TotpAuthenticator,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    private readonly accounts: AccountStream,
    private readonly factors: SecondFactors,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: SetupTotpCommand): Promise<TotpSetupResult> {
    assertValid(command);
    const account = await this.accounts.state(command.userId);
    if (account.status !== 'registered') throw new AuthError('UNAUTHORIZED');
    if (!command.enabled) return this.disable(account, command);
    if (account.totpEnabled) {
      throw new AuthError(
        'INVALID_ARGUMENT',
        'two-factor sign-in is already on: turn it off with a code first',
      );
    }
    return command.code
      ? this.enable(account, command.code, command)
      : this.start(account, command);
  }

  private async start(account: RegisteredAccount, command: SetupTotpCommand) {
    // Starting counts as a try too: a setup cannot be restarted to probe codes without limit.
    await this.limits.enforce('totp', {
      address: command.context.clientIp,
      account: account.userId,
    });
    const { sealedSecret, url } = this.totp.newSecret(
      account.email ?? account.username ?? account.name,
    );
    const now = this.clock.now();
    await this.accounts.decide(
      account.userId,
      { kind: 'start-totp-setup', secretId: this.secrets.uuid(), sealedSecret, at: now },
      this.metadata(command, now),
    );
    return { enabled: false, url };
  }

  private async enable(account: RegisteredAccount, code: string, command: SetupTotpCommand) {
    const { secretId, timeStep } = await this.factors.checkSetup(
      account,
      code,
      command.context.clientIp,
    );
    const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, () =>
      this.secrets.fromAlphabet(BACKUP_CODE_ALPHABET, BACKUP_CODE_LENGTH),
    );
    const now = this.clock.now();
    await this.accounts.decide(
      account.userId,
      {
        kind: 'enable-totp',
        secretId,
        timeStep,
        backupCodeHashes: backupCodes.map((raw) =>
          this.factors.backupCodeHash(account.userId, raw),
        ),
        at: now,
      },
      this.metadata(command, now),
    );
    return { enabled: true, backupCodes: backupCodes.map(formatBackupCode) };
  }

  private async disable(account: RegisteredAccount, command: SetupTotpCommand) {
    if (!account.totpEnabled) return { enabled: false };
    if (!command.code) {
      throw new AuthError('MFA_REQUIRED', 'a TOTP or backup code turns two-factor sign-in off');
    }
    const factor = await this.factors.check(account, command.code, command.context.clientIp);
    const now = this.clock.now();
    await this.accounts.decide(
      account.userId,
      { kind: 'disable-totp', factor, at: now },
      this.metadata(command, now),
    );
    return { enabled: false };
  }

  private metadata(command: SetupTotpCommand, now: number) {
    return metadataFor({ ...command.context, actorUserId: command.userId }, now);
  }
}
