import { AuthError, describeError } from '@tangle/contracts';

/**
 * The JSON envelope of the gateway API, on every answer of its routes and on every HTTP error:
 * `{ "success", "data" | "error", "timestamp", "requestId" }`.
 */
export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  timestamp: string;
  requestId: string;
}

export interface ErrorEnvelope {
  success: false;
  error: {
    /** The catalogue's name: INVALID_CREDENTIALS, RATE_LIMIT_EXCEEDED, … (docs/errors.md). */
    code: string;
    /** The same error's number, as the WebSocket's RPCError.error_code carries it. */
    errorCode: number;
    message: string;
    /** The request's trace id (as `requestId` and X-Request-Id): the `traceId` of its log lines. */
    traceId: string;
  };
  timestamp: string;
  requestId: string;
}

export function successEnvelope<T>(data: T, requestId: string): SuccessEnvelope<T> {
  return { success: true, data, timestamp: new Date().toISOString(), requestId };
}

/** Every error names the request's trace id, so that its log lines can be found from the answer. */
export function errorEnvelope(error: AuthError, requestId: string): ErrorEnvelope {
  const { name, code } = describeError(error.errorName);
  return {
    success: false,
    error: { code: name, errorCode: code, message: error.message, traceId: requestId },
    timestamp: new Date().toISOString(),
    requestId,
  };
}
