/** A fresh TOTP secret: sealed for the event that keeps it, and the URL an authenticator app scans. */
export interface NewTotpSecret {
  sealedSecret: string;
  /** `otpauth://totp/<issuer>:<label>?secret=…&issuer=…`: shown to the owner once. */
  url: string;
}

/**
 * RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s steps: what authenticator apps
 * use). Secrets exist in plain text only inside the adapter: it seals them under its own key,
 * and opens them only to check a code.
 */
export interface TotpAuthenticator {
  newSecret(label: string): NewTotpSecret;
  /**
   * The RFC 6238 time step of the code when it is valid at `at` (unix ms) for the sealed secret,
   * one step of clock drift either way allowed; null otherwise (a malformed code included).
   */
  verify(sealedSecret: string, code: string, at: number): number | null;
}
export const TOTP_AUTHENTICATOR = Symbol('TotpAuthenticator');
