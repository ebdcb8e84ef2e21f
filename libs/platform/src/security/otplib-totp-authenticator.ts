import { generateSecret, generateURI, verifySync } from 'otplib';
import type { NewTotpSecret, SecretSealer, TotpAuthenticator } from '@tangle/application';

/** RFC 6238 as authenticator apps read it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_S = 30;
/** 160-bit secrets (RFC 4226's recommendation). */
const SECRET_BYTES = 20;
const CODE = /^\d{6}$/;

/**
 * TOTP by otplib. The base32 secret is sealed (AES-256-GCM under the TOTP key) before it
 * leaves this class and opened only to check a code; a code is accepted one step (30 s) early
 * or late, for clock drift.
 */
export class OtplibTotpAuthenticator implements TotpAuthenticator {
  constructor(
    private readonly sealer: SecretSealer,
    private readonly issuer: string,
  ) {}

  newSecret(label: string): NewTotpSecret {
    const secret = generateSecret({ length: SECRET_BYTES });
    return {
      sealedSecret: this.sealer.seal(secret),
      url: generateURI({ issuer: this.issuer, label, secret, period: PERIOD_S }),
    };
  }

  verify(sealedSecret: string, code: string, at: number): number | null {
    if (!CODE.test(code)) return null;
    const result = verifySync({
      secret: this.sealer.open(sealedSecret),
      token: code,
      epoch: Math.floor(at / 1000),
      period: PERIOD_S,
      epochTolerance: PERIOD_S,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
