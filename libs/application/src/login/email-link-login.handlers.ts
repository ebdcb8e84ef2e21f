import { performance } from 'node:perf_hooks';
import { Inject, Optional } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import {
  CODE_COOLDOWN_MS,
  currentLoginLink,
  formatMatchCode,
  LOGIN_LINK_TTL_MS,
  MATCH_CODE_ALPHABET,
  MATCH_CODE_LENGTH,
  parseEmailAddress,
  parseUsername,
  type EmailLinkLoginState,
} from '@tangle/domain';
import {
  CLOCK,
  GEO_LOCATOR,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  SECRET_SEALER,
  type Clock,
  type GeoLocator,
  type IdentifierKeys,
  type IdGenerator,
  type SecretGenerator,
  type SecretSealer,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountStream } from '../accounts/account-stream';
import { Reservations } from '../accounts/reservations';
import { SessionStarter } from '../sessions/session-starter';
import { RateLimits } from '../limits/rate-limits';
import { SecondFactors } from '../two-factor/second-factors';
import { LoginStream } from './login-stream';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  DescribeEmailLinkQuery,
  StartEmailLinkLoginCommand,
  type EmailLinkDescription,
  type EmailLinkLoginStarted,
} from './email-link-login.commands';

/** The start answers no sooner than this, account or not: its timing tells nothing. */
export const LOGIN_START_FLOOR_MS = Symbol('LoginStartFloorMs');
const DEFAULT_FLOOR_MS = 250;
/** The wait between two login links for one account; the code cooldown otherwise. */
export const LOGIN_LINK_COOLDOWN_MS = Symbol('LoginLinkCooldownMs');
const LINK_TOKEN_BYTES = 32;
export const NOT_YET_AUTHORIZED = 'The auth id is invalid, expired, or not yet authorized';

/**
 * Starts an email-link login: when the username's account has this email and
 * may have a new link now (one per cooldown; the newest supersedes the others),
 * a link is mailed (through the relay). Either way the answer is a fresh auth
 * id, an expiry and a match code, in the same time.
 */
@CommandHandler(StartEmailLinkLoginCommand)
export class StartEmailLinkLoginHandler implements ICommandHandler<
  StartEmailLinkLoginCommand,
  EmailLinkLoginStarted
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    private readonly reservations: Reservations,
    private readonly accounts: AccountStream,
    private readonly logins: LoginStream,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    private readonly limits: RateLimits,
    @Optional() @Inject(LOGIN_START_FLOOR_MS) private readonly floorMs: number = DEFAULT_FLOOR_MS,
    @Optional()
    @Inject(LOGIN_LINK_COOLDOWN_MS)
    private readonly cooldownMs: number = CODE_COOLDOWN_MS,
  ) {}

  async execute(command: StartEmailLinkLoginCommand): Promise<EmailLinkLoginStarted> {
    assertValid(command);
    const started = performance.now();
    const username = parseUsername(command.username);
    const email = parseEmailAddress(command.email);
    const authId = this.secrets.uuid();
    const matchCode = formatMatchCode(
      this.secrets.fromAlphabet(MATCH_CODE_ALPHABET, MATCH_CODE_LENGTH),
    );
    const now = this.clock.now();
    const userId = await this.reservations.holderOfUsername(username);
    // Unknown usernames count like accounts (by their keyed hash), so the limit's answer
    // does not tell them apart.
    await this.limits.enforce('email-link-login', {
      address: command.context.clientIp,
      account: userId ?? this.keys.usernameKey(username.normalized),
    });
    try {
      if (userId) {
        const account = await this.accounts.state(userId);
        if (account.status === 'registered' && account.email?.toLowerCase() === email.normalized) {
          const metadata = metadataFor(command.context, now);
          const recorded = await this.accounts
            .decide(
              userId,
              { kind: 'request-login-link', authId, at: now, cooldownMs: this.cooldownMs },
              metadata,
            )
            .then(({ events }) => events.length > 0)
            // Refusals stay silent: the answer must not tell whether a link went out.
            .catch((error: unknown) => {
              if (error instanceof AuthError) return false;
              throw error;
            });
          if (recorded) {
            const token = this.secrets.urlToken(LINK_TOKEN_BYTES);
            const where = command.device.geo ?? this.geo.locate(command.device.ip);
            await this.logins.decide(
              authId,
              {
                kind: 'request',
                authId,
                userId,
                email: account.email,
                linkTokenHash: this.keys.secretHash('login-link', authId, token),
                sealedLinkToken: this.sealer.seal(token),
                device: deviceInfo(command.device),
                matchCode,
                requester: {
                  description: command.requesterDescription,
                  country: where.country,
                  region: where.region,
                },
                locale: command.locale,
                at: now,
              },
              metadata,
            );
          }
        }
      }
    } finally {
      const left = this.floorMs - (performance.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
    return { authId, expiresAt: now + LOGIN_LINK_TTL_MS, matchCode };
  }
}

/** The session's device as the login event keeps it (no address: the poll's address counts). */
function deviceInfo(device: StartEmailLinkLoginCommand['device']) {
  const { clientId, deviceType, deviceVersion, appName, appVersion } = device;
  return { clientId, deviceType, deviceVersion, appName, appVersion };
}

/** The facts an answer to a link is decided on: the account's newest link, read from its stream. */
async function accountCurrentLink(
  accounts: AccountStream,
  login: EmailLinkLoginState,
): Promise<string | null> {
  if (login.status === 'none') return null;
  return currentLoginLink((await accounts.read(login.userId)).state);
}

/** The mailed link's answer: confirm or deny, once, before it expires, while it is the account's newest. */
@CommandHandler(AnswerEmailLinkCommand)
export class AnswerEmailLinkHandler implements ICommandHandler<AnswerEmailLinkCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly accounts: AccountStream,
    private readonly logins: LoginStream,
  ) {}

  async execute(command: AnswerEmailLinkCommand): Promise<void> {
    assertValid(command);
    const now = this.clock.now();
    const linkTokenHash = this.keys.secretHash('login-link', command.authId, command.token);
    await this.logins.decide(
      command.authId,
      async (login) => ({
        kind: command.answer,
        linkTokenHash,
        accountCurrentLink: await accountCurrentLink(this.accounts, login),
        at: now,
      }),
      metadataFor(command.context, now),
    );
  }
}

/** The polling device's collection: a session for a confirmed login, exactly once. */
@CommandHandler(CollectEmailLinkSessionCommand)
export class CollectEmailLinkSessionHandler implements ICommandHandler<
  CollectEmailLinkSessionCommand,
  AuthorizationResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly sessions: SessionStarter,
    private readonly accounts: AccountStream,
    private readonly logins: LoginStream,
    private readonly factors: SecondFactors,
  ) {}

  async execute(command: CollectEmailLinkSessionCommand): Promise<AuthorizationResult> {
    try {
      assertValid(command);
    } catch {
      throw new AuthError('INVALID_TOKEN', NOT_YET_AUTHORIZED);
    }
    const now = this.clock.now();
    const sessionId = this.ids.nextId();
    const complete = { kind: 'complete', sessionId, at: now } as const;
    const notYet = (error: unknown) => {
      if (error instanceof AuthError) throw new AuthError('INVALID_TOKEN', NOT_YET_AUTHORIZED);
      throw error;
    };
    // The second factor is asked before the login is spent: a device that lacks it (or
    // mistypes it) can still give it, while the confirmed login lasts.
    const ready = await this.logins.preview(command.authId, complete).catch(notYet);
    if (ready.state.status === 'none') throw new AuthError('INVALID_TOKEN', NOT_YET_AUTHORIZED);
    const account = await this.accounts.state(ready.state.userId);
    const secondFactor =
      account.status === 'registered'
        ? await this.factors.forSignIn(account, command.totp, command.address.ip)
        : null;
    const completion = await this.logins
      .decide(command.authId, complete, metadataFor(command.context, now), ready)
      .catch(notYet);
    if (completion.state.status === 'none')
      throw new AuthError('INVALID_TOKEN', NOT_YET_AUTHORIZED);
    const { userId, device } = completion.state;
    const session = await this.sessions.start(
      userId,
      'email-link',
      { ...device, ...command.address },
      { ...command.context, actorUserId: userId },
      { sessionId, secondFactor },
    );
    const name = account.status === 'registered' ? account.name : '';
    return { token: session.token, user: { userId, name }, sessionId, position: session.position };
  }
}

/**
 * Whether a link can still be answered (the same rule as confirming it), and
 * what the server knows of the asking device. It reads the login's own stream:
 * a login attempt has no read model, and the page must not offer buttons for a
 * link that is expired, used, superseded or not ours.
 */
@QueryHandler(DescribeEmailLinkQuery)
export class DescribeEmailLinkHandler implements IQueryHandler<
  DescribeEmailLinkQuery,
  EmailLinkDescription
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly accounts: AccountStream,
    private readonly logins: LoginStream,
  ) {}

  async execute(query: DescribeEmailLinkQuery): Promise<EmailLinkDescription> {
    if (!/^[0-9a-f-]{36}$/.test(query.authId) || query.token.length > 128) return { usable: false };
    const { state } = await this.logins.read(query.authId);
    if (state.status === 'none') return { usable: false };
    try {
      this.logins.outcome(state, {
        kind: 'confirm',
        linkTokenHash: this.keys.secretHash('login-link', query.authId, query.token),
        accountCurrentLink: await accountCurrentLink(this.accounts, state),
        at: this.clock.now(),
      });
    } catch (error) {
      if (error instanceof AuthError) return { usable: false };
      throw error;
    }
    const { matchCode, requester, requestedAt } = state;
    return { usable: true, matchCode, requester, requestedAt };
  }
}
