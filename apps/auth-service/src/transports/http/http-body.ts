import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from '@tangle/contracts';

/** Bodies nested deeper than this are refused before validation; no route needs more than 2. */
export const JSON_MAX_DEPTH = 32;

/** Refuses a parsed body nested deeper than JSON_MAX_DEPTH. */
export function depthLimit(
  request: IncomingMessage & { body?: unknown },
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (depthExceeds(request.body, JSON_MAX_DEPTH)) {
    next(
      new AuthError('INVALID_ARGUMENT', `the body is nested deeper than ${JSON_MAX_DEPTH} levels`),
    );
    return;
  }
  next();
}

/**
 * Whether `value` nests objects or arrays more than `max` levels deep. Iterative:
 * a body of 64 KiB can nest 32,000 levels, more than recursive code downstream
 * (validation, transformation) survives.
 */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A body-parser refusal: http-errors with a 4xx status whose message is marked
 * safe to show (`expose`), typed `entity.too.large`, `charset.unsupported`,
 * `encoding.unsupported`, `request.aborted`, … or untyped for a body that does
 * not inflate. The client's fault, answered with its status.
 */
export function bodyRefusal(exception: unknown): { status: number; detail: string } | null {
  if (!(exception instanceof Error)) return null;
  const { status, type, expose, limit } = exception as Error & {
    status?: unknown;
    type?: unknown;
    expose?: unknown;
    limit?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (expose !== true) return null;
  const detail =
    type === 'entity.too.large' && typeof limit === 'number'
      ? `the body is larger than ${limit} bytes`
      : exception.message;
  return { status, detail };
}
