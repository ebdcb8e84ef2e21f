import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ACCESS_TOKENS, type AccessTokens, type PublicKeySet } from '@tangle/application';

/**
 * How long gateways may cache the key set. Short, so a revoked key leaves their caches within
 * minutes; the next key is published a whole rotation period before it signs, so a cache this
 * old never lacks it.
 */
export const JWKS_MAX_AGE_SECONDS = 300;

/** The public keys that verify access tokens (RFC 7517), for gateways that verify offline. */
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens) {}

  @Get('jwks.json')
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  jwks(): Promise<PublicKeySet> {
    return this.accessTokens.publicKeys();
  }
}
