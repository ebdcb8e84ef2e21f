import { createHmac, randomBytes, webcrypto } from 'node:crypto';
import type { SecretSealer, SigningKeyStore } from '@tangle/application';
import { AesGcmSecretSealer } from '@tangle/platform';
import { InMemorySigningKeyStore } from '../../../application/src/testing/in-memory-signing-key-store';
import { keyScheduleOf, type AccessTokenSettings } from '../access-token-settings';
import { JoseAccessTokens } from '../jose-access-tokens';
import { SigningKeyRing, type CryptoKey, type SigningKeyRingOptions } from '../signing-key-ring';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Noon of day 20833 (2027-01-15 UTC): mid-period under a 24-hour rotation. */
export const T0 = 20_833 * DAY + 12 * HOUR;

export const SETTINGS: AccessTokenSettings = {
  issuer: 'https://auth.example.com',
  audience: 'tangle',
  ttlSeconds: 3_600,
  clockToleranceSeconds: 30,
  keyRotationHours: 24,
};

export interface TestClock {
  now(): number;
  advance(ms: number): number;
  set(at: number): number;
}

export function testClock(at = T0): TestClock {
  let now = at;
  return { now: () => now, advance: (ms) => (now += ms), set: (value) => (now = value) };
}

/** One instance: a ring over the given store (a fresh in-memory one by default), started. */
export async function startInstance(
  options: {
    store?: SigningKeyStore;
    sealer?: SecretSealer;
    clock?: TestClock;
    settings?: Partial<AccessTokenSettings>;
    ring?: SigningKeyRingOptions;
  } = {},
) {
  const store = options.store ?? new InMemorySigningKeyStore();
  const sealer = options.sealer ?? new AesGcmSecretSealer(randomBytes(32));
  const clock = options.clock ?? testClock();
  const settings = { ...SETTINGS, ...options.settings };
  const ring = new SigningKeyRing(store, sealer, clock, keyScheduleOf(settings), options.ring);
  await ring.start();
  const tokens = new JoseAccessTokens(ring, clock, settings);
  return { store, sealer, clock, settings, ring, tokens };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS with exactly this header and payload, signed by an Ed25519 key. */
export async function signEd25519(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: CryptoKey,
): Promise<string> {
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = await webcrypto.subtle.sign('Ed25519', key, Buffer.from(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** A compact JWS with this header and payload, HMAC-SHA256-signed with `secret`. */
export function signHs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: Buffer | string,
): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The claims a token of ours carries at `now` (seconds), to alter one at a time. */
export function claimsAt(now: number, settings: AccessTokenSettings = SETTINGS) {
  const iat = Math.floor(now / 1_000);
  return {
    iss: settings.issuer,
    aud: settings.audience,
    sub: '386015308038537216',
    sid: '386015310366375936',
    jti: randomBytes(16).toString('base64url'),
    iat,
    exp: iat + settings.ttlSeconds,
  };
}

/**
 * The real AccessTokens over an in-memory key ring on the given clock, for the application
 * harness (`applicationHarness({ accessTokens: inMemoryAccessTokens })`). The ring is not
 * started: it makes its keys on the first issue and has no timer to stop.
 */
export function inMemoryAccessTokens(
  clock: { now(): number },
  settings: AccessTokenSettings = SETTINGS,
): JoseAccessTokens {
  const ring = new SigningKeyRing(
    new InMemorySigningKeyStore(),
    new AesGcmSecretSealer(randomBytes(32)),
    clock,
    keyScheduleOf(settings),
  );
  return new JoseAccessTokens(ring, clock, settings);
}
