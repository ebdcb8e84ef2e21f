import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthError, describeError } from '@tangle/contracts';
import { withTraceId } from '@tangle/platform';
import { BodyRefusal } from './http-body';
import { errorEnvelope } from './http-envelope';
import { noteErrorName } from './http-server';
import { requestFactsOf } from './request-facts';

/**
 * HTTP answers for failures, from the same catalogue as the WebSocket, in the envelope
 * (http-envelope.ts) with the catalogue's status.
 */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    const { requestId } = requestFactsOf(host.switchToHttp().getRequest());
    let error: AuthError;
    let status: number | undefined;
    if (exception instanceof AuthError) {
      error = exception;
    } else if (exception instanceof BodyRefusal) {
      // A body too large (413), in an unknown charset or encoding (415) or that
      // does not parse or inflate (400): INVALID_ARGUMENT with the refusal's status.
      error = new AuthError('INVALID_ARGUMENT', exception.message);
      status = exception.status;
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Framework-level refusals, with their status: an unknown route (404), a
      // Content-Type that does not parse (415; Nest hands Fastify's errors on as
      // HttpExceptions).
      status = exception.getStatus();
      error = new AuthError(status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT', exception.message);
    } else {
      // The request's trace id even where the adapter's async context did not reach.
      withTraceId(requestId, () =>
        this.logger.error(
          `request failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
        ),
      );
      error = new AuthError('INTERNAL');
    }
    noteErrorName(host.switchToHttp().getRequest<object>(), error.errorName);
    const { httpStatus } = describeError(error.errorName);
    if (error.retryAfterMs !== undefined) {
      const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
      adapter.setHeader(response, 'retry-after', String(seconds));
    }
    adapter.setHeader(response, 'content-type', 'application/json; charset=utf-8');
    adapter.reply(response, JSON.stringify(errorEnvelope(error, requestId)), status ?? httpStatus);
  }
}
