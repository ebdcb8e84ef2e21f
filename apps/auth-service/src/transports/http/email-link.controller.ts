import type { IncomingMessage, ServerResponse } from 'node:http';
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
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  DescribeEmailLinkQuery,
  NOT_YET_AUTHORIZED,
  RegisterCommand,
  StartEmailLinkLoginCommand,
  type AuthorizationResult,
  type ClientDevice,
  type EmailLinkDescription,
  type EmailLinkLoginStarted,
  type RequestContext,
} from '@tangle/application';
import { AuthError, describeError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { confirmationPage, PAGE_HEADERS, resultPage } from './confirmation-page';
import { EmailLinkLoginDto, LinkAnswerDto, RegistrationDto } from './email-link.dto';
import { describeRequester } from './requester-description';

/**
 * The username registration and email-link login routes of the Osmium guide:
 * `{ "session_token" }`, `{ "expiration_date", "auth_id", "verification_code" }`
 * (the code the mail and the link's page show too), and `400 { "error": ... }`
 * while a login waits for its link.
 */
@Controller('auth')
export class EmailLinkController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('registration')
  @HttpCode(200)
  async register(@Body() body: RegistrationDto, @Req() request: IncomingMessage) {
    const device = this.device(body.session_platform, request);
    const result = await this.commands.execute<RegisterCommand, AuthorizationResult>(
      new RegisterCommand(body, device, this.config.defaultLocale, context(device.ip)),
    );
    return { session_token: result.token };
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: EmailLinkLoginDto, @Req() request: IncomingMessage) {
    const device = this.device(body.session_platform, request);
    const started = await this.commands.execute<StartEmailLinkLoginCommand, EmailLinkLoginStarted>(
      new StartEmailLinkLoginCommand(
        body,
        device,
        describeRequester(request.headers['user-agent']),
        this.config.defaultLocale,
        context(device.ip),
      ),
    );
    return {
      expiration_date: Math.floor(started.expiresAt / 1000),
      auth_id: started.authId,
      verification_code: started.matchCode,
    };
  }

  @Get('session/:authId')
  async session(
    @Param('authId') authId: string,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ) {
    const address = this.addresses.resolve(request.socket.remoteAddress, request.headers);
    try {
      const result = await this.commands.execute<
        CollectEmailLinkSessionCommand,
        AuthorizationResult
      >(new CollectEmailLinkSessionCommand(authId, address, context(address.ip)));
      return { session_token: result.token };
    } catch (error) {
      if (!(error instanceof AuthError) || error.errorName !== 'INVALID_TOKEN') throw error;
      response.statusCode = 400;
      return { error: NOT_YET_AUTHORIZED };
    }
  }

  @Get('confirm/:authId')
  async confirmPage(
    @Param('authId') authId: string,
    @Query('token') token: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const link = await this.queries.execute<DescribeEmailLinkQuery, EmailLinkDescription>(
      new DescribeEmailLinkQuery(authId, typeof token === 'string' ? token : ''),
    );
    if (!link.usable)
      return this.page(
        response,
        400,
        'Link not valid',
        'This link has expired, was already used, or is not valid. Start the sign-in again on your device.',
      );
    this.send(response, 200, confirmationPage(this.config.defaultAppName, authId, token!, link));
  }

  @Post('confirm/:authId')
  async answer(
    @Param('authId') authId: string,
    @Body() body: LinkAnswerDto,
    @Res() response: ServerResponse,
  ): Promise<void> {
    try {
      await this.commands.execute(
        new AnswerEmailLinkCommand(authId, body.token, body.answer, context(null)),
      );
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return this.page(
        response,
        describeError(error.errorName).httpStatus,
        'Link not valid',
        'This link has expired, was already used, or is not valid. Start the sign-in again on your device.',
      );
    }
    if (body.answer === 'confirm') {
      this.page(
        response,
        200,
        'Signed in',
        'Your other device is now signed in. You can close this page.',
      );
    } else {
      this.page(
        response,
        200,
        'Sign-in denied',
        'The other device was not signed in. If you did not ask for this, nothing more is needed.',
      );
    }
  }

  private page(response: ServerResponse, status: number, title: string, message: string): void {
    this.send(response, status, resultPage(this.config.defaultAppName, title, message));
  }

  private send(response: ServerResponse, status: number, html: string): void {
    response.writeHead(status, PAGE_HEADERS);
    response.end(html);
  }

  /** `session_platform` names the device in the session list, and nowhere else. */
  private device(platform: string | undefined, request: IncomingMessage): ClientDevice {
    return buildClientDevice(
      { deviceType: platform },
      this.addresses.resolve(request.socket.remoteAddress, request.headers),
      this.config,
      { deviceType: 'session_platform' },
    );
  }
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
