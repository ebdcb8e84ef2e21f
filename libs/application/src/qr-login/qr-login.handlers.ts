import { Inject, Optional } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError, QrLoginCheckFailed } from '@tangle/contracts';
import {
  CHECK_CODE_ALPHABET,
  CHECK_CODE_LENGTH,
  formatCheckCode,
  normalizeCheckCode,
  QR_CHECK_CODE_TRIES,
  QR_LOGIN_TTL_MS,
  QR_NOT_YET_APPROVED,
  qrTicketAnswerable,
  type QrLoginCommand,
  type QrLoginState,
} from '@tangle/domain';
import {
  CLOCK,
  GEO_LOCATOR,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  type Clock,
  type GeoLocator,
  type IdentifierKeys,
  type IdGenerator,
  type SecretGenerator,
} from '../ports';
import type { AuthorizationResult } from '../shared/authorization';
import { metadataFor } from '../shared/request-context';
import { assertValid } from '../shared/validate';
import { AccountStream } from '../accounts/account-stream';
import { RateLimits } from '../limits/rate-limits';
import { SessionStarter } from '../sessions/session-starter';
import { QrApproverCheck } from './qr-approver-check';
import { QrLoginStream, qrTicketIdOf } from './qr-login-stream';
import { QrLoginWaits } from './qr-login-waits';
import {
  AnswerQrLoginCommand,
  CollectQrLoginSessionCommand,
  DescribeQrLoginQuery,
  RequestQrLoginCommand,
  type QrLoginAnswered,
  type QrLoginDescription,
  type QrLoginTicket,
} from './qr-login.commands';

/** How long a ticket can be answered (QR_LOGIN_TTL_MS); the domain's default otherwise. */
export const QR_LOGIN_TTL = Symbol('QrLoginTtlMs');
/** The longest a poll waits for an answer. */
export const QR_LONG_POLL_MAX_MS = 30_000;
const SECRET_BYTES = 32;
const AUTH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A new device asks for a ticket: an auth id it keeps, a QR code's ticket id and one-time
 * secret, a check code to show. Unauthenticated, so limited per client address; asking
 * again after the expiry is how the device renews its code.
 */
@CommandHandler(RequestQrLoginCommand)
export class RequestQrLoginHandler implements ICommandHandler<
  RequestQrLoginCommand,
  QrLoginTicket
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    private readonly limits: RateLimits,
    private readonly tickets: QrLoginStream,
    @Optional() @Inject(QR_LOGIN_TTL) private readonly ttlMs: number = QR_LOGIN_TTL_MS,
  ) {}

  async execute(command: RequestQrLoginCommand): Promise<QrLoginTicket> {
    await this.limits.enforce('qr-login', { address: command.context.clientIp });
    const authId = this.secrets.uuid();
    const ticketId = qrTicketIdOf(this.keys, authId);
    const secret = this.secrets.urlToken(SECRET_BYTES);
    const checkCode = formatCheckCode(
      this.secrets.fromAlphabet(CHECK_CODE_ALPHABET, CHECK_CODE_LENGTH),
    );
    const { clientId, deviceType, deviceVersion, appName, appVersion } = command.device;
    const where = command.device.geo ?? this.geo.locate(command.device.ip);
    const now = this.clock.now();
    const { state } = await this.tickets.decide(
      ticketId,
      {
        kind: 'request',
        ticketId,
        secretHash: this.keys.secretHash('qr-secret', ticketId, secret),
        checkCodeHash: this.keys.secretHash('qr-check', ticketId, normalizeCheckCode(checkCode)),
        device: { clientId, deviceType, deviceVersion, appName, appVersion },
        requester: {
          description: command.requesterDescription,
          country: where.country,
          region: where.region,
        },
        ttlMs: this.ttlMs,
        at: now,
      },
      metadataFor(command.context, now),
    );
    if (state.status === 'none') throw new Error('a requested ticket folded to nothing');
    return { authId, ticketId, secret, checkCode, expiresAt: state.expiresAt };
  }
}

/**
 * A signed-in session answers a ticket it scanned: approving takes the check code the new
 * device shows (three wrong ones end the ticket) and a session that satisfies the account's
 * second-factor policy; denying takes neither. Limited per address and per account.
 */
@CommandHandler(AnswerQrLoginCommand)
export class AnswerQrLoginHandler implements ICommandHandler<
  AnswerQrLoginCommand,
  QrLoginAnswered
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly limits: RateLimits,
    private readonly tickets: QrLoginStream,
    private readonly approvers: QrApproverCheck,
  ) {}

  async execute(command: AnswerQrLoginCommand): Promise<QrLoginAnswered> {
    assertValid(command);
    const { approver, ticketId } = command;
    await this.limits.enforce('qr-answer', {
      address: command.context.clientIp,
      account: approver.userId,
    });
    // The transport resolved the bearer; a session ended since answers as a bad token.
    if (!(await this.approvers.isLive(approver.sessionId))) throw new AuthError('INVALID_TOKEN');
    const now = this.clock.now();
    const secretHash = this.keys.secretHash('qr-secret', ticketId, command.secret);
    let decided: QrLoginCommand;
    if (command.answer === 'approve') {
      if (!command.checkCode) {
        throw new AuthError('INVALID_ARGUMENT', 'checkCode: type the code the new device shows');
      }
      decided = {
        kind: 'approve',
        secretHash,
        checkCodeHash: this.keys.secretHash(
          'qr-check',
          ticketId,
          normalizeCheckCode(command.checkCode),
        ),
        approverSatisfiesSecondFactor: await this.approvers.satisfiesSecondFactor(approver),
        approver,
        at: now,
      };
    } else {
      decided = { kind: 'deny', secretHash, approver, at: now };
    }
    const decision = await this.tickets.decide(
      ticketId,
      decided,
      metadataFor(
        { ...command.context, actorUserId: approver.userId, actorSessionId: approver.sessionId },
        now,
      ),
    );
    if (decision.events.some((event) => event.type === QrLoginCheckFailed)) {
      const left =
        decision.state.status === 'pending' ? QR_CHECK_CODE_TRIES - decision.state.failures : 0;
      throw new AuthError(
        'INVALID_CODE',
        left > 0
          ? `the check code does not match the new device's (${left} ${left === 1 ? 'try' : 'tries'} left)`
          : "the check code does not match the new device's, and the QR code no longer works: ask for a new one",
      );
    }
    return { answer: command.answer };
  }
}

/**
 * The new device's poll: a session for an approved ticket, exactly once, while the approving
 * session is still live; with `waitMs`, a pending ticket is waited on first. Null when the
 * auth id names no QR ticket (the transport then tries the email-link login).
 */
@CommandHandler(CollectQrLoginSessionCommand)
export class CollectQrLoginSessionHandler implements ICommandHandler<
  CollectQrLoginSessionCommand,
  AuthorizationResult | null
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly sessions: SessionStarter,
    private readonly accounts: AccountStream,
    private readonly tickets: QrLoginStream,
    private readonly approvers: QrApproverCheck,
    private readonly waits: QrLoginWaits,
  ) {}

  async execute(command: CollectQrLoginSessionCommand): Promise<AuthorizationResult | null> {
    if (typeof command.authId !== 'string' || !AUTH_ID.test(command.authId)) return null;
    const ticketId = qrTicketIdOf(this.keys, command.authId);
    let { state } = await this.tickets.read(ticketId);
    if (state.status === 'none') return null;
    if (command.waitMs > 0 && qrTicketAnswerable(state, this.clock.now())) {
      const left = state.expiresAt - this.clock.now();
      await this.waits.wait(ticketId, Math.min(command.waitMs, QR_LONG_POLL_MAX_MS, left));
      ({ state } = await this.tickets.read(ticketId));
    }
    const now = this.clock.now();
    const sessionId = this.ids.nextId();
    const approverSessionLive =
      state.status === 'approved' && (await this.approvers.isLive(state.approvedBySession));
    const completion = await this.tickets
      .decide(
        ticketId,
        { kind: 'complete', sessionId, approverSessionLive, at: now },
        metadataFor(command.context, now),
      )
      .catch((error: unknown) => {
        if (error instanceof AuthError) throw new AuthError('INVALID_TOKEN', QR_NOT_YET_APPROVED);
        throw error;
      });
    const done: QrLoginState = completion.state;
    if (done.status !== 'completed') throw new AuthError('INVALID_TOKEN', QR_NOT_YET_APPROVED);
    const { userId, approvedBySession, device } = done;
    const session = await this.sessions.start(
      userId,
      'qr',
      { ...device, ...command.address },
      { ...command.context, actorUserId: userId },
      {
        sessionId,
        approvedBySession,
        secondFactor: { kind: 'approved-by-session', sessionId: approvedBySession },
      },
    );
    const account = await this.accounts.state(userId);
    const name = account.status === 'registered' ? account.name : '';
    return { token: session.token, user: { userId, name }, sessionId, position: session.position };
  }
}

/**
 * What a scan shows: whether the ticket can still be answered (the same rule as answering
 * it) and what the server knows of the asking device. A used, expired or unknown ticket,
 * or a wrong secret, is the same `usable: false`.
 */
@QueryHandler(DescribeQrLoginQuery)
export class DescribeQrLoginHandler implements IQueryHandler<
  DescribeQrLoginQuery,
  QrLoginDescription
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    private readonly tickets: QrLoginStream,
  ) {}

  async execute(query: DescribeQrLoginQuery): Promise<QrLoginDescription> {
    if (!/^[\x21-\x7e]{1,128}$/.test(query.ticketId) || query.secret.length > 128) {
      return { usable: false };
    }
    const { state } = await this.tickets.read(query.ticketId);
    if (state.status === 'none' || !qrTicketAnswerable(state, this.clock.now())) {
      return { usable: false };
    }
    const secretHash = this.keys.secretHash('qr-secret', query.ticketId, query.secret);
    if (secretHash !== state.secretHash) return { usable: false };
    const { requester, requestedAt, expiresAt } = state;
    return { usable: true, requester, requestedAt, expiresAt };
  }
}
