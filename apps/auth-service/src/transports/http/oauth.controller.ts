import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AuthorizeCommand,
  GetAccountProfileQuery,
  GetOAuthLinksQuery,
  LinkOAuthCommand,
  OAuthSignInCommand,
  UnlinkOAuthCommand,
  type AccountProfileView,
  type AuthorizationResult,
  type OAuthLinkView,
  type OAuthSignInAnswer,
  type RequestContext,
} from '@tangle/application';
import { AuthError, OAUTH_PROVIDERS, type OAuthProvider } from '@tangle/contracts';
import { ClientAddressResolver, describeUserAgent } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { ApiErrors } from './error-responses';
import { NULLABLE_TIME, TOKENS, USER, envelopeOf } from './gateway.schemas';
import { successEnvelope } from './http-envelope';
import { OAuthSignInDto, OAuthTokensDto } from './oauth.dto';
import { RequestFacts } from './request-facts';

const LINKS = {
  type: 'array' as const,
  items: {
    type: 'object' as const,
    properties: {
      provider: { type: 'string' as const, enum: [...OAUTH_PROVIDERS] },
      email: { type: 'string' as const, nullable: true },
      privateRelayEmail: { type: 'boolean' as const },
      linkedAt: { type: 'string' as const, format: 'date-time' },
    },
  },
};

const PROVIDER_PARAM = { name: 'provider', enum: [...OAUTH_PROVIDERS] };

/**
 * Sign-in with Google, Apple and Facebook, in the gateway API's envelope: `POST
 * /auth/oauth/{provider}` signs in (or up) with the provider's ID token; a signed-in user lists,
 * links and unlinks providers under `/auth/oauth/links` and `/auth/oauth/{provider}/link`.
 */
@Controller('auth/oauth')
@ApiTags('Gateway')
export class OAuthController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('links')
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ schema: envelopeOf({ links: LINKS }) })
  @ApiErrors('UNAUTHORIZED', 'INVALID_TOKEN')
  async links(@RequestFacts() request: RequestFacts) {
    const caller = await this.signedIn(request);
    const links = await this.queries.execute<GetOAuthLinksQuery, OAuthLinkView[]>(
      new GetOAuthLinksQuery(caller.actorUserId!),
    );
    return successEnvelope({ links: links.map(linkOf) }, request.requestId);
  }

  @Post(':provider')
  @HttpCode(200)
  @ApiParam(PROVIDER_PARAM)
  @ApiOkResponse({
    schema: envelopeOf({
      user: { ...USER, properties: { ...USER.properties, lastLogin: NULLABLE_TIME } },
      tokens: TOKENS,
      mfaRequired: { type: 'boolean' },
      newAccount: { type: 'boolean', description: 'this sign-in opened the account' },
    }),
  })
  @ApiErrors(
    'INVALID_ARGUMENT',
    'INVALID_TOKEN',
    'NOT_FOUND',
    'PROVIDER_NOT_CONFIGURED',
    'OAUTH_ACCOUNT_EXISTS',
    'MFA_REQUIRED',
    'RATE_LIMIT_EXCEEDED',
    'UNAVAILABLE',
  )
  async signIn(
    @Param('provider') provider: string,
    @Body() body: OAuthSignInDto,
    @RequestFacts() request: RequestFacts,
  ) {
    const named = providerOf(provider);
    const info = body.deviceInfo;
    const platform = [info?.platform, info?.version].filter(Boolean).join(' ');
    const device = buildClientDevice(
      {
        deviceType: info?.type || 'web',
        deviceVersion: platform || describeUserAgent(request.headers['user-agent']),
      },
      this.addresses.resolve(request.peerAddress, request.headers),
      this.config,
      { deviceType: 'deviceInfo.type', deviceVersion: 'deviceInfo.platform' },
    );
    const result = await this.commands.execute<OAuthSignInCommand, OAuthSignInAnswer>(
      new OAuthSignInCommand(named, body, device, this.config.defaultLocale, context(device.ip), {
        kind: 'token-pair',
        remembered: body.rememberMe === true,
      }),
    );
    const profile = await this.queries.execute<GetAccountProfileQuery, AccountProfileView>(
      new GetAccountProfileQuery(result.user.userId),
    );
    if (!result.access) throw new Error('a token-pair session answered without an access token');
    return successEnvelope(
      {
        user: {
          id: profile.userId,
          email: profile.email,
          firstName: profile.firstName,
          lastName: profile.lastName,
          accountType: profile.accountType,
          emailVerified: profile.emailVerified,
          createdAt: isoTime(profile.createdAt),
          lastLogin: isoTime(profile.lastLoginAt),
        },
        tokens: {
          accessToken: result.access.token,
          refreshToken: result.token,
          expiresIn: result.access.expiresIn,
        },
        // An account with a second factor is refused with MFA_REQUIRED where its session is linked.
        mfaRequired: false,
        newAccount: result.newAccount,
      },
      request.requestId,
    );
  }

  @Post(':provider/link')
  @HttpCode(200)
  @ApiParam(PROVIDER_PARAM)
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ schema: envelopeOf({ links: LINKS }) })
  @ApiErrors(
    'INVALID_ARGUMENT',
    'UNAUTHORIZED',
    'INVALID_TOKEN',
    'PERMISSION_DENIED',
    'PROVIDER_NOT_CONFIGURED',
    'OAUTH_ALREADY_LINKED',
    'RATE_LIMIT_EXCEEDED',
  )
  async link(
    @Param('provider') provider: string,
    @Body() body: OAuthTokensDto,
    @RequestFacts() request: RequestFacts,
  ) {
    const named = providerOf(provider);
    const caller = await this.signedIn(request);
    const links = await this.commands.execute<LinkOAuthCommand, OAuthLinkView[]>(
      new LinkOAuthCommand(named, body, caller),
    );
    return successEnvelope({ links: links.map(linkOf) }, request.requestId);
  }

  @Delete(':provider/link')
  @HttpCode(200)
  @ApiParam(PROVIDER_PARAM)
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ schema: envelopeOf({ links: LINKS }) })
  @ApiErrors('UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND', 'LAST_SIGN_IN_METHOD')
  async unlink(@Param('provider') provider: string, @RequestFacts() request: RequestFacts) {
    const named = providerOf(provider);
    const caller = await this.signedIn(request);
    const links = await this.commands.execute<UnlinkOAuthCommand, OAuthLinkView[]>(
      new UnlinkOAuthCommand(named, caller),
    );
    return successEnvelope({ links: links.map(linkOf) }, request.requestId);
  }

  /** The caller's session from `Authorization: Bearer` (a session or access token). */
  private async signedIn(request: RequestFacts): Promise<RequestContext> {
    const match = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''));
    if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const session = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(match[1], context(address.ip)),
    );
    return {
      ...context(address.ip),
      actorUserId: session.user.userId,
      actorSessionId: session.sessionId,
    };
  }
}

function providerOf(name: string): OAuthProvider {
  const provider = name.toLowerCase() as OAuthProvider;
  if (!OAUTH_PROVIDERS.includes(provider)) {
    throw new AuthError(
      'NOT_FOUND',
      `unknown sign-in provider; the providers are ${OAUTH_PROVIDERS.join(', ')}`,
    );
  }
  return provider;
}

function linkOf(link: OAuthLinkView) {
  return { ...link, linkedAt: isoTime(link.linkedAt) };
}

function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
