import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Streams } from '@tangle/contracts';
import { parseEmailAddress, parseUsername, usernameReservationDecider } from '@tangle/domain';
import {
  CLOCK,
  EVENT_STORE,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  type Clock,
  type EventStore,
  type IdentifierKeys,
  type IdGenerator,
} from '../ports';
import { AccountRegistration } from '../accounts/account-registration';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { assertValid } from '../shared/validate';
import { RegisterCommand } from './register.command';

/** Username (unique, any case), then what every sign-up does: a passwordless account and its first session. */
@CommandHandler(RegisterCommand)
export class RegisterHandler implements ICommandHandler<RegisterCommand, AuthorizationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly registration: AccountRegistration,
  ) {}

  async execute(command: RegisterCommand): Promise<AuthorizationResult> {
    assertValid(command);
    const username = parseUsername(command.username);
    const email = command.email === null ? null : parseEmailAddress(command.email);
    const userId = this.ids.nextId();
    const metadata = metadataFor({ ...command.context, actorUserId: userId }, this.clock.now());
    await decideAndAppend(
      this.store,
      Streams.username(this.keys.usernameKey(username.normalized)),
      usernameReservationDecider,
      () => ({
        kind: 'reserve' as const,
        userId,
        username: username.value,
        at: metadata.serverTime,
      }),
      metadata,
    );
    return this.registration.register({
      userId,
      name: username.value,
      username: username.value,
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
