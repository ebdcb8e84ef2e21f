import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schemas of the gateway API's answers (gateway.controller.ts). */

export const NULLABLE_TIME: SchemaObject = { type: 'string', format: 'date-time', nullable: true };

export const USER: SchemaObject & { properties: Record<string, SchemaObject> } = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string', nullable: true },
    firstName: { type: 'string', nullable: true },
    lastName: { type: 'string', nullable: true },
    accountType: { type: 'string' },
    emailVerified: { type: 'boolean' },
    createdAt: NULLABLE_TIME,
  },
};

export const TOKENS: SchemaObject = {
  type: 'object',
  required: ['accessToken', 'refreshToken', 'expiresIn'],
  properties: {
    accessToken: { type: 'string', description: 'an EdDSA JWT (typ at+jwt)' },
    refreshToken: { type: 'string', description: 'tgr_…, rotated by /auth/refresh' },
    expiresIn: { type: 'integer', description: 'seconds' },
  },
};

/** The schema of `successEnvelope(data)`. */
export function envelopeOf(data: Record<string, SchemaObject>): SchemaObject {
  return {
    type: 'object',
    required: ['success', 'data', 'timestamp', 'requestId'],
    properties: {
      success: { type: 'boolean', enum: [true] },
      data: { type: 'object', properties: data },
      timestamp: { type: 'string', format: 'date-time' },
      requestId: { type: 'string' },
    },
  };
}
