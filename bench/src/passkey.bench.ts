import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { SimpleWebAuthnVerifier } from '@tangle/platform';
import { SoftAuthenticator } from '../../libs/platform/src/webauthn/soft-authenticator';
import { count } from './format';
import { measured, type CaseOutput } from './rows';
import { LatencyRecorder } from './stats';

export interface PasskeyVerifyParams {
  /** The verifier and the reference alternate this many times… */
  rounds: number;
  /** …each for this long. */
  roundMs: number;
}

const RP_ID = 'auth.example.com';
const ORIGIN = `https://${RP_ID}`;

interface Rate {
  verifications: number;
  seconds: number;
  perSecond: number;
}

async function rate(verify: () => unknown, durationMs: number, latency?: LatencyRecorder) {
  const started = performance.now();
  let now = started;
  let verifications = 0;
  while (now < started + durationMs) {
    const before = now;
    if (!(await verify())) throw new Error('the assertion was refused');
    now = performance.now();
    latency?.record(now - before);
    verifications++;
  }
  const seconds = (now - started) / 1_000;
  return { verifications, seconds, perSecond: verifications / seconds };
}

/**
 * A registered passkey (ES256, through the verifier's own registration check) and one assertion
 * signed by it, with the public key as node:crypto holds it for the reference.
 */
async function passkeySetup() {
  const verifier = new SimpleWebAuthnVerifier({
    id: RP_ID,
    name: 'Bench',
    origins: [ORIGIN],
    timeoutMs: 300_000,
  });
  const authenticator = new SoftAuthenticator(ORIGIN, { countless: true });
  const challenge = Buffer.alloc(42, 7).toString('base64url');
  const creation = await verifier.registrationOptions({
    challenge,
    userHandle: Buffer.alloc(32, 1).toString('base64url'),
    userName: 'bench@example.com',
    userDisplayName: 'Bench',
    exclude: [],
  });
  const credential = await verifier.verifyRegistration(
    authenticator.create(creation as never),
    challenge,
  );
  if (!credential) throw new Error('the bench passkey did not register');
  const assertion = authenticator.get({ challenge, rpId: RP_ID }, RP_ID);
  const stored = {
    credentialId: credential.credentialId,
    publicKey: credential.publicKey,
    signCount: credential.signCount,
    transports: credential.transports,
  };
  const signed = Buffer.concat([
    Buffer.from(assertion.response.authenticatorData, 'base64url'),
    createHash('sha256')
      .update(Buffer.from(assertion.response.clientDataJSON, 'base64url'))
      .digest(),
  ]);
  const signature = Buffer.from(assertion.response.signature, 'base64url');
  const publicKey = publicKeyOf(authenticator);
  return { verifier, assertion, challenge, stored, signed, signature, publicKey };
}

function publicKeyOf(authenticator: SoftAuthenticator): KeyObject {
  const [credential] = authenticator.credentials.values();
  return createPublicKey(credential.privateKey);
}

/**
 * Passkey authentication verification (WebAuthnVerifier.verifyAuthentication: client data,
 * origin, RP id hash, flags, counter, COSE key decoding and the ES256 signature) against the
 * bare ECDSA P-256 check of the same signature with node:crypto, in alternating rounds.
 */
export async function passkeyVerifyBench(params: PasskeyVerifyParams): Promise<CaseOutput> {
  const setup = await passkeySetup();
  const reference = () =>
    rate(
      () => nodeVerify('sha256', setup.signed, setup.publicKey, setup.signature),
      params.roundMs,
    );
  const latency = new LatencyRecorder();
  const referenceRounds: Rate[] = [await reference()];
  const verifierRounds: Rate[] = [];
  for (let round = 0; round < params.rounds; round++) {
    verifierRounds.push(
      await rate(
        () => setup.verifier.verifyAuthentication(setup.assertion, setup.challenge, setup.stored),
        params.roundMs,
        latency,
      ),
    );
    referenceRounds.push(await reference());
  }
  const total = (rates: Rate[]) =>
    rates.reduce((sum, r) => sum + r.verifications, 0) /
    rates.reduce((sum, r) => sum + r.seconds, 0);
  const summary = latency.summary();
  return {
    rows: [
      measured({
        id: 'ecdsa-p256-verify-reference',
        name: 'ECDSA P-256 signature check, reference (node:crypto, one assertion)',
        throughput: total(referenceRounds),
        unit: 'ops/s',
        rssOf: 'bench process',
        rounds: referenceRounds.map((r) => r.perSecond),
        notes: ['synchronous crypto.verify of the assertion’s signature, nothing else'],
      }),
      measured({
        id: 'passkey-verify',
        name: 'Passkey authentication verification (WebAuthnVerifier, ES256)',
        throughput: total(verifierRounds),
        unit: 'ops/s',
        p50Ms: summary.p50Ms,
        p99Ms: summary.p99Ms,
        rssOf: 'bench process',
        referenceId: 'ecdsa-p256-verify-reference',
        rounds: verifierRounds.map((r) => r.perSecond),
        notes: [
          `@simplewebauthn/server verifyAuthenticationResponse with user verification required, awaited one at a time; ${count(
            verifierRounds.reduce((sum, r) => sum + r.verifications, 0),
          )} verifications; the sign-in adds a stream read, an append and the session`,
        ],
      }),
    ],
  };
}
