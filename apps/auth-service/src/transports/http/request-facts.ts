import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

/**
 * What the server itself observed about a request, for controllers that need the client's
 * address (`ClientAddressResolver.resolve(facts.peerAddress, facts.headers)`, which trusts
 * forwarding headers only from TRUSTED_PROXIES) or a header such as User-Agent.
 */
export interface RequestFacts {
  /** The TCP peer: the client, or the last proxy in front of it. */
  readonly peerAddress: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** This request's id (see request-id.ts), as the answer's X-Request-Id header says it. */
  readonly requestId: string;
}

/**
 * `@RequestFacts() facts: RequestFacts` in a controller method: the peer address and headers
 * without the HTTP adapter's request type (Fastify's wraps node's IncomingMessage as `raw`;
 * Express's is one). Controllers take this, `@Body()`, `@Param()`, `@Query()` and
 * `@Headers()`, and return what to send, never touching the adapter's request or response.
 */
export const RequestFacts = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestFacts =>
    requestFactsOf(context.switchToHttp().getRequest<AdapterRequest>()),
);

/** An adapter's request: node's own, or a wrapper holding it as `raw` (and its id as `id`). */
type AdapterRequest = IncomingMessage | { raw: IncomingMessage; id?: unknown };

export function requestFactsOf(request: AdapterRequest): RequestFacts {
  const raw = 'raw' in request ? request.raw : request;
  const id = 'raw' in request && typeof request.id === 'string' ? request.id : requestIdOf(raw);
  return { peerAddress: raw.socket?.remoteAddress, headers: raw.headers, requestId: id };
}
