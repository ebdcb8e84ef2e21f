/**
 * Events of the `passkeys-<userId>` stream: the account's passkeys (WebAuthn credentials) and
 * the ceremonies that used them. Ids and keys are base64url; times are unix ms.
 */

/** Whether the authenticator may sync the credential (`multiDevice`: backup eligible). */
export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/** The single-use challenge a ceremony answered, so it cannot be answered twice. */
export interface PasskeyChallengeUse {
  challengeId: string;
  /** When the challenge stopped being usable: the state forgets it after that. */
  challengeExpiresAt: number;
}

export const PasskeyRegistered = 'passkey.registered.v1';
export interface PasskeyRegisteredData extends PasskeyChallengeUse {
  userId: string;
  /** Unique across accounts through the `credential-<key>` reservation. */
  credentialId: string;
  /** The credential's COSE public key. */
  publicKey: string;
  /** Chosen by the user (or a default); shown in the passkey list. */
  name: string;
  /** The authenticator's signature counter at registration (0 when it keeps none). */
  signCount: number;
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  /** How the browser can reach the authenticator (`internal`, `hybrid`, `usb`, …). */
  transports: string[];
  /** The authenticator model's AAGUID (all zeros when it does not say). */
  aaguid: string;
  registeredAt: number;
}

export const PasskeyRenamed = 'passkey.renamed.v1';
export interface PasskeyRenamedData {
  userId: string;
  credentialId: string;
  name: string;
  at: number;
}

export const PasskeyRemoved = 'passkey.removed.v1';
export interface PasskeyRemovedData {
  userId: string;
  credentialId: string;
  at: number;
}

/** A verified assertion: the passkey signed a challenge of ours with user verification. */
export const PasskeyUsed = 'passkey.used.v1';
export interface PasskeyUsedData extends PasskeyChallengeUse {
  userId: string;
  credentialId: string;
  /** The counter the assertion carried: it must grow when either it or the stored one is not 0. */
  signCount: number;
  backedUp: boolean;
  at: number;
}

export type PasskeyEvent =
  | { type: typeof PasskeyRegistered; data: PasskeyRegisteredData }
  | { type: typeof PasskeyRenamed; data: PasskeyRenamedData }
  | { type: typeof PasskeyRemoved; data: PasskeyRemovedData }
  | { type: typeof PasskeyUsed; data: PasskeyUsedData };

/**
 * Events of the `credential-<key>` stream, key a keyed hash of a passkey's credential id: one
 * account per credential, and the way from a discoverable credential to its account.
 */
export const CredentialReserved = 'credential.reserved.v1';
export interface CredentialReservedData {
  userId: string;
  credentialId: string;
  reservedAt: number;
}

export const CredentialReleased = 'credential.released.v1';
export interface CredentialReleasedData {
  userId: string;
  /** `deleted`: the passkey was removed; `abandoned`: it was never registered (a crash). */
  reason: 'abandoned' | 'changed' | 'deleted';
  releasedAt: number;
}

export type CredentialReservationEvent =
  | { type: typeof CredentialReserved; data: CredentialReservedData }
  | { type: typeof CredentialReleased; data: CredentialReleasedData };
