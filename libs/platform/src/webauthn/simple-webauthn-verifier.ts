import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { StoredCredential, VerifiedAssertion, WebAuthnVerifier } from '@tangle/application';
import type { NewCredential } from '@tangle/domain';

/** The relying party: the domain passkeys are bound to and the pages that may use them. */
export interface RelyingParty {
  /** A registrable domain (`example.com`), the RP id passkeys are scoped to. */
  id: string;
  /** Shown by the authenticator when creating a passkey. */
  name: string;
  /** Origins the browser may report (`https://example.com`, `https://app.example.com`). */
  origins: string[];
  /** How long the browser waits for the user, as the options say (the challenge's lifetime). */
  timeoutMs: number;
}

/**
 * WebAuthn with @simplewebauthn/server: ES256, EdDSA and RS256 keys, attestation `none` (the
 * service does not vet authenticator models), resident keys required, user verification
 * required in both ceremonies.
 */
export class SimpleWebAuthnVerifier implements WebAuthnVerifier {
  constructor(private readonly rp: RelyingParty) {}

  async registrationOptions(input: {
    challenge: string;
    userHandle: string;
    userName: string;
    userDisplayName: string;
    exclude: StoredCredential[];
  }): Promise<Record<string, unknown>> {
    const options = await generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: input.userName,
      userDisplayName: input.userDisplayName,
      userID: Buffer.from(input.userHandle, 'base64url'),
      challenge: Buffer.from(input.challenge, 'base64url'),
      timeout: this.rp.timeoutMs,
      attestationType: 'none',
      excludeCredentials: input.exclude.map((c) => ({
        id: c.credentialId,
        transports: c.transports as AuthenticatorTransport[],
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: [-8, -7, -257],
    });
    return options as unknown as Record<string, unknown>;
  }

  async verifyRegistration(
    response: unknown,
    expectedChallenge: string,
  ): Promise<NewCredential | null> {
    try {
      const result = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: [-8, -7, -257],
      });
      if (!result.verified || !result.registrationInfo.userVerified) return null;
      const info = result.registrationInfo;
      return {
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        signCount: info.credential.counter,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        transports: (info.credential.transports ?? []).slice(0, 8),
        aaguid: info.aaguid,
      };
    } catch {
      return null;
    }
  }

  async authenticationOptions(challenge: string): Promise<Record<string, unknown>> {
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      challenge: Buffer.from(challenge, 'base64url'),
      timeout: this.rp.timeoutMs,
      allowCredentials: [],
      userVerification: 'required',
    });
    return options as unknown as Record<string, unknown>;
  }

  async verifyAuthentication(
    response: unknown,
    expectedChallenge: string,
    credential: StoredCredential,
  ): Promise<VerifiedAssertion | null> {
    try {
      const result = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.id,
        requireUserVerification: true,
        credential: {
          id: credential.credentialId,
          publicKey: Buffer.from(credential.publicKey, 'base64url'),
          counter: credential.signCount,
          transports: credential.transports as AuthenticatorTransport[],
        },
      });
      if (!result.verified || !result.authenticationInfo.userVerified) return null;
      return {
        signCount: result.authenticationInfo.newCounter,
        backedUp: result.authenticationInfo.credentialBackedUp,
      };
    } catch {
      return null;
    }
  }
}
