import type { IncomingMessage } from 'node:http';
import { acceptedTraceId, newTraceId } from '@tangle/platform';

/**
 * The id of one HTTP request, which is also its trace id: the caller's `X-Request-Id` when it
 * is a plain token (so a gateway's id follows the request into our logs), else a fresh `req_…`.
 * It is answered in the `X-Request-Id` header, in every JSON envelope (and as `traceId` in
 * every error), and is the `traceId` field of the request's log lines.
 */
export function requestIdOf(request: IncomingMessage): string {
  return acceptedTraceId(request.headers['x-request-id']) ?? newTraceId('req');
}
