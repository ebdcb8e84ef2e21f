import type { BenchRow, Goal, Measured } from './rows';
import { pairedRatio, ratio } from './stats';

export const AUTHORIZE_MIN_PER_S = 20_000;
export const AUTHORIZE_P99_MS = 5;
export const HTTP_AUTHORIZE_MIN_PER_S = 10_000;
export const HTTP_AUTHORIZE_P99_MS = 10;
export const SIGN_IN_MIN_RATIO = 0.95;
const HTTP_SIGN_IN_MIN_RATIO = 0.85;
const BATCHED_APPENDS_MIN = 50_000;
const REPLAY_MIN = 50_000;
export const PAST_SESSIONS_SIGN_IN_MIN_RATIO = 0.9;
/** Start-up on a log of this many events: first answer within STARTUP_MAX_MS. */
export const STARTUP_GOAL_EVENTS = 1_000_000;
export const STARTUP_MAX_MS = 2_000;
/** …with a peak RSS at most this many times the empty service's. */
export const STARTUP_MAX_RSS_RATIO = 2;
/** No goal in the spec: the bound the revocation push is held to, stated in its note. */
export const REVOCATION_TARGET_P99_MS = 50;

interface GoalSpec {
  text: string;
  /** Achieved ÷ required on the tightest condition: ≥ 1 is met, lower misses by that much. */
  margin(row: Measured, ratioToReference: number | null): number | null;
}

const atLeast = (value: number | null, required: number) =>
  value === null ? null : value / required;

const GOALS: Record<string, GoalSpec> = {
  'sign-in': {
    text: `≥ ${SIGN_IN_MIN_RATIO} × argon2id reference`,
    margin: (_row, r) => atLeast(r, SIGN_IN_MIN_RATIO),
  },
  'sign-in-past-sessions': {
    text: `≥ ${PAST_SESSIONS_SIGN_IN_MIN_RATIO} × SignIn on a fresh account`,
    margin: (_row, r) => atLeast(r, PAST_SESSIONS_SIGN_IN_MIN_RATIO),
  },
  [`startup-history-${STARTUP_GOAL_EVENTS}`]: {
    text: `first answer within ${STARTUP_MAX_MS / 1000} s, peak RSS ≤ ${STARTUP_MAX_RSS_RATIO} × the empty start-up's`,
    margin: (row) => {
      const reference = row.inlineReference;
      const referenceRss = reference && 'p50Ms' in reference ? reference.peakRssMb : null;
      if (row.p50Ms === null || row.peakRssMb === null || !referenceRss) return null;
      return Math.min(
        STARTUP_MAX_MS / row.p50Ms,
        (STARTUP_MAX_RSS_RATIO * referenceRss) / row.peakRssMb,
      );
    },
  },
  'http-sign-in': {
    text: `≥ ${HTTP_SIGN_IN_MIN_RATIO} × argon2id reference`,
    margin: (_row, r) => atLeast(r, HTTP_SIGN_IN_MIN_RATIO),
  },
  authorize: {
    text: `≥ 20,000/s with p99 < ${AUTHORIZE_P99_MS} ms`,
    margin: (row) =>
      row.p99Ms === null
        ? null
        : Math.min(row.throughput / AUTHORIZE_MIN_PER_S, AUTHORIZE_P99_MS / row.p99Ms),
  },
  'http-authorize': {
    text: `≥ 10,000/s with p99 < ${HTTP_AUTHORIZE_P99_MS} ms`,
    margin: (row) =>
      row.p99Ms === null
        ? null
        : Math.min(row.throughput / HTTP_AUTHORIZE_MIN_PER_S, HTTP_AUTHORIZE_P99_MS / row.p99Ms),
  },
  'sqlite-append-concurrent': {
    text: '≥ 50,000 events/s (batched)',
    margin: (row) => atLeast(row.throughput, BATCHED_APPENDS_MIN),
  },
  'sqlite-append-batch': {
    text: '≥ 50,000 events/s (batched)',
    margin: (row) => atLeast(row.throughput, BATCHED_APPENDS_MIN),
  },
  'sessions-replay': {
    text: '≥ 50,000 events/s',
    margin: (row) => atLeast(row.throughput, REPLAY_MIN),
  },
};
GOALS['authorize-budget'] = GOALS.authorize;

export interface FinishedRow extends BenchRow {
  /**
   * 'paired': median of per-round ratios (see pairedRatio); 'totals': throughput ÷ throughput;
   * 'latency': p50 ÷ the reference's p50; 'runs': the median of several runs' ratios.
   */
  ratioMethod: 'paired' | 'totals' | 'latency' | 'runs' | null;
  /** See GoalSpec.margin; null without a goal. */
  margin: number | null;
}

/** Ratios to each row's reference (measured in the same run) and the goals, met or not. */
export function finishRows(rows: Measured[]): FinishedRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const reference = row.referenceId ? byId.get(row.referenceId) : undefined;
    const inline = row.inlineReference;
    const latencyRatio = inline && 'p50Ms' in inline ? ratio(row.p50Ms, inline.p50Ms) : null;
    const paired = pairedRatio(row.rounds, reference?.rounds);
    const referenceThroughput =
      reference?.throughput ?? (inline && 'throughput' in inline ? inline.throughput : null);
    const r = latencyRatio ?? paired ?? ratio(row.throughput, referenceThroughput);
    const method = latencyRatio !== null ? 'latency' : paired !== null ? 'paired' : 'totals';
    return { ...row, ratio: r, ratioMethod: r === null ? null : method, ...judge(row, r) };
  });
}

/** The row's goal, met or not, and its margin, from its figures and its ratio to its reference. */
export function judge(
  row: Measured,
  ratioToReference: number | null,
): { goal: Goal | null; margin: number | null } {
  const spec = GOALS[row.id];
  const margin = spec ? spec.margin(row, ratioToReference) : null;
  return { goal: spec ? { text: spec.text, met: margin !== null && margin >= 1 } : null, margin };
}

/**
 * The path furthest from its goal (or closest to missing it when all are met), as the row that
 * does best on it: Authorize measured at two settings meets its goal if either does.
 */
export function furthestFromGoal(rows: FinishedRow[]): FinishedRow | null {
  const bestByPath = new Map<string, FinishedRow>();
  for (const row of rows) {
    if (row.margin === null) continue;
    const path = row.id.replace(/-budget$/, '');
    const best = bestByPath.get(path);
    if (!best || row.margin > best.margin!) bestByPath.set(path, row);
  }
  let worst: FinishedRow | null = null;
  for (const row of bestByPath.values()) {
    if (worst === null || row.margin! < worst.margin!) worst = row;
  }
  return worst;
}
