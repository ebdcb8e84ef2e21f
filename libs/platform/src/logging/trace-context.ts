import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What a caller (a gateway, a proxy) may send as its own trace id and have echoed back. */
const CALLER_TRACE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const scope = new AsyncLocalStorage<string>();

/**
 * Runs `work` with `traceId` as the current trace id: every log line written while it runs,
 * in the same call or in anything it awaits, carries it (the service logger's mixin reads it).
 */
export function withTraceId<T>(traceId: string, work: () => T): T {
  return scope.run(traceId, work);
}

/** The trace id of the request being handled, if any. */
export function currentTraceId(): string | undefined {
  return scope.getStore();
}

/**
 * A caller's id (an `X-Request-Id` header) when it is a plain token of 8 to 128 characters
 * (letters, digits, `.`, `_`, `:`, `-`), so that it cannot forge log fields or fill the log;
 * anything else is not taken.
 */
export function acceptedTraceId(sent: unknown): string | undefined {
  return typeof sent === 'string' && CALLER_TRACE_ID.test(sent) ? sent : undefined;
}

/**
 * A fresh trace id, `req_…` for HTTP and `rpc_…` for WebSocket calls. Unique, not secret: a
 * random prefix per process and a counter (no entropy per request).
 */
export function newTraceId(kind: 'req' | 'rpc'): string {
  return `${kind}_${PROCESS_PREFIX}${(++counter).toString(36).padStart(6, '0')}`;
}

const PROCESS_PREFIX = randomBytes(6).toString('base64url');
let counter = 0;
