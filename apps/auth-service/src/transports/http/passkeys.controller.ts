import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AuthorizeCommand,
  FinishPasskeyRegistrationCommand,
  FinishPasskeySignInCommand,
  ListPasskeysQuery,
  RemovePasskeyCommand,
  RenamePasskeyCommand,
  StartPasskeyRegistrationCommand,
  StartPasskeySignInCommand,
  type AuthorizationResult,
  type PasskeyCeremonyOptions,
  type PasskeyView,
  type RequestContext,
} from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver, describeUserAgent } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { ApiErrors } from './error-responses';
import { TOKENS, envelopeOf } from './gateway.schemas';
import { successEnvelope } from './http-envelope';
import { PasskeyRegistrationDto, PasskeyRenameDto, PasskeySignInDto } from './passkeys.dto';
import { RequestFacts } from './request-facts';

const OPTIONS_SCHEMA = {
  type: 'object',
  required: ['options', 'expiresAt'],
  properties: {
    options: {
      type: 'object',
      description: 'for navigator.credentials (PublicKeyCredential*OptionsJSON)',
    },
    expiresAt: { type: 'string', format: 'date-time', description: 'when the challenge expires' },
  },
};
const PASSKEY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the credential id (base64url)' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time', nullable: true },
    deviceType: { type: 'string', enum: ['singleDevice', 'multiDevice'] },
    backedUp: { type: 'boolean' },
    transports: { type: 'array', items: { type: 'string' } },
  },
};
const SIGNED_IN_USER = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};

/**
 * Passkeys (WebAuthn) over HTTP. A signed-in user (`Authorization: Bearer`, a session token or
 * an access token) adds, lists, renames and removes passkeys; anyone signs in with one, the
 * authenticator offering its discoverable credentials (no email typed). Each ceremony is two
 * calls: options (with a single-use challenge), then the browser's answer.
 */
@Controller('auth/passkeys')
@ApiTags('Passkeys')
export class PasskeysController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('registration/options')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ schema: OPTIONS_SCHEMA })
  @ApiErrors('UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_SERVED')
  async registrationOptions(
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const context = await this.signedIn(authorization, request);
    return optionsBody(
      await this.commands.execute<StartPasskeyRegistrationCommand, PasskeyCeremonyOptions>(
        new StartPasskeyRegistrationCommand(context.actorUserId!, context),
      ),
    );
  }

  @Post('registration')
  @HttpCode(201)
  @ApiBearerAuth('bearer')
  @ApiCreatedResponse({
    schema: { type: 'object', properties: { passkey: PASSKEY_SCHEMA } },
  })
  @ApiErrors('INVALID_ARGUMENT', 'INVALID_CODE', 'UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_SERVED')
  async register(
    @Body() body: PasskeyRegistrationDto,
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const context = await this.signedIn(authorization, request);
    const passkey = await this.commands.execute<FinishPasskeyRegistrationCommand, PasskeyView>(
      new FinishPasskeyRegistrationCommand(
        context.actorUserId!,
        body.response,
        body.name ?? null,
        context,
      ),
    );
    return { passkey: passkeyBody(passkey) };
  }

  @Get()
  @ApiBearerAuth('bearer')
  @ApiOkResponse({
    schema: { type: 'object', properties: { passkeys: { type: 'array', items: PASSKEY_SCHEMA } } },
  })
  @ApiErrors('UNAUTHORIZED', 'INVALID_TOKEN')
  async list(
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const context = await this.signedIn(authorization, request);
    const passkeys = await this.queries.execute<ListPasskeysQuery, PasskeyView[]>(
      new ListPasskeysQuery(context.actorUserId!),
    );
    return { passkeys: passkeys.map(passkeyBody) };
  }

  @Patch(':id')
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ schema: { type: 'object', properties: { passkey: PASSKEY_SCHEMA } } })
  @ApiErrors('INVALID_ARGUMENT', 'NOT_FOUND', 'UNAUTHORIZED', 'INVALID_TOKEN')
  async rename(
    @Param('id') id: string,
    @Body() body: PasskeyRenameDto,
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ) {
    const context = await this.signedIn(authorization, request);
    const passkey = await this.commands.execute<RenamePasskeyCommand, PasskeyView>(
      new RenamePasskeyCommand(context.actorUserId!, id, body.name, context),
    );
    return { passkey: passkeyBody(passkey) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiNoContentResponse({ description: 'removed; it signs in no more' })
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'INVALID_TOKEN')
  async remove(
    @Param('id') id: string,
    @Headers('authorization') authorization: string | undefined,
    @RequestFacts() request: RequestFacts,
  ): Promise<void> {
    const context = await this.signedIn(authorization, request);
    await this.commands.execute(new RemovePasskeyCommand(context.actorUserId!, id, context));
  }

  @Post('sign-in/options')
  @HttpCode(200)
  @ApiOkResponse({ schema: OPTIONS_SCHEMA })
  @ApiErrors('NOT_SERVED')
  async signInOptions(@RequestFacts() request: RequestFacts) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    return optionsBody(
      await this.commands.execute<StartPasskeySignInCommand, PasskeyCeremonyOptions>(
        new StartPasskeySignInCommand(context(address.ip)),
      ),
    );
  }

  @Post('sign-in')
  @HttpCode(200)
  @ApiOkResponse({ schema: envelopeOf({ user: SIGNED_IN_USER, tokens: TOKENS }) })
  @ApiErrors('INVALID_ARGUMENT', 'INVALID_CREDENTIALS', 'INVALID_CODE', 'NOT_SERVED')
  async signIn(@Body() body: PasskeySignInDto, @RequestFacts() request: RequestFacts) {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const device = buildClientDevice(
      { deviceType: 'web', deviceVersion: describeUserAgent(request.headers['user-agent']) },
      address,
      this.config,
    );
    const result = await this.commands.execute<FinishPasskeySignInCommand, AuthorizationResult>(
      new FinishPasskeySignInCommand(body.response, device, context(address.ip), {
        kind: 'token-pair',
        remembered: body.rememberMe === true,
      }),
    );
    if (!result.access) throw new Error('a token-pair session answered without an access token');
    return successEnvelope(
      {
        user: { id: result.user.userId, name: result.user.name },
        tokens: {
          accessToken: result.access.token,
          refreshToken: result.token,
          expiresIn: result.access.expiresIn,
        },
      },
      request.requestId,
    );
  }

  /** The caller's session from its bearer token (a session token or a JWT access token). */
  private async signedIn(
    authorization: string | undefined,
    request: RequestFacts,
  ): Promise<RequestContext> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const session = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(token, context(address.ip)),
    );
    return {
      ...context(address.ip),
      actorUserId: session.user.userId,
      actorSessionId: session.sessionId,
    };
  }
}

function optionsBody(ceremony: PasskeyCeremonyOptions) {
  return { options: ceremony.options, expiresAt: new Date(ceremony.expiresAt).toISOString() };
}

function passkeyBody(passkey: PasskeyView) {
  return {
    ...passkey,
    createdAt: new Date(passkey.createdAt).toISOString(),
    lastUsedAt: passkey.lastUsedAt === null ? null : new Date(passkey.lastUsedAt).toISOString(),
  };
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
