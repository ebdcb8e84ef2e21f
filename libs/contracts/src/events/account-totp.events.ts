/**
 * Two-factor sign-in (TOTP, RFC 6238) on the `account-<userId>` stream. A TOTP secret only ever
 * appears sealed (AES-256-GCM under the TOTP key, which only the auth service holds); backup
 * codes only as keyed hashes.
 */

/** A setup began: a fresh secret waits for a first valid code. A newer setup replaces it. */
export const TotpSetupStarted = 'account.totp-setup-started.v1';
export interface TotpSetupStartedData {
  userId: string;
  /** Names this secret: a sign-in decided on another secret is refused. */
  secretId: string;
  sealedSecret: string;
  startedAt: number;
  expiresAt: number;
}

/** A valid code confirmed the pending secret: sign-in now needs a second factor. */
export const TotpEnabled = 'account.totp-enabled.v1';
export interface TotpEnabledData {
  userId: string;
  secretId: string;
  sealedSecret: string;
  /** The RFC 6238 time step of the confirming code: it and earlier ones are spent. */
  timeStep: number;
  /** Keyed hashes of the ten single-use backup codes. */
  backupCodeHashes: string[];
  enabledAt: number;
}

/** How a second factor was given. */
export type SecondFactorProof =
  { factor: 'totp'; timeStep: number } | { factor: 'backup-code'; codeHash: string };

/** Turned off with a valid code (the code is spent with it). */
export const TotpDisabled = 'account.totp-disabled.v1';
export type TotpDisabledData = { userId: string; disabledAt: number } & SecondFactorProof;

/**
 * A second factor was spent on a sign-in: a TOTP time step (no code of it or before it is
 * accepted again) or a backup code (never accepted again). Recorded just before the
 * `account.session-linked` it allowed.
 */
export const SecondFactorUsed = 'account.second-factor-used.v1';
export type SecondFactorUsedData = {
  userId: string;
  sessionId: string;
  at: number;
} & SecondFactorProof;

export type AccountTotpEvent =
  | { type: typeof TotpSetupStarted; data: TotpSetupStartedData }
  | { type: typeof TotpEnabled; data: TotpEnabledData }
  | { type: typeof TotpDisabled; data: TotpDisabledData }
  | { type: typeof SecondFactorUsed; data: SecondFactorUsedData };
