import type { webcrypto } from 'node:crypto';
import type { Clock, SecretSealer, SigningKeyStore, StoredSigningKey } from '@tangle/application';
import { importJWK } from 'jose';
import {
  isLive,
  planKeys,
  privateExpiresAt,
  signingKid,
  type KeyFacts,
  type KeySchedule,
} from './key-schedule';
import {
  newSigningKey,
  openSigningKey,
  publicJwkOf,
  sealPublicHalf,
  type PublicSigningJwk,
} from './signing-key-material';

/** WebCrypto's key type (Node's, as the ES2022 lib has no DOM types). */
export type CryptoKey = webcrypto.CryptoKey;

/** A key this instance has opened: its window, its public JWK and its WebCrypto halves. */
export interface LoadedSigningKey {
  kid: string;
  signFrom: number;
  signUntil: number;
  publicJwk: PublicSigningJwk;
  verifyKey: CryptoKey;
  /** null once the key verifies only. */
  signKey: CryptoKey | null;
}

/** One entry of the published key set (RFC 7517, RFC 8037): public fields only. */
export interface PublishedJwk extends PublicSigningJwk {
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKeyRingLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface SigningKeyRingOptions {
  /** Every instance reloads the keys (and does its share of the rotation) this often. */
  reloadIntervalMs?: number;
  /** A token naming a kid this instance has never seen reloads the keys at most this often. */
  unknownKidReloadIntervalMs?: number;
  logger?: SigningKeyRingLogger;
}

export const DEFAULT_RELOAD_INTERVAL_MS = 60_000;
export const DEFAULT_UNKNOWN_KID_RELOAD_INTERVAL_MS = 10_000;

interface CachedKey extends LoadedSigningKey {
  /** The stored sealed value it was opened from: a change (private half dropped) reopens it. */
  sealed: string;
}

/**
 * The signing keys of this instance, from the shared SigningKeyStore. Each refresh does what
 * the schedule asks of the store (make the current and next keys, drop private halves whose
 * signing is over, remove retired keys), then opens every live key. Every step is idempotent
 * and insert-if-absent decides races, so all instances may refresh at once and end with the
 * same keys.
 */
export class SigningKeyRing {
  private keys = new Map<string, CachedKey>();
  /** Every id in the store at the last load, revoked, retired and unopenable ones included. */
  private storedKids = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private lastUnknownKidReloadAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private readonly reloadIntervalMs: number;
  private readonly unknownKidReloadIntervalMs: number;
  private readonly logger: SigningKeyRingLogger;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
    readonly schedule: KeySchedule,
    options: SigningKeyRingOptions = {},
  ) {
    this.reloadIntervalMs = options.reloadIntervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
    this.unknownKidReloadIntervalMs =
      options.unknownKidReloadIntervalMs ?? DEFAULT_UNKNOWN_KID_RELOAD_INTERVAL_MS;
    this.logger = options.logger ?? { warn: () => undefined, error: () => undefined };
  }

  /** First refresh, then one every reload interval. Fails when no key can sign. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.signingKey() === null) {
      throw new Error(
        'no access-token signing key could be made or opened (see the errors above: a JWT_KEY_ENCRYPTION_KEY that differs from the one the keys were sealed with?)',
      );
    }
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`signing keys not reloaded: ${messageOf(error)}`),
      );
    }, this.reloadIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Rotates in the store as the schedule asks, then reloads; one at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.rotateAndLoad().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * For a token naming a kid that was not in the store at the last load: reloads, at most once
   * per `unknownKidReloadIntervalMs`, so tokens with made-up kids cannot hammer the store.
   * Never throws.
   */
  async reloadForUnknownKid(kid: string): Promise<void> {
    if (this.storedKids.has(kid)) return;
    if (this.refreshing === null) {
      const now = this.clock.now();
      if (now - this.lastUnknownKidReloadAt < this.unknownKidReloadIntervalMs) return;
      this.lastUnknownKidReloadAt = now;
    }
    await this.refresh().catch((error: unknown) =>
      this.logger.warn(`signing keys not reloaded: ${messageOf(error)}`),
    );
  }

  /** The key that signs now, or null (none could be made or opened). */
  signingKey(now = this.clock.now()): LoadedSigningKey | null {
    const kid = signingKid(
      [...this.keys.values()].map((key) => factsOf(key)),
      now,
      this.schedule,
    );
    return kid === null ? null : this.keys.get(kid)!;
  }

  /** The live key named `kid`: not revoked, not retired (whatever the last reload saw). */
  verificationKey(kid: string, now = this.clock.now()): LoadedSigningKey | null {
    const key = this.keys.get(kid);
    return key !== undefined && isLive(factsOf(key), now, this.schedule) ? key : null;
  }

  /** Every live key: the current one, the next one, and those whose tokens may still be valid. */
  publishedKeys(now = this.clock.now()): PublishedJwk[] {
    return [...this.keys.values()]
      .filter((key) => isLive(factsOf(key), now, this.schedule))
      .sort((a, b) => a.signFrom - b.signFrom || (a.kid < b.kid ? -1 : 1))
      .map((key) => ({ ...key.publicJwk, kid: key.kid, alg: 'EdDSA', use: 'sig' }));
  }

  private async rotateAndLoad(): Promise<void> {
    const now = this.clock.now();
    let stored = await this.store.list();
    const plan = planKeys(stored, now, this.schedule);
    for (const slot of plan.create) {
      await this.store.insertIfAbsent(newSigningKey(slot, this.sealer));
    }
    for (const kid of plan.dropPrivate) {
      const key = stored.find((each) => each.kid === kid)!;
      try {
        const opened = openSigningKey(key, this.sealer);
        await this.store.dropPrivate(kid, sealPublicHalf(opened, this.sealer));
      } catch (error) {
        this.logger.error(`signing key ${kid}: private half not dropped: ${messageOf(error)}`);
      }
    }
    for (const kid of plan.remove) await this.store.remove(kid);
    const changed = plan.create.length + plan.dropPrivate.length + plan.remove.length > 0;
    if (changed) stored = await this.store.list();
    await this.load(stored, now);
  }

  private async load(stored: StoredSigningKey[], now: number): Promise<void> {
    const next = new Map<string, CachedKey>();
    for (const key of stored) {
      if (!isLive(key, now, this.schedule)) continue;
      const cached = this.keys.get(key.kid);
      if (cached !== undefined && cached.sealed === key.sealed) {
        next.set(key.kid, cached);
        continue;
      }
      try {
        next.set(key.kid, await this.open(key, now));
      } catch (error) {
        this.logger.error(`signing key ${key.kid} not used: ${messageOf(error)}`);
      }
    }
    this.keys = next;
    this.storedKids = new Set(stored.map((key) => key.kid));
  }

  private async open(stored: StoredSigningKey, now: number): Promise<CachedKey> {
    const opened = openSigningKey(stored, this.sealer);
    const publicJwk = publicJwkOf(opened);
    // A private half still stored after its time (no instance has dropped it yet) is not used.
    const signs = opened.d !== null && now < privateExpiresAt(stored, this.schedule);
    return {
      kid: opened.kid,
      signFrom: opened.signFrom,
      signUntil: opened.signUntil,
      publicJwk,
      verifyKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
      signKey: signs
        ? ((await importJWK({ ...publicJwk, d: opened.d! }, 'EdDSA')) as CryptoKey)
        : null,
      sealed: stored.sealed,
    };
  }
}

function factsOf(key: LoadedSigningKey): KeyFacts {
  return {
    kid: key.kid,
    signFrom: key.signFrom,
    signUntil: key.signUntil,
    hasPrivate: key.signKey !== null,
    revokedAt: null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
