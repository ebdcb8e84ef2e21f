import { createPublicKey, randomBytes, verify as nodeVerify, type KeyObject } from 'node:crypto';
import {
  DEFAULT_ACCESS_TOKEN_SETTINGS,
  JoseAccessTokens,
  SigningKeyRing,
  SqliteSigningKeyStore,
  keyScheduleOf,
} from '@tangle/access-tokens';
import { AesGcmSecretSealer, SystemClock } from '@tangle/platform';
import { count } from './format';
import { measured, type CaseOutput } from './rows';
import { LatencyRecorder, type LatencySummary } from './stats';

export interface AccessTokenVerifyParams {
  /** The adapter's verification and the reference alternate this many times… */
  rounds: number;
  /** …each for this long. */
  roundMs: number;
}

export interface VerificationRate {
  verifications: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
}

/**
 * Verifies `token` back to back (one at a time, awaited) for `durationMs` and counts. Every
 * verification must accept the token: a refusal would measure the wrong path, so it throws.
 */
export async function measureVerificationsPerSecond(
  verify: (token: string) => unknown,
  token: string,
  durationMs: number,
): Promise<VerificationRate> {
  const latency = new LatencyRecorder();
  const started = performance.now();
  const deadline = started + durationMs;
  let now = started;
  let verifications = 0;
  while (now < deadline) {
    const before = now;
    const result = await verify(token);
    if (result === null || result === false) throw new Error('the token was refused');
    now = performance.now();
    latency.record(now - before);
    verifications++;
  }
  const seconds = (now - started) / 1_000;
  return { verifications, seconds, perSecond: verifications / seconds, latency: latency.summary() };
}

/** A started ring on an in-memory SQLite store, the real adapter, and one token it issued. */
export async function accessTokenSetup() {
  const store = await SqliteSigningKeyStore.open(':memory:');
  const clock = new SystemClock();
  const settings = { ...DEFAULT_ACCESS_TOKEN_SETTINGS, issuer: 'https://auth.example.com' };
  const ring = new SigningKeyRing(
    store,
    new AesGcmSecretSealer(randomBytes(32)),
    clock,
    keyScheduleOf(settings),
  );
  await ring.start();
  const tokens = new JoseAccessTokens(ring, clock, settings);
  const { token } = await tokens.issue({
    userId: '386015308038537216',
    sessionId: '386015310366375936',
  });
  const kid = ring.signingKey()!.kid;
  const publicKey = createPublicKey({ key: { ...ring.signingKey()!.publicJwk }, format: 'jwk' });
  return {
    tokens,
    token,
    kid,
    publicKey,
    close: async () => {
      ring.stop();
      await store.close();
    },
  };
}

/** The signature check alone: Ed25519 over the token's first two parts, with node:crypto. */
export function verifySignatureOnly(token: string, publicKey: KeyObject): boolean {
  const dot = token.lastIndexOf('.');
  return nodeVerify(
    null,
    Buffer.from(token.slice(0, dot)),
    publicKey,
    Buffer.from(token.slice(dot + 1), 'base64url'),
  );
}

/**
 * Access-token verification through the AccessTokens adapter (header checks, jose's jwtVerify
 * with WebCrypto Ed25519, claim checks) against the bare Ed25519 signature check of the same
 * token with node:crypto, in alternating rounds (R S R … R).
 */
export async function accessTokenVerifyBench(params: AccessTokenVerifyParams): Promise<CaseOutput> {
  const setup = await accessTokenSetup();
  try {
    const reference = () =>
      measureVerificationsPerSecond(
        (token) => verifySignatureOnly(token, setup.publicKey),
        setup.token,
        params.roundMs,
      );
    const referenceRounds = [await reference()];
    const adapterRounds = [];
    for (let round = 0; round < params.rounds; round++) {
      adapterRounds.push(
        await measureVerificationsPerSecond(
          (token) => setup.tokens.verify(token),
          setup.token,
          params.roundMs,
        ),
      );
      referenceRounds.push(await reference());
    }
    const total = (rates: VerificationRate[]) =>
      rates.reduce((sum, rate) => sum + rate.verifications, 0) /
      rates.reduce((sum, rate) => sum + rate.seconds, 0);
    const adapterLatency = adapterRounds[adapterRounds.length - 1].latency;
    return {
      rows: [
        measured({
          id: 'ed25519-verify-reference',
          name: 'Ed25519 signature check, reference (node:crypto, one token)',
          throughput: total(referenceRounds),
          unit: 'ops/s',
          rssOf: 'bench process',
          rounds: referenceRounds.map((rate) => rate.perSecond),
          notes: ['synchronous crypto.verify of the token’s signature, nothing else'],
        }),
        measured({
          id: 'access-token-verify',
          name: 'Access token verification (AccessTokens.verify, one token)',
          throughput: total(adapterRounds),
          unit: 'ops/s',
          p50Ms: adapterLatency.p50Ms,
          p99Ms: adapterLatency.p99Ms,
          rssOf: 'bench process',
          referenceId: 'ed25519-verify-reference',
          rounds: adapterRounds.map((rate) => rate.perSecond),
          notes: [
            `jose jwtVerify (WebCrypto Ed25519) plus header and claim checks, awaited one at a time; ${count(
              adapterRounds.reduce((sum, rate) => sum + rate.verifications, 0),
            )} verifications`,
          ],
        }),
      ],
    };
  } finally {
    await setup.close();
  }
}
