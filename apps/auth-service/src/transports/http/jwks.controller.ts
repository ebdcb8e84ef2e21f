import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ACCESS_TOKENS, type AccessTokens, type PublicKeySet } from '@tangle/application';

/**
 * How long gateways may cache the key set. Short, so a revoked key leaves their caches within
 * minutes; the next key is published a whole rotation period before it signs, so a cache this
 * old never lacks it.
 */
export const JWKS_MAX_AGE_SECONDS = 300;

/** The public keys that verify access tokens (RFC 7517), for gateways that verify offline. */
@Controller('.well-known')
@ApiTags('Operations')
export class JwksController {
  constructor(@Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens) {}

  @Get('jwks.json')
  @ApiOkResponse({
    description: 'a JSON Web Key Set (RFC 7517) of Ed25519 keys',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              kty: { type: 'string', enum: ['OKP'] },
              crv: { type: 'string', enum: ['Ed25519'] },
              x: { type: 'string' },
              kid: { type: 'string' },
              alg: { type: 'string', enum: ['EdDSA'] },
              use: { type: 'string', enum: ['sig'] },
            },
          },
        },
      },
    },
  })
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  jwks(): Promise<PublicKeySet> {
    return this.accessTokens.publicKeys();
  }
}
