import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import type { AnsweredChallenge } from '@tangle/domain';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  type Clock,
  type IdentifierKeys,
  type SecretGenerator,
} from '../ports';

/** How long a passkey ceremony's challenge can be answered. */
export const PASSKEY_CHALLENGE_TTL_MS = Symbol('PasskeyChallengeTtlMs');
export const DEFAULT_PASSKEY_CHALLENGE_TTL_MS = 300_000;

export type PasskeyCeremony = 'register' | 'authenticate';

const VERSION = 1;
const CEREMONY_BYTE: Record<PasskeyCeremony, number> = { register: 1, authenticate: 2 };
const NONCE_BYTES = 16;
const BODY_BYTES = 2 + 8 + NONCE_BYTES;
const MAC_BYTES = 16;

export interface IssuedChallenge {
  /** base64url: what the options carry and the authenticator signs. */
  challenge: string;
  expiresAt: number;
}

/**
 * Challenges that carry their own ceremony, expiry and (for a registration) account, under a
 * MAC of the identifier key: issuing one writes nothing, so asking for options costs no event.
 * A challenge is spent on the account's passkeys stream when a ceremony completes
 * (`usedChallenges` of the passkeys decider), which makes it single-use; its nonce is its id.
 */
@Injectable()
export class PasskeyChallenges {
  constructor(
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional()
    @Inject(PASSKEY_CHALLENGE_TTL_MS)
    private readonly ttlMs: number = DEFAULT_PASSKEY_CHALLENGE_TTL_MS,
  ) {}

  issue(ceremony: PasskeyCeremony, userId: string | null): IssuedChallenge {
    const expiresAt = this.clock.now() + this.ttlMs;
    const body = Buffer.alloc(BODY_BYTES);
    body[0] = VERSION;
    body[1] = CEREMONY_BYTE[ceremony];
    body.writeBigUInt64BE(BigInt(expiresAt), 2);
    Buffer.from(this.secrets.urlToken(NONCE_BYTES), 'base64url').copy(body, 10);
    const challenge = Buffer.concat([body, this.mac(body, ceremony, userId)]);
    return { challenge: challenge.toString('base64url'), expiresAt };
  }

  /**
   * The challenge a response answers, checked: ours, for this ceremony (and account), not
   * expired. Throws INVALID_CODE otherwise. Whether it was answered before is the passkeys
   * stream's check.
   */
  open(challenge: string, ceremony: PasskeyCeremony, userId: string | null): AnsweredChallenge {
    const bytes = /^[A-Za-z0-9_-]{1,128}$/.test(challenge)
      ? Buffer.from(challenge, 'base64url')
      : Buffer.alloc(0);
    const body = bytes.subarray(0, BODY_BYTES);
    const valid =
      bytes.length === BODY_BYTES + MAC_BYTES &&
      body[0] === VERSION &&
      body[1] === CEREMONY_BYTE[ceremony] &&
      timingSafeEqual(bytes.subarray(BODY_BYTES), this.mac(body, ceremony, userId));
    if (!valid) throw new AuthError('INVALID_CODE', 'not a passkey challenge of this ceremony');
    const expiresAt = Number(body.readBigUInt64BE(2));
    if (this.clock.now() >= expiresAt) {
      throw new AuthError('INVALID_CODE', 'the passkey challenge has expired: ask for a new one');
    }
    return { id: body.subarray(10).toString('base64url'), expiresAt };
  }

  private mac(body: Buffer, ceremony: PasskeyCeremony, userId: string | null): Buffer {
    const hex = this.keys.secretHash(
      'passkey-challenge',
      `${ceremony}:${userId ?? ''}`,
      body.toString('base64url'),
    );
    return Buffer.from(hex, 'hex').subarray(0, MAC_BYTES);
  }
}

/**
 * The challenge a browser's response answers, read from its `clientDataJSON` (not yet
 * verified: the verifier checks it signed). INVALID_ARGUMENT when the response has none.
 */
export function answeredChallenge(response: unknown): string {
  const clientData = (response as { response?: { clientDataJSON?: unknown } } | null)?.response
    ?.clientDataJSON;
  if (typeof clientData === 'string' && clientData.length <= 16_384) {
    try {
      const parsed = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8')) as {
        challenge?: unknown;
      };
      if (typeof parsed.challenge === 'string') return parsed.challenge;
    } catch {
      // answered below
    }
  }
  throw new AuthError('INVALID_ARGUMENT', 'response.clientDataJSON is not a WebAuthn client data');
}

/** The credential id a response names (`id`, base64url). */
export function respondingCredential(response: unknown): string {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,1366}$/.test(id)) {
    throw new AuthError('INVALID_ARGUMENT', 'response.id must be a base64url credential id');
  }
  return id;
}
