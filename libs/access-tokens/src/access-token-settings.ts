import type { KeySchedule } from './key-schedule';

/** Access tokens as configured: who issues them, for whom, for how long, and key rotation. */
export interface AccessTokenSettings {
  /** `iss`: `JWT_ISSUER`, by default the service's PUBLIC_BASE_URL. */
  issuer: string;
  /** `aud`: `JWT_AUDIENCE`, by default `tangle`. */
  audience: string;
  /** `ACCESS_TOKEN_TTL_SECONDS`, by default 3600. */
  ttlSeconds: number;
  /** `JWT_CLOCK_TOLERANCE_SECONDS`, by default 30. */
  clockToleranceSeconds: number;
  /** `JWT_KEY_ROTATION_HOURS`, by default 24. */
  keyRotationHours: number;
}

export const DEFAULT_ACCESS_TOKEN_SETTINGS = {
  audience: 'tangle',
  ttlSeconds: 3_600,
  clockToleranceSeconds: 30,
  keyRotationHours: 24,
} as const;

export function keyScheduleOf(settings: AccessTokenSettings): KeySchedule {
  return {
    rotationMs: settings.keyRotationHours * 3_600_000,
    tokenTtlMs: settings.ttlSeconds * 1_000,
    clockToleranceMs: settings.clockToleranceSeconds * 1_000,
  };
}
