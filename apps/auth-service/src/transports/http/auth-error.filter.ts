import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AuthError, describeError } from '@tangle/contracts';
import { bodyRefusal } from './http-body';

/**
 * HTTP answers for failures, from the same catalogue as the WebSocket:
 * `{ "error": { "code", "name", "message" } }` with the catalogue's status.
 */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    let error: AuthError;
    let traceId: string | undefined;
    let status: number | undefined;
    const refusal = bodyRefusal(exception);
    if (exception instanceof AuthError) {
      error = exception;
    } else if (refusal) {
      // A body too large (413), in an unknown charset or encoding (415) or that
      // does not inflate (400): the catalogue's INVALID_ARGUMENT with the parser's status.
      error = new AuthError('INVALID_ARGUMENT', refusal.detail);
      status = refusal.status;
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Framework-level refusals: unknown route, malformed JSON.
      const status = exception.getStatus();
      error = new AuthError(status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT', exception.message);
    } else {
      traceId = randomUUID();
      this.logger.error(
        `trace ${traceId}: ${exception instanceof Error ? exception.stack : String(exception)}`,
      );
      error = new AuthError('INTERNAL');
    }
    const { httpStatus, name, code } = describeError(error.errorName);
    const body = {
      error: { code, name, message: error.message, ...(traceId ? { trace_id: traceId } : {}) },
    };
    response.statusCode = status ?? httpStatus;
    if (error.retryAfterMs !== undefined) {
      response.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    }
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }
}
