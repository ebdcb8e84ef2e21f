import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { SecretSealer, StoredSigningKey } from '@tangle/application';
import type { KeySlot } from './key-schedule';

/** The public half of an Ed25519 key as a JWK (RFC 8037). */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** A stored key, opened: its window and its halves (base64url), `d` null once dropped. */
export interface OpenedSigningKey extends KeySlot {
  x: string;
  d: string | null;
}

/** What is sealed: the material with the id and window it belongs to. */
interface SealedContent {
  v: 1;
  kid: string;
  signFrom: number;
  signUntil: number;
  x: string;
  d?: string;
}

/** A fresh Ed25519 key pair for the slot, sealed, ready for `insertIfAbsent`. */
export function newSigningKey(slot: KeySlot, sealer: SecretSealer): StoredSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { x, d } = privateKey.export({ format: 'jwk' });
  if (typeof x !== 'string' || typeof d !== 'string') throw new Error('Ed25519 export failed');
  return {
    ...slot,
    sealed: seal(sealer, { ...slot, x, d }),
    hasPrivate: true,
    revokedAt: null,
  };
}

/** The key's public half alone, sealed the same way: what `dropPrivate` stores. */
export function sealPublicHalf(key: OpenedSigningKey, sealer: SecretSealer): string {
  return seal(sealer, { ...key, d: null });
}

/**
 * Opens a stored key and checks that the sealed content belongs to this record (same id and
 * window, private half present exactly when the record says so) and that the private half
 * matches the public one. Throws, with the reason, for anything else.
 */
export function openSigningKey(stored: StoredSigningKey, sealer: SecretSealer): OpenedSigningKey {
  if (stored.revokedAt !== null || stored.sealed === '') {
    throw new Error(`signing key ${stored.kid} is revoked`);
  }
  let content: SealedContent;
  try {
    content = JSON.parse(sealer.open(stored.sealed)) as SealedContent;
  } catch {
    throw new Error(
      `signing key ${stored.kid} cannot be opened: sealed under another JWT_KEY_ENCRYPTION_KEY, or altered`,
    );
  }
  const d = typeof content.d === 'string' ? content.d : null;
  if (
    content.v !== 1 ||
    content.kid !== stored.kid ||
    content.signFrom !== stored.signFrom ||
    content.signUntil !== stored.signUntil ||
    typeof content.x !== 'string' ||
    (d !== null) !== stored.hasPrivate
  ) {
    throw new Error(`signing key ${stored.kid}: the sealed key belongs to another record`);
  }
  if (d !== null && derivePublicHalf(d, content.x) !== content.x) {
    throw new Error(`signing key ${stored.kid}: its private and public halves do not match`);
  }
  return {
    kid: stored.kid,
    signFrom: stored.signFrom,
    signUntil: stored.signUntil,
    x: content.x,
    d,
  };
}

export function publicJwkOf(key: Pick<OpenedSigningKey, 'x'>): PublicSigningJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: key.x };
}

function seal(sealer: SecretSealer, key: KeySlot & { x: string; d: string | null }): string {
  const content: SealedContent = {
    v: 1,
    kid: key.kid,
    signFrom: key.signFrom,
    signUntil: key.signUntil,
    x: key.x,
    ...(key.d === null ? {} : { d: key.d }),
  };
  return sealer.seal(JSON.stringify(content));
}

function derivePublicHalf(d: string, x: string): unknown {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
  return createPublicKey(privateKey).export({ format: 'jwk' }).x;
}
