import type { EventStore, GlobalPosition, RecordedEvent } from '../ports';
import { skipReasonOf } from './skipped-events';

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
/** Most pages of LAG_COUNT_LIMIT events read past events the followers skip. */
const LAG_PAGES = 10;

/** Settles with the store's answer, or rejects past `ms`: a hung store is not ready. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How far a follower of $all trails it: unapplied events (up to a limit) and the oldest's age. */
export interface FollowerLag {
  /** Events after the checkpoint, counted up to LAG_COUNT_LIMIT. */
  readonly events: number;
  /** The count reached the limit: there may be more. */
  readonly capped: boolean;
  /** Age of the oldest unapplied event; 0 when caught up. */
  readonly seconds: number;
}

export async function measureLag(
  store: EventStore,
  checkpoint: GlobalPosition | null,
  now: number,
): Promise<FollowerLag> {
  // Events followers pass by (other services' streams, not JSON) never move their checkpoints
  // on their own: only this service's events count, read past a bounded run of others.
  const behind: RecordedEvent[] = [];
  let after = checkpoint ?? undefined;
  for (let page = 0; page < LAG_PAGES && behind.length < LAG_COUNT_LIMIT; page += 1) {
    const read = await store.readAll({ after, maxCount: LAG_COUNT_LIMIT });
    behind.push(...read.filter((event) => skipReasonOf(event) === null));
    if (read.length < LAG_COUNT_LIMIT) break;
    after = read[read.length - 1].position;
  }
  behind.splice(LAG_COUNT_LIMIT);
  if (behind.length === 0) return { events: 0, capped: false, seconds: 0 };
  return {
    events: behind.length,
    capped: behind.length === LAG_COUNT_LIMIT,
    seconds: Math.max(0, now - behind[0].createdAt) / 1000,
  };
}

/**
 * A follower of $all (projections, relay) as a readiness check: the age of the oldest event
 * after its checkpoint must stay under `maxLagMs`.
 */
export async function followerLag(
  store: EventStore,
  checkpoint: GlobalPosition | null,
  maxLagMs: number,
  now: number,
): Promise<ReadinessCheck> {
  const lag = await measureLag(store, checkpoint, now);
  if (lag.events === 0) return { ok: true, detail: 'caught up' };
  const count = lag.capped ? `${lag.events}+` : `${lag.events}`;
  return {
    ok: lag.seconds * 1000 <= maxLagMs,
    detail: `${count} events behind, the oldest ${Math.round(lag.seconds)} s old (bound ${Math.round(maxLagMs / 1000)} s)`,
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
