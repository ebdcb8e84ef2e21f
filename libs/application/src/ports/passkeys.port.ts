import type { NewCredential } from '@tangle/domain';

/** A stored passkey as the verifier needs it. */
export interface StoredCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

/** What a verified assertion proved. */
export interface VerifiedAssertion {
  signCount: number;
  backedUp: boolean;
}

/**
 * The WebAuthn ceremonies' cryptography for the configured relying party (its id, name and the
 * origins it accepts). Options are the JSON the browser's `navigator.credentials` calls take
 * (PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON); responses are the JSON the
 * browser answers with. User verification is always required. A response that does not verify
 * (wrong origin, RP id, challenge, signature, no user verification) gives null, never a throw.
 */
export interface WebAuthnVerifier {
  registrationOptions(input: {
    challenge: string;
    /** The account's user handle (base64url): an opaque value, never the email. */
    userHandle: string;
    userName: string;
    userDisplayName: string;
    exclude: StoredCredential[];
  }): Promise<Record<string, unknown>>;
  verifyRegistration(response: unknown, expectedChallenge: string): Promise<NewCredential | null>;
  authenticationOptions(challenge: string): Promise<Record<string, unknown>>;
  verifyAuthentication(
    response: unknown,
    expectedChallenge: string,
    credential: StoredCredential,
  ): Promise<VerifiedAssertion | null>;
}
export const WEBAUTHN_VERIFIER = Symbol('WebAuthnVerifier');
