import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LookupInviteQuery, type InvitePreviewView } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { HttpAnswer, HttpAnswers } from './http-answer';
import { busyInvitePage, deadInvitePage, INVITE_PAGE_HEADERS, invitePage } from './invite-page';
import { RequestFacts } from './request-facts';

/**
 * `GET /i/<code>`: the invite link's preview page. The lookup is the RPC's (the same rate limit
 * per address, the same read model), so the page tells nothing the RPC would not; a dead code
 * gets one page whatever made it dead.
 */
@Controller('i')
@ApiTags('Invites')
@UseInterceptors(HttpAnswers)
export class InvitePageController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly queries: QueryBus,
  ) {}

  @Get(':code')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the preview page, with Open Graph tags' })
  @ApiResponse({ status: 404, description: 'the same page for any unknown or dead code' })
  @ApiResponse({ status: 429, description: 'too many lookups from this address' })
  async page(
    @Param('code') code: string,
    @RequestFacts() request: RequestFacts,
  ): Promise<HttpAnswer> {
    const product = this.config.defaultAppName;
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    try {
      const view = await this.queries.execute<LookupInviteQuery, InvitePreviewView>(
        new LookupInviteQuery(code, null, {
          correlationId: randomUUID(),
          actorUserId: null,
          actorSessionId: null,
          clientIp: address.ip,
        }),
      );
      const url = `${this.config.publicBaseUrl}/i/${encodeURIComponent(view.invite.code)}`;
      return new HttpAnswer(200, invitePage(view, product, url), INVITE_PAGE_HEADERS);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (error.errorName === 'RATE_LIMIT_EXCEEDED') {
        const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
        return new HttpAnswer(429, busyInvitePage(product), {
          ...INVITE_PAGE_HEADERS,
          'retry-after': String(seconds),
        });
      }
      if (error.errorName === 'INVITE_NOT_FOUND') {
        return new HttpAnswer(404, deadInvitePage(product), INVITE_PAGE_HEADERS);
      }
      throw error;
    }
  }
}
