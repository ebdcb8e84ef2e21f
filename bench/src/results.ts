import type { ProfileSummary } from './cpu-profile';
import type { FinishedRow } from './goals';
import type { Machine } from './machine';
import type { Plan } from './plan';
import type { SweepPoint } from './rows';

/** Everything one `npm run bench` found: what bench/results/latest.json holds. */
export interface BenchResults {
  date: string;
  machine: Machine;
  wallSeconds: number;
  plan: Plan;
  rows: FinishedRow[];
  authorizeSweep: SweepPoint[];
  profile: ProfileResult | null;
  /**
   * With `--runs=<n>` (n > 1): each run's file, start and wall time; `rows` are then the medians
   * of the runs and `authorizeSweep` the last run's.
   */
  runs?: { file: string; date: string; wallSeconds: number }[];
  /**
   * Later invocations with `--only=<cases>` whose rows replaced or joined these (see
   * results-merge.ts); the date, machine and runs above are the first invocation's.
   */
  merged?: MergedRun[];
}

export interface MergedRun {
  date: string;
  cases: string[];
  rowIds: string[];
  /** Runs of the plan (`--runs`) the merged rows are medians of. */
  runs: number;
  wallSeconds: number;
}

export interface ProfileResult {
  /** The row whose path was profiled, and why that one. */
  rowId: string;
  rowName: string;
  reason: string;
  /** Whose CPU: the server process, or the bench process around the measured phase. */
  process: string;
  /** Throughput while profiled (the profiler costs some). */
  throughputUnderProfiler: number | null;
  summary: ProfileSummary;
}
