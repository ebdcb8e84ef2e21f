import { ERROR_CATALOGUE } from '@tangle/contracts';
import type { JsonSchema } from '@tangle/protocol';

/** The OpenAPI component name of the error body (`errorBody` in auth-error.filter.ts). */
export const ERROR_BODY_SCHEMA = 'Error';
export const ERROR_BODY_SCHEMA_REF = `#/components/schemas/${ERROR_BODY_SCHEMA}`;

/** The JSON schema of what AuthErrorFilter answers; keep it beside any change to `errorBody`. */
export function errorBodySchema(): JsonSchema {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'name', 'message'],
        properties: {
          code: { type: 'integer', format: 'int32', description: 'RPCError.error_code' },
          name: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
          message: { type: 'string' },
          trace_id: {
            type: 'string',
            description: 'on INTERNAL only: the id logged with the failure',
          },
        },
      },
    },
  };
}
