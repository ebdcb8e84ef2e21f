import { Body, Controller, Get, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  AuthorizeCommand,
  GetSessionsQuery,
  RevokeSessionsCommand,
  SignInCommand,
  SignUpCommand,
  type AuthorizationResult,
  type ClientDevice,
  type RequestContext,
  type RevokeSessionsResult,
  type SessionList,
} from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver, describeUserAgent } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { AuthorizeDto, RevokeSessionsDto, SignInDto, SignUpDto, type DeviceDto } from './auth.dto';
import { RequestFacts } from './request-facts';

/**
 * HTTP/JSON for web clients and gateways: the same commands and queries as the
 * WebSocket, under /v1/auth. Signed-in calls take `Authorization: Bearer <token>`.
 *
 * The pattern for every controller (it runs on whichever HTTP adapter main.ts picks): take
 * `@Body()` DTOs (checked by the global ValidationPipe), `@Param()`, `@Headers()` and, for the
 * client's address or User-Agent, `@RequestFacts()`; return the JSON body (`@HttpCode` when
 * not 200), or an HttpAnswer when the status or headers vary; throw AuthError for failures
 * (AuthErrorFilter answers them). Never the adapter's request or response (`@Req`, `@Res`).
 */
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('sign-up')
  @HttpCode(200)
  async signUp(@Body() body: SignUpDto, @RequestFacts() request: RequestFacts) {
    const device = this.device(body.device, request);
    const result = await this.commands.execute<SignUpCommand, AuthorizationResult>(
      new SignUpCommand(body, device, this.config.defaultLocale, context(device.ip)),
    );
    return this.authorization(result);
  }

  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: SignInDto, @RequestFacts() request: RequestFacts) {
    const device = this.device(body.device, request);
    const result = await this.commands.execute<SignInCommand, AuthorizationResult>(
      new SignInCommand(body, device, context(device.ip)),
    );
    return this.authorization(result);
  }

  @Post('authorize')
  @HttpCode(200)
  async authorize(@Body() body: AuthorizeDto) {
    return this.authorization(await this.signedIn(body.token));
  }

  @Get('sessions')
  async sessions(@Headers('authorization') authorization: string | undefined) {
    const caller = await this.signedIn(bearer(authorization));
    const list = await this.queries.execute<GetSessionsQuery, SessionList>(
      new GetSessionsQuery(caller.user.userId, caller.sessionId),
    );
    return {
      current: list.current,
      sessions: list.sessions.map((s) => ({
        id: s.sessionId,
        client_id: s.clientId,
        device_type: s.deviceType,
        device_version: s.deviceVersion,
        app_name: s.appName,
        app_version: s.appVersion,
        last_active: Math.floor(s.lastActive / 1000),
        country: s.country,
        region: s.region,
      })),
    };
  }

  @Post('sessions/revoke')
  @HttpCode(204)
  async revoke(
    @Body() body: RevokeSessionsDto,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const caller = await this.signedIn(bearer(authorization));
    await this.commands.execute<RevokeSessionsCommand, RevokeSessionsResult>(
      new RevokeSessionsCommand(
        body.session_ids,
        caller.user.userId,
        caller.sessionId,
        context(null, caller),
      ),
    );
  }

  private signedIn(token: string): Promise<AuthorizationResult> {
    return this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(token, context(null)),
    );
  }

  private authorization(result: AuthorizationResult) {
    return {
      token: result.token,
      user: { id: result.user.userId, name: result.user.name },
      session_id: result.sessionId,
    };
  }

  private device(dto: DeviceDto | undefined, request: RequestFacts): ClientDevice {
    return buildClientDevice(
      {
        clientId: dto?.client_id,
        deviceType: dto?.device_type ?? 'web',
        // A browser that does not say is named after its User-Agent, as the server reads it.
        deviceVersion: dto?.device_version ?? describeUserAgent(request.headers['user-agent']),
        appVersion: dto?.app_version,
      },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
    );
  }
}

function context(clientIp: string | null, caller?: AuthorizationResult): RequestContext {
  return {
    correlationId: randomUUID(),
    actorUserId: caller?.user.userId ?? null,
    actorSessionId: caller?.sessionId ?? null,
    clientIp,
  };
}

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
  return match[1];
}
