import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuthError, PasswordChanged, PasswordSetupFailed } from '@tangle/contracts';
import {
  activeSessionsOf,
  normalizePassword,
  type AccountCommand,
  type RegisteredAccount,
} from '@tangle/domain';
import { AccountStream } from '../accounts/account-stream';
import { OneTimeCodes } from '../accounts/one-time-codes';
import { PasswordScreening } from '../accounts/password-screening';
import { RateLimits } from '../limits/rate-limits';
import { CLOCK, PASSWORD_HASHER, type Clock, type PasswordHasher } from '../ports';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountSessionsRevoker } from './account-sessions-revoker';
import { ChangePasswordCommand } from './change-password.command';

/** What a passwordless account hears when it asks without a code: a code is on its way. */
export const PASSWORD_SETUP_CODE_SENT =
  'the account has no password yet: a code was mailed to its address; send it as current_password with new_password';

/**
 * settings.changePassword, for the signed-in owner. With a password: the current one is
 * checked (argon2id, rate limited per account and per address), the new one must pass the
 * policy, and the hash is set under the expected revision (a change made meanwhile refuses
 * this one). A passwordless account sets its first password with a code mailed to its
 * address (decision 21): without `current_password` the code is mailed and the answer is
 * INVALID_CODE with PASSWORD_SETUP_CODE_SENT; with the code as `current_password` the
 * password is set. `revoke_sessions` ends every other session of the account. The relay mails
 * the security notice (account.password-changed).
 */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly accounts: AccountStream,
    private readonly codes: OneTimeCodes,
    private readonly limits: RateLimits,
    private readonly passwords: PasswordScreening,
    private readonly revoker: AccountSessionsRevoker,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    assertValid(command);
    const { userId } = command;
    // Before any argon2 work: parallel guesses cannot pass the limit.
    await this.limits.enforce('change-password', {
      address: command.context.clientIp,
      account: userId,
    });
    const account = await this.accounts.state(userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const newPassword = normalizePassword(command.newPassword);
    const sessionIds =
      account.passwordHash === null
        ? await this.setFirst(command, account, newPassword)
        : await this.change(command, account, account.passwordHash, newPassword);
    if (command.revokeSessions) {
      await this.revoker.revoke(userId, sessionIds, command.sessionId, command.context);
    }
  }

  private async change(
    command: ChangePasswordCommand,
    account: RegisteredAccount,
    currentHash: string,
    newPassword: string,
  ): Promise<string[]> {
    await this.passwords.assertAcceptable(newPassword);
    if (!(await this.hasher.verify(currentHash, normalizePassword(command.currentPassword)))) {
      throw new AuthError('INVALID_CREDENTIALS', 'current_password is wrong');
    }
    await this.passwords.assertNotPwned(newPassword);
    const passwordHash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    const decision = await this.accounts.decide(
      account.userId,
      { kind: 'change-password', verifiedPasswordHash: currentHash, passwordHash, at: now },
      metadataFor(command.context, now),
    );
    return activeSessionsOf(decision.state, now);
  }

  private async setFirst(
    command: ChangePasswordCommand,
    account: RegisteredAccount,
    newPassword: string,
  ): Promise<string[]> {
    const { userId } = account;
    const code = command.currentPassword.trim();
    const now = this.clock.now();
    const metadata = metadataFor(command.context, now);
    if (code === '') {
      // A weak password is refused before a code is mailed for it.
      if (newPassword !== '') await this.passwords.assertAcceptable(newPassword);
      await this.accounts.decide(
        userId,
        () => ({
          kind: 'request-password-setup',
          ...this.codes.issue('password-setup', userId),
          locale: command.locale,
          at: now,
          cooldownMs: this.codes.cooldownMs,
        }),
        metadata,
      );
      throw new AuthError('INVALID_CODE', PASSWORD_SETUP_CODE_SENT);
    }
    await this.passwords.assertAcceptable(newPassword);
    await this.passwords.assertNotPwned(newPassword);
    const codeHash = this.codes.hash('password-setup', userId, code);
    const confirm = (passwordHash: string): AccountCommand => ({
      kind: 'confirm-password-setup',
      codeHash,
      passwordHash,
      at: now,
    });
    let passwordHash: string | null = null;
    const decision = await this.accounts.decide(
      userId,
      async (state) => {
        // Hash only when the code is right on this state: a wrong guess costs no argon2 work.
        const accepted = this.accounts
          .outcome(state, confirm(''))
          .some((event) => event.type === PasswordChanged);
        if (accepted && passwordHash === null) passwordHash = await this.hasher.hash(newPassword);
        return confirm(accepted ? passwordHash! : '');
      },
      metadata,
    );
    if (decision.events.some((event) => event.type === PasswordSetupFailed)) {
      throw new AuthError('INVALID_CODE');
    }
    return activeSessionsOf(decision.state, now);
  }
}
