import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { LoginRequester } from '@tangle/contracts';
import type { QrApprover } from '@tangle/domain';
import type { ClientDevice, RequestContext } from '../shared/request-context';

/** A ticket id as the store names it: printable, bounded (the transport checks its exact form). */
const TICKET_ID = /^[\x21-\x7e]{1,128}$/;

/** POST /auth/qr: the new device asks for a QR login ticket. */
export class RequestQrLoginCommand {
  constructor(
    /** The session's device; its `deviceType` is the requester's own text and names the session. */
    readonly device: ClientDevice,
    /** The asking device as the transport describes it from the User-Agent: what the approver sees. */
    readonly requesterDescription: string,
    readonly context: RequestContext,
  ) {}
}

export interface QrLoginTicket {
  /** The new device's own: it polls GET /auth/session/<authId>; never in the QR code. */
  authId: string;
  /** The QR code's: the ticket it names and its one-time secret. */
  ticketId: string;
  secret: string;
  /** Shown on the new device; the approver types it. */
  checkCode: string;
  expiresAt: number;
}

/** A signed-in session answers a scanned ticket. */
export class AnswerQrLoginCommand {
  @Matches(TICKET_ID, { message: 'not a ticket id' })
  readonly ticketId: string;

  @IsString()
  @MaxLength(128)
  readonly secret: string;

  @IsIn(['approve', 'deny'])
  readonly answer: 'approve' | 'deny';

  @IsOptional()
  @IsString()
  @MaxLength(32)
  readonly checkCode: string | undefined;

  constructor(
    fields: { ticketId: string; secret: string; answer: 'approve' | 'deny'; checkCode?: string },
    /** The session its bearer token resolved to. */
    readonly approver: QrApprover,
    readonly context: RequestContext,
  ) {
    this.ticketId = fields.ticketId;
    this.secret = fields.secret;
    this.answer = fields.answer;
    this.checkCode = fields.checkCode;
  }
}

export interface QrLoginAnswered {
  answer: 'approve' | 'deny';
}

/**
 * GET /auth/session/<authId> for a QR login: the new device collects its session, once.
 * `waitMs` > 0 is the long poll: a pending ticket is waited on for at most that long.
 */
export class CollectQrLoginSessionCommand {
  constructor(
    readonly authId: string,
    /** Where the polling device is: the session's geo. */
    readonly address: Pick<ClientDevice, 'ip' | 'geo'>,
    readonly context: RequestContext,
    readonly waitMs = 0,
  ) {}
}

/** What a scan shows before the answer: only what the server knows of the asking device. */
export class DescribeQrLoginQuery {
  constructor(
    readonly ticketId: string,
    readonly secret: string,
  ) {}
}

export type QrLoginDescription =
  | { usable: true; requester: LoginRequester; requestedAt: number; expiresAt: number }
  | { usable: false };
