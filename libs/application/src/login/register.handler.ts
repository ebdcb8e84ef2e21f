import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parseEmailAddress, parseUsername } from '@tangle/domain';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../ports';
import { AccountRegistration } from '../accounts/account-registration';
import { RateLimits } from '../limits/rate-limits';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { RegisterCommand } from './register.command';

/** Username (unique, any case), then what every sign-up does: a passwordless account and its first session. */
@CommandHandler(RegisterCommand)
export class RegisterHandler implements ICommandHandler<RegisterCommand, AuthorizationResult> {
  constructor(
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registration: AccountRegistration,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: RegisterCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const username = parseUsername(command.username);
    const email = command.email === null ? null : parseEmailAddress(command.email);
    await this.limits.enforce('registration', { address: command.context.clientIp });
    const userId = this.ids.nextId();
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, this.clock.now());
    return this.registration.register({
      userId,
      name: username.value,
      username,
      email,
      passwordHash: null,
      method: 'registration',
      device: command.device,
      locale: command.locale,
      context: command.context,
      metadata,
    });
  }
}
