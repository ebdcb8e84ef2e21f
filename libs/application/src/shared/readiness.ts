import type { EventStore, GlobalPosition } from '../ports';

/** One thing readiness depends on, and what an operator reads when it fails. */
export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

/** At most this many unapplied events are counted; past it the lag reads "100+". */
const LAG_COUNT_LIMIT = 100;

/** Settles with the store's answer, or rejects past `ms`: a hung store is not ready. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * How far a follower of $all (projections, relay) is behind: the events after its checkpoint
 * (counted up to a limit) and the age of the oldest, which must stay under `maxLagMs`.
 */
export async function followerLag(
  store: EventStore,
  checkpoint: GlobalPosition | null,
  maxLagMs: number,
  now: number,
): Promise<ReadinessCheck> {
  const behind = await store.readAll({
    after: checkpoint ?? undefined,
    maxCount: LAG_COUNT_LIMIT,
  });
  if (behind.length === 0) return { ok: true, detail: 'caught up' };
  const lagMs = Math.max(0, now - behind[0].createdAt);
  const count = behind.length === LAG_COUNT_LIMIT ? `${LAG_COUNT_LIMIT}+` : `${behind.length}`;
  return {
    ok: lagMs <= maxLagMs,
    detail: `${count} events behind, the oldest ${Math.round(lagMs / 1000)} s old (bound ${Math.round(maxLagMs / 1000)} s)`,
  };
}

/** Runs every check; one that throws counts as failed with its error. */
export async function assessReadiness(
  checks: Record<string, () => Promise<ReadinessCheck>>,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, ReadinessCheck]> => {
      try {
        return [name, await check()];
      } catch (error) {
        return [name, { ok: false, detail: (error as Error).message }];
      }
    }),
  );
  return {
    ready: entries.every(([, check]) => check.ok),
    checks: Object.fromEntries(entries),
  };
}
