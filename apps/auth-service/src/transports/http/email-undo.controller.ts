import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import {
  DescribeEmailUndoQuery,
  UndoEmailChangeCommand,
  type RequestContext,
} from '@tangle/application';
import { AuthError, describeError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { escape, page, PAGE_HEADERS, resultPage } from './confirmation-page';
import { ApiErrors } from './error-responses';
import { HttpAnswer, HttpAnswers } from './http-answer';
import { RequestFacts } from './request-facts';

/** The undo page's form, or a JSON body `{ "token" }`. */
export class EmailUndoDto {
  @ApiProperty({ maxLength: 128, description: 'the token of the mailed undo link' })
  @IsString()
  @MaxLength(128)
  token!: string;
}

const LINK_NOT_VALID =
  'This link has expired, was already used, or is not valid. If someone else changed your address, reset your password or contact support.';

/**
 * The link mailed to the old address of an email change (decision 21). `GET` shows a page
 * that asks first (mail scanners follow links; they do not submit forms); `POST` undoes the
 * change: a form answers a page, a JSON body answers `{ "restored": true }` or the error
 * envelope (INVALID_CODE for a link that is not usable).
 */
@Controller('settings/email/undo')
@ApiTags('Account settings')
@UseInterceptors(HttpAnswers)
export class EmailUndoController {
  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':userId')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page that asks to undo the change' })
  @ApiResponse({ status: 400, description: 'the page saying the link is not usable' })
  async undoPage(
    @Param('userId') userId: string,
    @Query('token') token: string | undefined,
  ): Promise<HttpAnswer> {
    const usable =
      typeof token === 'string' &&
      (await this.queries.execute<DescribeEmailUndoQuery, boolean>(
        new DescribeEmailUndoQuery(userId, token),
      ));
    if (!usable) return this.result(400, 'Link not valid', LINK_NOT_VALID);
    const product = this.config.defaultAppName;
    const action = `/settings/email/undo/${encodeURIComponent(userId)}`;
    return new HttpAnswer(
      200,
      page(
        product,
        'Undo the email change?',
        `<p>The email address of your ${escape(product)} account was changed. Undo it to make this address the account's address again; every device is then signed out.</p>
<form method="post" action="${escape(action)}"><input type="hidden" name="token" value="${escape(token)}">
<button class="confirm">Undo the change</button></form>`,
      ),
      PAGE_HEADERS,
    );
  }

  @Post(':userId')
  @ApiBody({ type: EmailUndoDto })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ description: 'the page "Change undone", or `{ "restored": true }` for JSON' })
  @ApiResponse({ status: 400, description: 'the page saying the link is not usable' })
  @ApiErrors('INVALID_CODE')
  async undo(
    @Param('userId') userId: string,
    @Body() body: EmailUndoDto,
    @RequestFacts() request: RequestFacts,
  ): Promise<HttpAnswer> {
    const json = (request.headers['content-type'] ?? '').includes('json');
    const address = this.addresses.resolve(request.peerAddress, request.headers);
    try {
      await this.commands.execute(
        new UndoEmailChangeCommand(userId, body.token, context(address.ip)),
      );
    } catch (error) {
      if (json || !(error instanceof AuthError)) throw error;
      return this.result(
        describeError(error.errorName).httpStatus,
        'Link not valid',
        LINK_NOT_VALID,
      );
    }
    if (json) return new HttpAnswer(200, { restored: true }, { 'cache-control': 'no-store' });
    return this.result(
      200,
      'Change undone',
      'This address is your account’s address again and every device was signed out. Reset your password now if someone else may know it.',
    );
  }

  private result(status: number, title: string, message: string): HttpAnswer {
    return new HttpAnswer(
      status,
      resultPage(this.config.defaultAppName, title, message),
      PAGE_HEADERS,
    );
  }
}

function context(clientIp: string | null): RequestContext {
  return { correlationId: randomUUID(), actorUserId: null, actorSessionId: null, clientIp };
}
