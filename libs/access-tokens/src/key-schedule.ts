import type { StoredSigningKey } from '@tangle/application';

const HOUR_MS = 3_600_000;

/** When keys sign, verify and go: the same on every instance, from configuration alone. */
export interface KeySchedule {
  /** How long one key signs: `JWT_KEY_ROTATION_HOURS`, a whole number of hours. */
  rotationMs: number;
  /** Access-token lifetime: `ACCESS_TOKEN_TTL_SECONDS`. */
  tokenTtlMs: number;
  /** Clock difference allowed between instances and gateways: `JWT_CLOCK_TOLERANCE_SECONDS`. */
  clockToleranceMs: number;
}

/** What the schedule needs to know of a stored key (never its material). */
export type KeyFacts = Pick<
  StoredSigningKey,
  'kid' | 'signFrom' | 'signUntil' | 'hasPrivate' | 'revokedAt'
>;

/** A key to make: its id and signing window. */
export interface KeySlot {
  kid: string;
  signFrom: number;
  signUntil: number;
}

/** What a refresh does to the store; every step is idempotent, so instances may race on it. */
export interface KeyPlan {
  /** Keys to insert if absent: the current period's and the next one's, when missing. */
  create: KeySlot[];
  /** Keys whose signing is over (plus the clock tolerance): their private half goes. */
  dropPrivate: string[];
  /** Keys (and revoked ids) past the last moment a token they signed can be valid. */
  remove: string[];
}

/**
 * Periods are counted from the Unix epoch, so every instance computes the same period and
 * the same key id without asking the others: `24h.20833.0` is the first key of day 20833
 * (2027-01-15 UTC) under a 24-hour rotation. A revoked key keeps its id; its replacement
 * takes the next generation (`24h.20833.1`), so no id ever names two keys.
 */
export function slotKid(schedule: KeySchedule, period: number, generation: number): string {
  return `${slotPrefix(schedule, period)}${generation}`;
}

function slotPrefix(schedule: KeySchedule, period: number): string {
  return `${schedule.rotationMs / HOUR_MS}h.${period}.`;
}

export function periodAt(schedule: KeySchedule, now: number): number {
  return Math.floor(now / schedule.rotationMs);
}

/** The last instant a key can matter: its last token expired, clock tolerance included. */
export function retiresAt(key: KeyFacts, schedule: KeySchedule): number {
  return key.signUntil + schedule.tokenTtlMs + schedule.clockToleranceMs;
}

/**
 * A key's private half is kept past its signing window by the clock tolerance only, so an
 * instance whose clock lags still finds it; then the key verifies only.
 */
export function privateExpiresAt(key: KeyFacts, schedule: KeySchedule): number {
  return key.signUntil + schedule.clockToleranceMs;
}

/** Whether tokens signed by the key may still be valid: it is published and verifies. */
export function isLive(key: KeyFacts, now: number, schedule: KeySchedule): boolean {
  return key.revokedAt === null && now < retiresAt(key, schedule);
}

export function planKeys(keys: readonly KeyFacts[], now: number, schedule: KeySchedule): KeyPlan {
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  const current = periodAt(schedule, now);
  const create: KeySlot[] = [];
  // The next period's key is made a whole period ahead, so gateways' key-set caches hold it
  // long before it signs a token.
  for (const period of [current, current + 1]) {
    let generation = 0;
    let covered = false;
    for (let key = byKid.get(slotKid(schedule, period, 0)); key !== undefined;) {
      if (key.revokedAt === null) {
        covered = true;
        break;
      }
      key = byKid.get(slotKid(schedule, period, ++generation));
    }
    if (!covered) {
      create.push({
        kid: slotKid(schedule, period, generation),
        signFrom: period * schedule.rotationMs,
        signUntil: (period + 1) * schedule.rotationMs,
      });
    }
  }
  return {
    create,
    dropPrivate: keys
      .filter(
        (key) =>
          key.hasPrivate &&
          key.revokedAt === null &&
          now >= privateExpiresAt(key, schedule) &&
          now < retiresAt(key, schedule),
      )
      .map((key) => key.kid),
    remove: keys.filter((key) => now >= retiresAt(key, schedule)).map((key) => key.kid),
  };
}

/**
 * The key that signs at `now`: a live key holding its private half whose window holds `now`;
 * of several (after the rotation period was changed), the current period's, else the newest.
 */
export function signingKid(
  keys: readonly KeyFacts[],
  now: number,
  schedule: KeySchedule,
): string | null {
  const prefix = slotPrefix(schedule, periodAt(schedule, now));
  const candidates = keys
    .filter(
      (key) =>
        key.hasPrivate && key.revokedAt === null && key.signFrom <= now && now < key.signUntil,
    )
    .sort(
      (a, b) =>
        Number(b.kid.startsWith(prefix)) - Number(a.kid.startsWith(prefix)) ||
        b.signFrom - a.signFrom ||
        generationOf(b.kid) - generationOf(a.kid),
    );
  return candidates[0]?.kid ?? null;
}

function generationOf(kid: string): number {
  return Number(kid.slice(kid.lastIndexOf('.') + 1)) || 0;
}
