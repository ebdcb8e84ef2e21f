import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  composeDisplayName,
  hasProfile,
  normalizeAccountProfile,
  normalizeDisplayName,
  normalizePassword,
  parseEmailAddress,
  type AccountProfile,
  type AccountProfileInput,
} from '@tangle/domain';
import {
  CLOCK,
  ID_GENERATOR,
  PASSWORD_HASHER,
  PHONE_NUMBER_PARSER,
  type Clock,
  type IdGenerator,
  type PasswordHasher,
  type PhoneNumberParser,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { RateLimits } from '../limits/rate-limits';
import { AccountRegistration } from './account-registration';
import { PasswordScreening } from './password-screening';
import { SignUpCommand } from './sign-up.command';

@CommandHandler(SignUpCommand)
export class SignUpHandler implements ICommandHandler<SignUpCommand, AuthorizationResult> {
  constructor(
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PHONE_NUMBER_PARSER) private readonly phones: PhoneNumberParser,
    private readonly registration: AccountRegistration,
    private readonly limits: RateLimits,
    private readonly passwords: PasswordScreening,
  ) {}

  async execute(command: SignUpCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const profile = this.profileOf(command);
    const name =
      command.name !== null
        ? normalizeDisplayName(command.name)
        : composeDisplayName(profile?.firstName ?? null, profile?.lastName ?? null);
    const email = command.email === null ? null : parseEmailAddress(command.email);
    const password = command.password === null ? null : normalizePassword(command.password);
    if (password !== null) await this.passwords.assertAcceptable(password);
    await this.limits.enforce('sign-up', { address: command.context.clientIp });
    if (password !== null) await this.passwords.assertNotPwned(password);

    const userId = this.ids.nextId();
    // Hash before reserving: the reservation then waits on no slow step, which
    // keeps the window in which a crash could leave it without an account short.
    const passwordHash = password === null ? null : await this.hasher.hash(password);
    return this.registration.register({
      userId,
      name,
      email,
      passwordHash,
      ...(profile ? { profile } : {}),
      method: 'sign-up',
      grant: command.grant,
      device: command.device,
      locale: command.locale,
      context: command.context,
      metadata: metadataFor({ ...command.context, actorUserId: userId }, this.clock.now()),
    });
  }

  /** The profile checked by the domain's rules, the phone in E.164; null when none was sent. */
  private profileOf(command: SignUpCommand): AccountProfile | null {
    const input: AccountProfileInput = {
      firstName: command.firstName,
      lastName: command.lastName,
      phone: command.phone,
      accountType: command.accountType,
      referralCode: command.referralCode,
    };
    if (!hasProfile(input)) return null;
    // The cheap checks first; the decider checks the phone's E.164 form again.
    const checked = normalizeAccountProfile({ ...input, phone: null });
    const phone = command.phone?.trim() ? this.phones.toE164(command.phone) : null;
    return { ...checked, phone };
  }
}
