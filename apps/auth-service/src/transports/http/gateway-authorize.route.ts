import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AuthorizeCommand, type AuthorizationResult } from '@tangle/application';
import { AuthError, describeError } from '@tangle/contracts';
import { ClientAddressResolver, withTraceId } from '@tangle/platform';
import { errorEnvelope } from './http-envelope';

/** A bearer token, as RFC 6750 spells the header; anything else is not looked at. */
const BEARER = /^Bearer +([\x21-\x7e]{1,2048})$/i;

/**
 * `GET /v1/auth/authorize` with `Authorization: Bearer <token>` (a session token or a JWT
 * access token): the check a gateway makes before it passes a request on, at its request
 * rate. It answers what `auth.authorize` answers, `{ token, user: { id, name }, sessionId }`,
 * or the error envelope (401 INVALID_TOKEN). It is the one route served by the HTTP adapter's
 * own router rather than through Nest's per-request pipeline: it reads no body and has no
 * DTO, only a header, and the pipeline's layers (routing, interceptors, the validation pipe)
 * cost more than the check itself (see docs/decisions/0016-http-adapter.md).
 */
export function serveGatewayAuthorize(app: NestFastifyApplication): void {
  const commands = app.get(CommandBus);
  const addresses = app.get(ClientAddressResolver);
  const logger = new Logger('Http');
  app
    .getHttpAdapter()
    .getInstance()
    .get('/v1/auth/authorize', async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('content-type', 'application/json; charset=utf-8');
      try {
        const match = BEARER.exec(request.headers.authorization ?? '');
        if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
        const address = addresses.resolve(request.raw.socket.remoteAddress, request.headers);
        const result = await commands.execute<AuthorizeCommand, AuthorizationResult>(
          new AuthorizeCommand(match[1], {
            correlationId: randomUUID(),
            actorUserId: null,
            actorSessionId: null,
            clientIp: address.ip,
          }),
        );
        return JSON.stringify({
          token: result.token,
          user: { id: result.user.userId, name: result.user.name },
          sessionId: result.sessionId,
        });
      } catch (error) {
        let refusal: AuthError;
        if (error instanceof AuthError) {
          refusal = error;
        } else {
          withTraceId(request.id, () =>
            logger.error(`request failed: ${error instanceof Error ? error.stack : String(error)}`),
          );
          refusal = new AuthError('INTERNAL');
        }
        reply.code(describeError(refusal.errorName).httpStatus);
        return JSON.stringify(errorEnvelope(refusal, request.id));
      }
    });
}
