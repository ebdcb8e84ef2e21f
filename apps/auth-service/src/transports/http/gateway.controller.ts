import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CompleteMfaSignInCommand,
  GetAccountProfileQuery,
  RefreshSessionCommand,
  SignInCommand,
  SignUpCommand,
  StartEmailLinkLoginCommand,
  type AccountProfileView,
  type AuthorizationResult,
  type ClientDevice,
  type EmailLinkLoginStarted,
  type RequestContext,
  type SignInOutcome,
} from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver, describeUserAgent } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import {
  GatewayLoginDto,
  GatewayMfaDto,
  GatewayRefreshDto,
  GatewayRegisterDto,
  type GatewayDeviceDto,
} from './gateway.dto';
import { ApiErrors } from './error-responses';
import { NULLABLE_TIME, TOKENS, USER, envelopeOf } from './gateway.schemas';
import { successEnvelope } from './http-envelope';
import { RequestFacts } from './request-facts';
import { describeRequester } from './requester-description';

const LOGIN_ENVELOPE = envelopeOf({
  user: { ...USER, properties: { ...USER.properties, lastLogin: NULLABLE_TIME } },
  tokens: TOKENS,
  mfaRequired: { type: 'boolean', enum: [false] },
});

/** A right password on an account with two-factor sign-in on, sent without `totp`. */
const MFA_CHALLENGE = envelopeOf({
  mfaRequired: { type: 'boolean', enum: [true] },
  mfaTicket: {
    type: 'string',
    description: 'Completes the sign-in at POST /auth/login/mfa with a code; single use',
    example: 'tgm_…',
  },
  expiresIn: { type: 'integer', description: 'seconds the ticket lasts', example: 300 },
});

/**
 * The gateway API for web clients, curl users and gateways: register, log in and refresh,
 * answered in the envelope `{ success, data: { user, tokens }, timestamp, requestId }` with a
 * JWT access token (verifiable offline against /.well-known/jwks.json) and a rotating refresh
 * token. `POST /auth/login` is also the Osmium guide's email-link login: a username and no
 * password start it, and it answers that flow's own shape.
 */
@Controller('auth')
@ApiTags('Gateway')
export class GatewayController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('register')
  @HttpCode(201)
  @ApiCreatedResponse({ schema: envelopeOf({ user: USER, tokens: TOKENS }) })
  @ApiErrors('INVALID_ARGUMENT', 'EMAIL_ALREADY_EXISTS', 'WEAK_PASSWORD')
  async register(@Body() body: GatewayRegisterDto, @RequestFacts() request: RequestFacts) {
    const device = this.device(body.deviceInfo, request);
    const { deviceInfo: _device, ...fields } = body;
    const result = await this.commands.execute<SignUpCommand, AuthorizationResult>(
      new SignUpCommand(fields, device, this.config.defaultLocale, context(device.ip), {
        kind: 'token-pair',
        remembered: false,
      }),
    );
    const profile = await this.profile(result.user.userId);
    return successEnvelope({ user: userOf(profile), tokens: tokensOf(result) }, request.requestId);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'email and password: the envelope; username and email, no password: an email-link login ' +
      'started, `{ expiration_date, auth_id, verification_code }`',
    schema: {
      oneOf: [
        LOGIN_ENVELOPE,
        MFA_CHALLENGE,
        {
          type: 'object',
          required: ['expiration_date', 'auth_id', 'verification_code'],
          properties: {
            expiration_date: { type: 'integer', description: 'unix seconds' },
            auth_id: { type: 'string', format: 'uuid' },
            verification_code: { type: 'string', example: 'K7M-42P' },
          },
        },
      ],
    },
  })
  @ApiErrors('INVALID_ARGUMENT', 'INVALID_CREDENTIALS', 'INVALID_CODE', 'NOT_FOUND')
  async login(@Body() body: GatewayLoginDto, @RequestFacts() request: RequestFacts) {
    if (body.password === undefined && body.username !== undefined) {
      return this.startEmailLinkLogin(body, request);
    }
    if (body.password === undefined || body.email === undefined) {
      throw new AuthError(
        'INVALID_ARGUMENT',
        'send email and password, or username and email for an email-link login',
      );
    }
    const device = this.device(body.deviceInfo, request);
    const outcome = await this.commands.execute<SignInCommand, SignInOutcome>(
      new SignInCommand(
        { email: body.email, password: body.password, totp: body.totp },
        device,
        context(device.ip),
        { kind: 'token-pair', remembered: body.rememberMe === true },
        'ticket',
      ),
    );
    if ('mfaRequired' in outcome) {
      return successEnvelope(
        {
          mfaRequired: true,
          mfaTicket: outcome.ticket,
          expiresIn: outcome.expiresIn,
        },
        request.requestId,
      );
    }
    return this.signedIn(outcome, request);
  }

  @Post('login/mfa')
  @HttpCode(200)
  @ApiOkResponse({ schema: LOGIN_ENVELOPE })
  @ApiErrors('INVALID_ARGUMENT', 'INVALID_TOKEN', 'INVALID_CODE', 'RATE_LIMIT_EXCEEDED')
  async loginMfa(@Body() body: GatewayMfaDto, @RequestFacts() request: RequestFacts) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const result = await this.commands.execute<CompleteMfaSignInCommand, AuthorizationResult>(
      new CompleteMfaSignInCommand(
        { ticket: body.ticket, code: body.totp },
        address,
        context(address.ip),
      ),
    );
    return this.signedIn(result, request);
  }

  /** The login answer: the user (with `lastLogin`), the tokens, `mfaRequired: false`. */
  private async signedIn(result: AuthorizationResult, request: RequestFacts) {
    const profile = await this.profile(result.user.userId);
    return successEnvelope(
      {
        user: { ...userOf(profile), lastLogin: isoTime(profile.lastLoginAt) },
        tokens: tokensOf(result),
        mfaRequired: false,
      },
      request.requestId,
    );
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ schema: envelopeOf({ tokens: TOKENS }) })
  @ApiErrors('INVALID_ARGUMENT', 'INVALID_TOKEN')
  async refresh(@Body() body: GatewayRefreshDto, @RequestFacts() request: RequestFacts) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const result = await this.commands.execute<RefreshSessionCommand, AuthorizationResult>(
      new RefreshSessionCommand(body.refreshToken, context(address.ip)),
    );
    return successEnvelope({ tokens: tokensOf(result) }, request.requestId);
  }

  /** The Osmium guide's answer: `{ expiration_date, auth_id, verification_code }`. */
  private async startEmailLinkLogin(body: GatewayLoginDto, request: RequestFacts) {
    const device = buildClientDevice(
      { deviceType: body.session_platform },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
      { deviceType: 'session_platform' },
    );
    const started = await this.commands.execute<StartEmailLinkLoginCommand, EmailLinkLoginStarted>(
      new StartEmailLinkLoginCommand(
        { username: body.username ?? '', email: body.email ?? '' },
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

  private profile(userId: string): Promise<AccountProfileView> {
    return this.queries.execute<GetAccountProfileQuery, AccountProfileView>(
      new GetAccountProfileQuery(userId),
    );
  }

  /** `deviceInfo { type, platform, version }` names the session: "mobile", "iOS 17.2". */
  private device(info: GatewayDeviceDto | undefined, request: RequestFacts): ClientDevice {
    const platform = [info?.platform, info?.version].filter(Boolean).join(' ');
    return buildClientDevice(
      {
        deviceType: info?.type || 'web',
        // A client that does not say is named after its User-Agent, as the server reads it.
        deviceVersion: platform || describeUserAgent(request.headers['user-agent']),
      },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
      { deviceType: 'deviceInfo.type', deviceVersion: 'deviceInfo.platform' },
    );
  }
}

function userOf(profile: AccountProfileView) {
  return {
    id: profile.userId,
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    accountType: profile.accountType,
    emailVerified: profile.emailVerified,
    createdAt: isoTime(profile.createdAt),
  };
}

function tokensOf(result: AuthorizationResult) {
  if (!result.access) throw new Error('a token-pair session answered without an access token');
  return {
    accessToken: result.access.token,
    refreshToken: result.token,
    expiresIn: result.access.expiresIn,
  };
}

function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
