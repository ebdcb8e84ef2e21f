import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a caller (a gateway, a proxy) may send as its own request id and have echoed back. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The id of one HTTP request: the caller's `X-Request-Id` when it is a plain token (so a
 * gateway's id follows the request into our logs), else a fresh `req_…`. It is answered in the
 * `X-Request-Id` header and in every JSON envelope, and names the request in error logs.
 */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  if (typeof sent === 'string' && CALLER_REQUEST_ID.test(sent)) return sent;
  // Unique, not secret: a random prefix per process and a counter (no entropy per request).
  return `req_${PROCESS_PREFIX}${(++counter).toString(36).padStart(6, '0')}`;
}

const PROCESS_PREFIX = randomBytes(6).toString('base64url');
let counter = 0;
