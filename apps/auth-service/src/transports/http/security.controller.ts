import { Controller, Get, Headers, Inject, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AuthorizeCommand,
  GetSecurityHistoryQuery,
  GetTakeoutQuery,
  HISTORY_MAX_PAGE_SIZE,
  HISTORY_PAGE_SIZE,
  type AuthorizationResult,
  type RequestContext,
  type SecurityHistoryEntry,
  type SecurityHistoryPage,
  type TakeoutExport,
} from '@tangle/application';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver, type ClientAddress } from '@tangle/platform';
import { randomUUID } from 'node:crypto';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { ApiErrors } from './error-responses';
import { HttpAnswer, HttpAnswers } from './http-answer';
import { RequestFacts } from './request-facts';

const NULLABLE_TEXT: SchemaObject = { type: 'string', nullable: true };

const ENTRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'kind', 'at', 'sessionId', 'device', 'country', 'region', 'detail'],
  properties: {
    id: { type: 'string', description: 'the entry id (stable across rebuilds)' },
    kind: {
      type: 'string',
      description:
        'sign-in, sign-in-failed, session-revoked, password-changed, password-reset-requested, ' +
        'email-verified, takeout-requested; later versions add kinds',
    },
    at: { type: 'string', format: 'date-time' },
    sessionId: NULLABLE_TEXT,
    device: { ...NULLABLE_TEXT, description: 'as the client described it' },
    country: { ...NULLABLE_TEXT, description: 'ISO 3166-1 alpha-2' },
    region: NULLABLE_TEXT,
    detail: {
      ...NULLABLE_TEXT,
      description: "a sign-in's method, a revocation's or password change's reason",
    },
  },
};

/**
 * The account-security routes that are not Osmium methods: the signed-in owner's security
 * history (bearer), and the export a takeout link opens (the link's token, no bearer: it is
 * opened from a mail).
 */
@Controller('v1/settings')
@ApiTags('Account security')
@UseInterceptors(HttpAnswers)
export class SecurityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  @Get('security-history')
  @ApiOperation({
    summary: "The signed-in user's security history, newest first",
    description:
      `Pages of \`limit\` entries (default ${HISTORY_PAGE_SIZE}, at most ${HISTORY_MAX_PAGE_SIZE}); ` +
      'pass `nextCursor` as `cursor` for the next, older page (null after the oldest).',
  })
  @ApiBearerAuth('bearer')
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['entries', 'nextCursor'],
      properties: { entries: { type: 'array', items: ENTRY_SCHEMA }, nextCursor: NULLABLE_TEXT },
    },
  })
  @ApiErrors('UNAUTHORIZED', 'INVALID_TOKEN', 'INVALID_ARGUMENT')
  async securityHistory(
    @RequestFacts() request: RequestFacts,
    @Headers('authorization') authorization: string | undefined,
    @Query('cursor') cursor: unknown,
    @Query('limit') limit: unknown,
  ): Promise<Record<string, unknown>> {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const token = bearer(authorization);
    const session = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(token, contextOf(address)),
    );
    const page = await this.queries.execute<GetSecurityHistoryQuery, SecurityHistoryPage>(
      new GetSecurityHistoryQuery(
        session.user.userId,
        optionalText(cursor, 'cursor'),
        readLimit(limit),
        address.ip,
      ),
    );
    return { entries: page.entries.map(toJsonEntry), nextCursor: page.nextCursor };
  }

  @Get('takeout')
  @ApiOperation({
    summary: 'The export a takeout link opens (the link mailed by settings.requestTakeout)',
    description:
      'A JSON attachment: the account, its active sessions and its security history. Only the ' +
      "account's newest link works, until it expires; any other token is 401 INVALID_TOKEN.",
  })
  @ApiQuery({ name: 'token', required: true, type: String })
  @ApiOkResponse({ description: 'the export, as a JSON attachment' })
  @ApiErrors('INVALID_TOKEN')
  async takeout(
    @RequestFacts() request: RequestFacts,
    @Query('token') token: unknown,
  ): Promise<HttpAnswer> {
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    const data = await this.queries.execute<GetTakeoutQuery, TakeoutExport>(
      new GetTakeoutQuery(optionalText(token, 'token') ?? '', contextOf(address)),
    );
    const day = new Date(data.exportedAt).toISOString().slice(0, 10);
    return new HttpAnswer(200, toJsonExport(data), {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${this.config.defaultAppName.replace(/[^A-Za-z0-9-]/g, '') || 'account'}-export-${day}.json"`,
      // The token is in the URL: no page this leads to may learn it.
      'Referrer-Policy': 'no-referrer',
    });
  }
}

function contextOf(address: ClientAddress): RequestContext {
  return {
    correlationId: randomUUID(),
    actorUserId: null,
    actorSessionId: null,
    clientIp: address.ip,
  };
}

function bearer(header: string | undefined): string {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
  return match[1];
}

/** A query parameter given at most once, as text. */
function optionalText(value: unknown, name: string): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new AuthError('INVALID_ARGUMENT', `${name} given twice`);
  return value;
}

function readLimit(value: unknown): number {
  const text = optionalText(value, 'limit');
  if (text === null) return HISTORY_PAGE_SIZE;
  if (!/^[0-9]{1,4}$/.test(text)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${HISTORY_MAX_PAGE_SIZE}`,
    );
  }
  return Number(text);
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function toJsonEntry(entry: SecurityHistoryEntry | TakeoutExport['securityHistory'][number]) {
  return {
    ...('entryId' in entry ? { id: entry.entryId } : {}),
    kind: entry.kind,
    at: isoTime(entry.at),
    sessionId: entry.sessionId,
    device: entry.device,
    country: entry.country,
    region: entry.region,
    detail: entry.detail,
  };
}

function toJsonExport(data: TakeoutExport) {
  const { account } = data;
  return {
    exportedAt: isoTime(data.exportedAt),
    account: {
      ...account,
      registeredAt: isoTime(account.registeredAt),
      lastLoginAt: account.lastLoginAt === null ? null : isoTime(account.lastLoginAt),
    },
    sessions: data.sessions.map((s) => ({
      ...s,
      startedAt: isoTime(s.startedAt),
      lastActive: isoTime(s.lastActive),
    })),
    securityHistory: data.securityHistory.map(toJsonEntry),
  };
}
