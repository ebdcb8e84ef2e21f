import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AnswerQrLoginCommand,
  AuthorizeCommand,
  DescribeQrLoginQuery,
  RequestQrLoginCommand,
  type AuthorizationResult,
  type QrLoginAnswered,
  type QrLoginDescription,
  type QrLoginTicket,
  type RequestContext,
} from '@tangle/application';
import { AuthError, describeError } from '@tangle/contracts';
import type { QrApprover } from '@tangle/domain';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { resultPage } from './confirmation-page';
import { ApiErrors } from './error-responses';
import { HttpAnswer, HttpAnswers } from './http-answer';
import { QrAnswerDto, QrPageAnswerDto, QrTicketDto } from './qr-login.dto';
import { QR_PAGE_HEADERS, QR_PAGE_SCRIPT, qrLoginPage } from './qr-login-page';
import { RequestFacts } from './request-facts';
import { describeRequester } from './requester-description';

/** A ticket id as the service makes them (a keyed hash); anything else is not looked up. */
const TICKET_ID = /^[0-9a-f]{64}$/;
const BEARER = /^Bearer +([\x21-\x7e]{1,2048})$/i;
const NOT_USABLE = 'the QR code has expired, was already used, or is not valid';
const CODE_NOT_VALID =
  'This code has expired, was already used, or is not valid. Ask the other device for a new one.';

/**
 * QR login from a signed-in device. The new device asks for a ticket (`POST /auth/qr`), shows
 * its QR code (a URL under PUBLIC_BASE_URL) and check code, and polls
 * `GET /auth/session/{auth_id}` as the email-link login does. A signed-in app that scans the
 * code reads what asks (`GET /auth/qr/{ticketId}?s=…`, JSON) and answers with its bearer
 * token (`POST /auth/qr/{ticketId}/answer`); a browser that opens the URL gets a page that
 * answers with the browser's own session (docs/decisions/0026-qr-login.md).
 */
@Controller('auth')
@ApiTags('QR login')
@UseInterceptors(HttpAnswers)
export class QrLoginController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('qr')
  @HttpCode(200)
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['auth_id', 'qr_url', 'check_code', 'expiration_date', 'expires_in'],
      properties: {
        auth_id: {
          type: 'string',
          format: 'uuid',
          description: 'poll GET /auth/session/{auth_id}; never show it',
        },
        qr_url: { type: 'string', description: 'what the QR code holds' },
        check_code: { type: 'string', example: 'K7M-42P', description: 'show it beside the code' },
        expiration_date: { type: 'integer', description: 'unix seconds; ask again after it' },
        expires_in: { type: 'integer', description: 'seconds' },
      },
    },
  })
  @ApiErrors('INVALID_ARGUMENT')
  async ticket(@Body() body: QrTicketDto, @RequestFacts() request: RequestFacts) {
    const device = buildClientDevice(
      { deviceType: body.session_platform },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
      { deviceType: 'session_platform' },
    );
    const ticket = await this.commands.execute<RequestQrLoginCommand, QrLoginTicket>(
      new RequestQrLoginCommand(
        device,
        describeRequester(request.headers['user-agent']),
        context(device.ip),
      ),
    );
    return {
      auth_id: ticket.authId,
      qr_url: `${this.config.publicBaseUrl}/auth/qr/${ticket.ticketId}?s=${encodeURIComponent(ticket.secret)}`,
      check_code: ticket.checkCode,
      expiration_date: Math.floor(ticket.expiresAt / 1000),
      expires_in: Math.round(this.config.qrLoginTtlMs / 1000),
    };
  }

  /** The page's script: an asset, not part of the API. */
  @Get('qr-page.js')
  @ApiExcludeEndpoint()
  script(): HttpAnswer {
    return new HttpAnswer(200, QR_PAGE_SCRIPT, {
      'content-type': 'application/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
  }

  @Get('qr/:ticketId')
  @ApiProduces('text/html', 'application/json')
  @ApiQuery({ name: 's', description: 'the one-time secret from the QR code' })
  @ApiOkResponse({
    description:
      'HTML: the page to approve or deny; with `Accept: application/json`: `{ device, country, region, requested_at, expiration_date }`',
  })
  @ApiResponse({ status: 400, description: 'the page saying the code is not usable' })
  @ApiErrors('INVALID_TOKEN')
  async scan(
    @Param('ticketId') ticketId: string,
    @Query('s') secret: string | undefined,
    @Headers('accept') accept: string | undefined,
  ): Promise<HttpAnswer | object> {
    const wantsJson = /application\/json/i.test(accept ?? '') && !/text\/html/i.test(accept ?? '');
    const ticket = await this.describe(ticketId, secret);
    if (wantsJson) {
      if (!ticket.usable) throw new AuthError('INVALID_TOKEN', NOT_USABLE);
      return {
        device: ticket.requester.description,
        country: ticket.requester.country,
        region: ticket.requester.region,
        requested_at: Math.floor(ticket.requestedAt / 1000),
        expiration_date: Math.floor(ticket.expiresAt / 1000),
      };
    }
    if (!ticket.usable) return this.page(400, 'Code not valid', CODE_NOT_VALID);
    return new HttpAnswer(
      200,
      qrLoginPage(this.config.defaultAppName, ticketId, secret!, ticket),
      QR_PAGE_HEADERS,
    );
  }

  @Post('qr/:ticketId/answer')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiBody({ type: QrAnswerDto })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { answer: { type: 'string', enum: ['approve', 'deny'] } },
    },
  })
  @ApiErrors(
    'INVALID_ARGUMENT',
    'UNAUTHORIZED',
    'INVALID_TOKEN',
    'INVALID_CODE',
    'MFA_REQUIRED',
    'RATE_LIMIT_EXCEEDED',
  )
  async answer(
    @Param('ticketId') ticketId: string,
    @Body() body: QrAnswerDto,
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const approver = await this.approver(bearer(authorization), address.ip);
    const answered = await this.commands.execute<AnswerQrLoginCommand, QrLoginAnswered>(
      this.answerCommand(ticketId, body, approver, address.ip),
    );
    return { answer: answered.answer };
  }

  @Post('qr/:ticketId')
  @ApiBody({ type: QrPageAnswerDto })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page "Signed in" or "Sign-in denied"' })
  @ApiResponse({ status: 400, description: 'the page saying what went wrong' })
  async pageAnswer(
    @Param('ticketId') ticketId: string,
    @Body() body: QrPageAnswerDto,
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ): Promise<HttpAnswer> {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const { access_token: formToken, ...fields } = body;
    try {
      const header = bearer(authorization);
      if (header && formToken) {
        throw new AuthError('INVALID_ARGUMENT', 'send the token in one place only');
      }
      const approver = await this.approver(header ?? (formToken || null), address.ip);
      await this.commands.execute(this.answerCommand(ticketId, fields, approver, address.ip));
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return this.page(describeError(error.errorName).httpStatus, ...refusalPage(error));
    }
    return body.answer === 'approve'
      ? this.page(200, 'Signed in', 'The other device is now signed in. You can close this page.')
      : this.page(
          200,
          'Sign-in denied',
          'The other device was not signed in. If you did not ask for this, nothing more is needed.',
        );
  }

  private describe(ticketId: string, secret: string | undefined): Promise<QrLoginDescription> {
    if (!TICKET_ID.test(ticketId) || typeof secret !== 'string') {
      return Promise.resolve({ usable: false });
    }
    return this.queries.execute<DescribeQrLoginQuery, QrLoginDescription>(
      new DescribeQrLoginQuery(ticketId, secret),
    );
  }

  private answerCommand(
    ticketId: string,
    body: QrAnswerDto,
    approver: QrApprover,
    clientIp: string | null,
  ): AnswerQrLoginCommand {
    if (!TICKET_ID.test(ticketId)) throw new AuthError('INVALID_TOKEN', NOT_USABLE);
    return new AnswerQrLoginCommand(
      { ticketId, secret: body.s, answer: body.answer, checkCode: body.check_code },
      approver,
      { ...context(clientIp), actorUserId: approver.userId, actorSessionId: approver.sessionId },
    );
  }

  /** The session a bearer token (a session token or an access token) speaks for. */
  private async approver(token: string | null, clientIp: string | null): Promise<QrApprover> {
    if (token === null) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
    const session = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(token, context(clientIp)),
    );
    return { userId: session.user.userId, sessionId: session.sessionId };
  }

  private page(status: number, title: string, message: string): HttpAnswer {
    return new HttpAnswer(
      status,
      resultPage(this.config.defaultAppName, title, message),
      QR_PAGE_HEADERS,
    );
  }
}

/** The token of `Authorization: Bearer <token>`; null without the header. */
function bearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = BEARER.exec(header);
  if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
  return match[1];
}

/** What the page says for a refusal: nothing more than the API's answer would. */
function refusalPage(error: AuthError): [string, string] {
  switch (error.errorName) {
    case 'UNAUTHORIZED':
    case 'INVALID_TOKEN':
      return error.detail && /QR code/.test(error.detail)
        ? ['Code not valid', CODE_NOT_VALID]
        : [
            'Not signed in',
            'This browser is not signed in. Open the code with the app, or sign in here first and scan it again.',
          ];
    case 'INVALID_CODE':
      return ['Wrong code', `${error.detail ?? 'The code does not match.'} Go back and try again.`];
    case 'MFA_REQUIRED':
      return [
        'Not allowed',
        'This session has not passed your account’s second factor, so it cannot approve a sign-in.',
      ];
    case 'RATE_LIMIT_EXCEEDED':
      return ['Too many tries', 'Too many tries. Wait a while, then scan a new code.'];
    default:
      return ['Not answered', error.message];
  }
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
