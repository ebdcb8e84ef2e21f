import type { Provider } from '@nestjs/common';
import {
  DEFAULT_PASSKEY_CHALLENGE_TTL_MS,
  PASSKEY_CHALLENGE_TTL_MS,
  WEBAUTHN_VERIFIER,
  type WebAuthnVerifier,
} from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { SimpleWebAuthnVerifier } from '@tangle/platform';
import type { PasskeyConfig } from '../config/auth-service.config';

const NOT_CONFIGURED =
  'passkeys need a relying-party domain: set WEBAUTHN_RP_ID (PUBLIC_BASE_URL names an IP address)';

/** Without a relying-party domain every ceremony answers NOT_SERVED, saying what to set. */
const notConfigured: WebAuthnVerifier = {
  registrationOptions: () => Promise.reject(new AuthError('NOT_SERVED', NOT_CONFIGURED)),
  verifyRegistration: () => Promise.reject(new AuthError('NOT_SERVED', NOT_CONFIGURED)),
  authenticationOptions: () => Promise.reject(new AuthError('NOT_SERVED', NOT_CONFIGURED)),
  verifyAuthentication: () => Promise.reject(new AuthError('NOT_SERVED', NOT_CONFIGURED)),
};

/** The WebAuthn relying party of the configuration, and the challenges' lifetime. */
export function passkeyProviders(config: PasskeyConfig | null): Provider[] {
  return [
    {
      provide: WEBAUTHN_VERIFIER,
      useValue: config
        ? new SimpleWebAuthnVerifier({
            id: config.rpId,
            name: config.rpName,
            origins: config.origins,
            timeoutMs: config.challengeTtlMs,
          })
        : notConfigured,
    },
    {
      provide: PASSKEY_CHALLENGE_TTL_MS,
      useValue: config?.challengeTtlMs ?? DEFAULT_PASSKEY_CHALLENGE_TTL_MS,
    },
  ];
}
