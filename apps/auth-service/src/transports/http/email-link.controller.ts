import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  CollectQrLoginSessionCommand,
  DescribeEmailLinkQuery,
  NOT_YET_AUTHORIZED,
  RegisterCommand,
  type AuthorizationResult,
  type ClientDevice,
  type EmailLinkDescription,
  type RequestContext,
} from '@tangle/application';
import { AuthError, describeError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { confirmationPage, PAGE_HEADERS, resultPage } from './confirmation-page';
import { ApiErrors } from './error-responses';
import { LinkAnswerDto, RegistrationDto } from './email-link.dto';
import { HttpAnswer, HttpAnswers } from './http-answer';
import { RequestFacts } from './request-facts';

const SESSION_TOKEN_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['session_token'],
  properties: { session_token: { type: 'string', example: 'tgl_…' } },
};

const LINK_NOT_VALID =
  'This link has expired, was already used, or is not valid. Start the sign-in again on your device.';

/**
 * The username registration and email-link login routes of the Osmium guide:
 * `{ "session_token" }`, and `400 { "error": ... }` while a login waits for its link. The
 * login itself starts at `POST /auth/login`, which the gateway controller shares with the
 * password sign-in.
 */
@Controller('auth')
@ApiTags('Email-link login')
@UseInterceptors(HttpAnswers)
export class EmailLinkController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('registration')
  @HttpCode(200)
  @ApiOkResponse({ schema: SESSION_TOKEN_SCHEMA })
  @ApiErrors('INVALID_ARGUMENT', 'USERNAME_ALREADY_EXISTS', 'EMAIL_ALREADY_EXISTS')
  async register(@Body() body: RegistrationDto, @RequestFacts() request: RequestFacts) {
    const device = this.device(body.session_platform, request);
    const result = await this.commands.execute<RegisterCommand, AuthorizationResult>(
      new RegisterCommand(body, device, this.config.defaultLocale, context(device.ip)),
    );
    return { session_token: result.token };
  }

  @Get('session/:authId')
  @ApiQuery({
    name: 'wait',
    required: false,
    description: 'QR login: seconds (at most 30) to wait for the approval before answering',
  })
  @ApiOkResponse({ schema: SESSION_TOKEN_SCHEMA })
  @ApiResponse({
    status: 400,
    description: 'the link or QR code is not confirmed yet (or expired, or already collected)',
    schema: { type: 'object', properties: { error: { type: 'string' } } },
  })
  @ApiErrors('INVALID_ARGUMENT')
  async session(
    @Param('authId') authId: string,
    @Query('wait') wait: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const waitMs = longPollMs(wait);
    try {
      // A QR login's auth id names a QR ticket; any other is an email-link login's.
      const result =
        (await this.commands.execute<CollectQrLoginSessionCommand, AuthorizationResult | null>(
          new CollectQrLoginSessionCommand(authId, address, context(address.ip), waitMs),
        )) ??
        (await this.commands.execute<CollectEmailLinkSessionCommand, AuthorizationResult>(
          new CollectEmailLinkSessionCommand(authId, address, context(address.ip)),
        ));
      return { session_token: result.token };
    } catch (error) {
      if (!(error instanceof AuthError) || error.errorName !== 'INVALID_TOKEN') throw error;
      return new HttpAnswer(400, { error: NOT_YET_AUTHORIZED });
    }
  }

  @Get('confirm/:authId')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page that asks to confirm or deny' })
  @ApiResponse({ status: 400, description: 'the page saying the link is not usable' })
  async confirmPage(
    @Param('authId') authId: string,
    @Query('token') token: string | undefined,
  ): Promise<HttpAnswer> {
    const link = await this.queries.execute<DescribeEmailLinkQuery, EmailLinkDescription>(
      new DescribeEmailLinkQuery(authId, typeof token === 'string' ? token : ''),
    );
    if (!link.usable) return this.page(400, 'Link not valid', LINK_NOT_VALID);
    return htmlPage(200, confirmationPage(this.config.defaultAppName, authId, token!, link));
  }

  @Post('confirm/:authId')
  @ApiBody({ type: LinkAnswerDto })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page "Signed in" or "Sign-in denied"' })
  @ApiResponse({ status: 400, description: 'the page saying the link is not usable' })
  async answer(@Param('authId') authId: string, @Body() body: LinkAnswerDto): Promise<HttpAnswer> {
    try {
      await this.commands.execute(
        new AnswerEmailLinkCommand(authId, body.token, body.answer, context(null)),
      );
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return this.page(describeError(error.errorName).httpStatus, 'Link not valid', LINK_NOT_VALID);
    }
    if (body.answer === 'confirm') {
      return this.page(
        200,
        'Signed in',
        'Your other device is now signed in. You can close this page.',
      );
    }
    return this.page(
      200,
      'Sign-in denied',
      'The other device was not signed in. If you did not ask for this, nothing more is needed.',
    );
  }

  private page(status: number, title: string, message: string): HttpAnswer {
    return htmlPage(status, resultPage(this.config.defaultAppName, title, message));
  }

  /** `session_platform` names the device in the session list, and nowhere else. */
  private device(platform: string | undefined, request: RequestFacts): ClientDevice {
    return buildClientDevice(
      { deviceType: platform },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
      { deviceType: 'session_platform' },
    );
  }
}

function htmlPage(status: number, html: string): HttpAnswer {
  return new HttpAnswer(status, html, PAGE_HEADERS);
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}

/** `?wait=<seconds>`: the QR login's long poll, at most 30 s; absent: answer at once. */
function longPollMs(wait: string | undefined): number {
  if (wait === undefined || wait === '') return 0;
  if (!/^\d{1,3}$/.test(wait) || Number(wait) > 30) {
    throw new AuthError('INVALID_ARGUMENT', 'wait: whole seconds from 0 to 30');
  }
  return Number(wait) * 1000;
}
