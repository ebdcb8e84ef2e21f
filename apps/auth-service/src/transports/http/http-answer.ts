import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { map, type Observable } from 'rxjs';

/**
 * An answer whose status or headers depend on the outcome (an HTML page, a JSON error the
 * catalogue does not describe), returned by a controller method instead of a plain body.
 * Routes whose status never varies return the body and declare `@HttpCode`.
 */
export class HttpAnswer {
  constructor(
    readonly status: number,
    /** A string is sent as it is; anything else as JSON. */
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/**
 * Sends a controller's HttpAnswer through whichever HTTP adapter runs, so controllers never
 * hold the adapter's response. Bind it on the controllers that return answers:
 * `@UseInterceptors(HttpAnswers)`; other results pass through untouched.
 */
@Injectable()
export class HttpAnswers implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof HttpAnswer)) return result;
        const adapter = this.adapterHost.httpAdapter;
        const response: unknown = context.switchToHttp().getResponse();
        adapter.status(response, result.status);
        for (const [name, value] of Object.entries(result.headers)) {
          adapter.setHeader(response, name, value);
        }
        return result.body;
      }),
    );
  }
}
