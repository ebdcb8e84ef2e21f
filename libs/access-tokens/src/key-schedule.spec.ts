import {
  isLive,
  planKeys,
  signingKid,
  slotKid,
  type KeyFacts,
  type KeyPlan,
  type KeySchedule,
} from './key-schedule';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SCHEDULE: KeySchedule = {
  rotationMs: DAY,
  tokenTtlMs: HOUR,
  clockToleranceMs: 30_000,
};
const P = 20_833; // 2027-01-15 UTC
const START = P * DAY;

function key(period: number, generation = 0, changes: Partial<KeyFacts> = {}): KeyFacts {
  return {
    kid: `24h.${period}.${generation}`,
    signFrom: period * DAY,
    signUntil: (period + 1) * DAY,
    hasPrivate: true,
    revokedAt: null,
    ...changes,
  };
}

/** given the stored keys, when the schedule is asked at `now`, then this plan and signer. */
function given(keys: KeyFacts[]) {
  return {
    when: (now: number, schedule = SCHEDULE) => ({
      then: (plan: Partial<KeyPlan>, signer: string | null) => {
        expect(planKeys(keys, now, schedule)).toEqual({
          create: [],
          dropPrivate: [],
          remove: [],
          ...plan,
        });
        expect(signingKid(keys, now, schedule)).toBe(signer);
      },
    }),
  };
}

describe('key schedule', () => {
  it('names a key by rotation length, period and generation', () => {
    expect(slotKid(SCHEDULE, P, 0)).toBe('24h.20833.0');
    expect(slotKid({ ...SCHEDULE, rotationMs: 168 * HOUR }, 2976, 2)).toBe('168h.2976.2');
  });

  it('given no keys, when asked mid-period, then it makes the current and the next key, and nothing signs yet', () => {
    given([])
      .when(START + 5 * HOUR)
      .then(
        {
          create: [
            { kid: '24h.20833.0', signFrom: START, signUntil: START + DAY },
            { kid: '24h.20834.0', signFrom: START + DAY, signUntil: START + 2 * DAY },
          ],
        },
        null,
      );
  });

  it('given the current and next keys, when asked, then nothing changes and the current key signs', () => {
    given([key(P), key(P + 1)])
      .when(START + 5 * HOUR)
      .then({}, '24h.20833.0');
  });

  it('given the current and next keys, when the period turns, then the next key signs and the one after is made', () => {
    given([key(P), key(P + 1)])
      .when(START + DAY)
      .then(
        { create: [{ kid: '24h.20835.0', signFrom: START + 2 * DAY, signUntil: START + 3 * DAY }] },
        '24h.20834.0',
      );
  });

  it('given a key whose period ended, when the clock tolerance has not passed, then it keeps its private half', () => {
    given([key(P - 1), key(P), key(P + 1)])
      .when(START + 29_999)
      .then({}, '24h.20833.0');
  });

  it('given a key whose period ended, when the clock tolerance has passed, then its private half goes', () => {
    given([key(P - 1), key(P), key(P + 1)])
      .when(START + 30_000)
      .then({ dropPrivate: ['24h.20832.0'] }, '24h.20833.0');
  });

  it('given a verify-only key, when its last token has expired plus the tolerance, then it is removed', () => {
    const old = key(P - 1, 0, { hasPrivate: false });
    given([old, key(P), key(P + 1)])
      .when(START + HOUR + 29_999)
      .then({}, '24h.20833.0');
    expect(isLive(old, START + HOUR + 29_999, SCHEDULE)).toBe(true);
    given([old, key(P), key(P + 1)])
      .when(START + HOUR + 30_000)
      .then({ remove: ['24h.20832.0'] }, '24h.20833.0');
    expect(isLive(old, START + HOUR + 30_000, SCHEDULE)).toBe(false);
  });

  it('given a key that kept its private half (no instance ran), when it retires, then it is removed without a drop first', () => {
    given([key(P - 1), key(P), key(P + 1)])
      .when(START + 2 * HOUR)
      .then({ remove: ['24h.20832.0'] }, '24h.20833.0');
  });

  it('given the current key revoked, when asked, then its replacement is the next generation and nothing signs until it exists', () => {
    const revoked = key(P, 0, { hasPrivate: false, revokedAt: START + HOUR });
    given([revoked, key(P + 1)])
      .when(START + 2 * HOUR)
      .then({ create: [{ kid: '24h.20833.1', signFrom: START, signUntil: START + DAY }] }, null);
    given([revoked, key(P, 1), key(P + 1)])
      .when(START + 2 * HOUR)
      .then({}, '24h.20833.1');
    expect(isLive(revoked, START + 2 * HOUR, SCHEDULE)).toBe(false);
  });

  it('given a revoked key, when its period has retired, then its id is removed too', () => {
    const revoked = key(P - 1, 0, { hasPrivate: false, revokedAt: START - HOUR });
    given([revoked, key(P), key(P + 1)])
      .when(START + HOUR + 30_000)
      .then({ remove: ['24h.20832.0'] }, '24h.20833.0');
  });

  it('given keys of a 24-hour rotation, when the rotation becomes 168 hours, then the new period gets its key and the current one signs', () => {
    const weekly: KeySchedule = { ...SCHEDULE, rotationMs: 168 * HOUR };
    const week = Math.floor((START + 5 * HOUR) / weekly.rotationMs);
    given([key(P), key(P + 1)])
      .when(START + 5 * HOUR, weekly)
      .then(
        {
          create: [
            {
              kid: `168h.${week}.0`,
              signFrom: week * weekly.rotationMs,
              signUntil: (week + 1) * weekly.rotationMs,
            },
            {
              kid: `168h.${week + 1}.0`,
              signFrom: (week + 1) * weekly.rotationMs,
              signUntil: (week + 2) * weekly.rotationMs,
            },
          ],
        },
        '24h.20833.0',
      );
    const weekKey: KeyFacts = {
      kid: `168h.${week}.0`,
      signFrom: week * weekly.rotationMs,
      signUntil: (week + 1) * weekly.rotationMs,
      hasPrivate: true,
      revokedAt: null,
    };
    expect(signingKid([key(P), key(P + 1), weekKey], START + 5 * HOUR, weekly)).toBe(
      `168h.${week}.0`,
    );
  });
});
