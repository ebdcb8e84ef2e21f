import { Inject } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import type { Passkey } from '@tangle/domain';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  WEBAUTHN_VERIFIER,
  type Clock,
  type IdentifierKeys,
  type StoredCredential,
  type WebAuthnVerifier,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { AccountStream } from '../accounts/account-stream';
import { RateLimits } from '../limits/rate-limits';
import { SessionStarter } from '../sessions/session-starter';
import { answeredChallenge, PasskeyChallenges, respondingCredential } from './passkey-challenges';
import {
  FinishPasskeyRegistrationCommand,
  FinishPasskeySignInCommand,
  ListPasskeysQuery,
  RemovePasskeyCommand,
  RenamePasskeyCommand,
  StartPasskeyRegistrationCommand,
  StartPasskeySignInCommand,
  type PasskeyCeremonyOptions,
  type PasskeyView,
} from './passkey.commands';
import { CredentialReservations, PasskeysStream } from './passkeys-stream';

const DEFAULT_NAME = 'Passkey';
/** Every failed passkey sign-in answers this, whatever failed: nothing tells them apart. */
const NOT_RECOGNISED = 'passkey not recognised';

/** The account's user handle: an HMAC of its id, so the authenticator keeps no account id. */
export function userHandleOf(keys: IdentifierKeys, userId: string): string {
  return Buffer.from(keys.secretHash('passkey-user-handle', userId, ''), 'hex').toString(
    'base64url',
  );
}

function stored(passkey: Passkey): StoredCredential {
  const { credentialId, publicKey, signCount, transports } = passkey;
  return { credentialId, publicKey, signCount, transports };
}

function viewOf(passkey: Passkey): PasskeyView {
  return {
    id: passkey.credentialId,
    name: passkey.name,
    createdAt: passkey.registeredAt,
    lastUsedAt: passkey.lastUsedAt,
    deviceType: passkey.deviceType,
    backedUp: passkey.backedUp,
    transports: passkey.transports,
  };
}

function actor(context: RequestContext, userId: string): RequestContext {
  return { ...context, actorUserId: userId };
}

/** Creation options bound to the signed-in account; its passkeys are excluded. */
@CommandHandler(StartPasskeyRegistrationCommand)
export class StartPasskeyRegistrationHandler implements ICommandHandler<
  StartPasskeyRegistrationCommand,
  PasskeyCeremonyOptions
> {
  constructor(
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(WEBAUTHN_VERIFIER) private readonly webauthn: WebAuthnVerifier,
    private readonly challenges: PasskeyChallenges,
    private readonly accounts: AccountStream,
    private readonly passkeys: PasskeysStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: StartPasskeyRegistrationCommand): Promise<PasskeyCeremonyOptions> {
    const { userId } = command;
    await this.limits.enforce('passkey-register', {
      address: command.context.clientIp,
      account: userId,
    });
    const account = await this.accounts.state(userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const { state } = await this.passkeys.read(userId);
    const { challenge, expiresAt } = this.challenges.issue('register', userId);
    const options = await this.webauthn.registrationOptions({
      challenge,
      userHandle: userHandleOf(this.keys, userId),
      userName: account.email ?? account.username ?? account.name,
      userDisplayName: account.name,
      exclude: state.passkeys.map(stored),
    });
    return { options, expiresAt };
  }
}

/**
 * Verifies the new credential (attestation, origin, RP id, our challenge for this account,
 * user verification), reserves its id, then records it on the account's passkeys stream,
 * which spends the challenge.
 */
@CommandHandler(FinishPasskeyRegistrationCommand)
export class FinishPasskeyRegistrationHandler implements ICommandHandler<
  FinishPasskeyRegistrationCommand,
  PasskeyView
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBAUTHN_VERIFIER) private readonly webauthn: WebAuthnVerifier,
    private readonly challenges: PasskeyChallenges,
    private readonly accounts: AccountStream,
    private readonly passkeys: PasskeysStream,
    private readonly credentials: CredentialReservations,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: FinishPasskeyRegistrationCommand): Promise<PasskeyView> {
    const { userId } = command;
    await this.limits.enforce('passkey-register', {
      address: command.context.clientIp,
      account: userId,
    });
    const challengeText = answeredChallenge(command.response);
    const challenge = this.challenges.open(challengeText, 'register', userId);
    const credential = await this.webauthn.verifyRegistration(command.response, challengeText);
    if (!credential) {
      throw new AuthError('INVALID_ARGUMENT', 'the passkey registration could not be verified');
    }
    const account = await this.accounts.state(userId);
    if (account.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
    const now = this.clock.now();
    const metadata = metadataFor(actor(command.context, userId), now);
    await this.credentials.reserve(credential.credentialId, userId, metadata).catch((error) => {
      if (error instanceof AuthError && error.errorName === 'INVALID_ARGUMENT') {
        throw new AuthError('INVALID_ARGUMENT', 'this passkey is registered to another account');
      }
      throw error;
    });
    const { state } = await this.passkeys.decide(
      userId,
      {
        kind: 'register',
        userId,
        credential,
        name: command.name?.trim() ? command.name : DEFAULT_NAME,
        challenge,
        at: now,
      },
      metadata,
    );
    return viewOf(state.passkeys.find((p) => p.credentialId === credential.credentialId)!);
  }
}

/** The account's passkeys, newest last, from its stream (every write of this process in it). */
@QueryHandler(ListPasskeysQuery)
export class ListPasskeysHandler implements IQueryHandler<ListPasskeysQuery, PasskeyView[]> {
  constructor(private readonly passkeys: PasskeysStream) {}

  async execute(query: ListPasskeysQuery): Promise<PasskeyView[]> {
    return (await this.passkeys.read(query.userId)).state.passkeys.map(viewOf);
  }
}

@CommandHandler(RenamePasskeyCommand)
export class RenamePasskeyHandler implements ICommandHandler<RenamePasskeyCommand, PasskeyView> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly passkeys: PasskeysStream,
  ) {}

  async execute(command: RenamePasskeyCommand): Promise<PasskeyView> {
    const { userId, credentialId } = command;
    const now = this.clock.now();
    const { state } = await this.passkeys.decide(
      userId,
      { kind: 'rename', userId, credentialId, name: command.name, at: now },
      metadataFor(actor(command.context, userId), now),
    );
    return viewOf(state.passkeys.find((p) => p.credentialId === credentialId)!);
  }
}

/** Removes one of the caller's own passkeys (another account's is NOT_FOUND), then frees its id. */
@CommandHandler(RemovePasskeyCommand)
export class RemovePasskeyHandler implements ICommandHandler<RemovePasskeyCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly passkeys: PasskeysStream,
    private readonly credentials: CredentialReservations,
  ) {}

  async execute(command: RemovePasskeyCommand): Promise<void> {
    const { userId, credentialId } = command;
    const now = this.clock.now();
    const metadata = metadataFor(actor(command.context, userId), now);
    await this.passkeys.decide(userId, { kind: 'remove', userId, credentialId, at: now }, metadata);
    await this.credentials.release(credentialId, userId, metadata);
  }
}

/** Request options with no credential listed: the authenticator offers its discoverable ones. */
@CommandHandler(StartPasskeySignInCommand)
export class StartPasskeySignInHandler implements ICommandHandler<
  StartPasskeySignInCommand,
  PasskeyCeremonyOptions
> {
  constructor(
    @Inject(WEBAUTHN_VERIFIER) private readonly webauthn: WebAuthnVerifier,
    private readonly challenges: PasskeyChallenges,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: StartPasskeySignInCommand): Promise<PasskeyCeremonyOptions> {
    await this.limits.enforce('passkey-options', { address: command.context.clientIp });
    const { challenge, expiresAt } = this.challenges.issue('authenticate', null);
    return { options: await this.webauthn.authenticationOptions(challenge), expiresAt };
  }
}

/**
 * A passkey sign-in: the credential leads to its account (the reservation), the assertion is
 * verified against the stored key (origin, RP id, our unexpired challenge, user verification),
 * then the account's passkeys stream spends the challenge and checks the counter under its
 * expected revision (of parallel answers to one challenge, one counts) before the session
 * starts. A passkey with user verification is two factors in one: the session carries it as
 * its second factor.
 */
@CommandHandler(FinishPasskeySignInCommand)
export class FinishPasskeySignInHandler implements ICommandHandler<
  FinishPasskeySignInCommand,
  AuthorizationResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(WEBAUTHN_VERIFIER) private readonly webauthn: WebAuthnVerifier,
    private readonly challenges: PasskeyChallenges,
    private readonly accounts: AccountStream,
    private readonly passkeys: PasskeysStream,
    private readonly credentials: CredentialReservations,
    private readonly sessions: SessionStarter,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: FinishPasskeySignInCommand): Promise<AuthorizationResult> {
    await this.limits.enforce('passkey-sign-in', { address: command.context.clientIp });
    const challengeText = answeredChallenge(command.response);
    const challenge = this.challenges.open(challengeText, 'authenticate', null);
    const credentialId = respondingCredential(command.response);
    const userId = await this.credentials.holder(credentialId);
    if (userId === null) throw new AuthError('INVALID_CREDENTIALS', NOT_RECOGNISED);
    const userHandle = (command.response as { response?: { userHandle?: unknown } }).response
      ?.userHandle;
    if (userHandle !== undefined && userHandle !== userHandleOf(this.keys, userId)) {
      throw new AuthError('INVALID_CREDENTIALS', NOT_RECOGNISED);
    }
    const known = await this.passkeys.read(userId);
    const passkey = known.state.passkeys.find((p) => p.credentialId === credentialId);
    if (!passkey) throw new AuthError('INVALID_CREDENTIALS', NOT_RECOGNISED);
    const verified = await this.webauthn.verifyAuthentication(
      command.response,
      challengeText,
      stored(passkey),
    );
    if (!verified) throw new AuthError('INVALID_CREDENTIALS', NOT_RECOGNISED);
    const account = await this.accounts.state(userId);
    if (account.status !== 'registered') throw new AuthError('INVALID_CREDENTIALS', NOT_RECOGNISED);
    const now = this.clock.now();
    await this.passkeys.decide(
      userId,
      {
        kind: 'use',
        userId,
        credentialId,
        signCount: verified.signCount,
        backedUp: verified.backedUp,
        challenge,
        at: now,
      },
      metadataFor(actor(command.context, userId), now),
      known,
    );
    // User verification is required in the ceremony: the passkey is the account's second factor.
    const session = await this.sessions.start(userId, 'passkey', command.device, command.context, {
      grant: command.grant,
      secondFactor: { kind: 'passkey', credentialId },
    });
    return {
      token: session.token,
      access: session.access,
      user: { userId, name: account.name },
      sessionId: session.sessionId,
      position: session.position,
    };
  }
}
