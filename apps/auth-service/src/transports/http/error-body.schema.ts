import { ERROR_CATALOGUE } from '@tangle/contracts';
import type { JsonSchema } from '@tangle/protocol';

/** The OpenAPI component name of the error body (`errorEnvelope` in http-envelope.ts). */
export const ERROR_BODY_SCHEMA = 'Error';
export const ERROR_BODY_SCHEMA_REF = `#/components/schemas/${ERROR_BODY_SCHEMA}`;

/** The JSON schema of what AuthErrorFilter answers; keep it beside any change to ErrorEnvelope. */
export function errorBodySchema(): JsonSchema {
  return {
    type: 'object',
    required: ['success', 'error', 'timestamp', 'requestId'],
    properties: {
      success: { type: 'boolean', enum: [false] },
      error: {
        type: 'object',
        required: ['code', 'errorCode', 'message', 'traceId'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE), description: 'the name' },
          errorCode: {
            type: 'integer',
            format: 'int32',
            description: "the number, as the WebSocket's RPCError.error_code",
          },
          message: { type: 'string' },
          traceId: {
            type: 'string',
            description: "the request's trace id (as requestId): the traceId of its log lines",
          },
        },
      },
      timestamp: { type: 'string', format: 'date-time' },
      requestId: { type: 'string', description: 'as the X-Request-Id header' },
    },
  };
}
