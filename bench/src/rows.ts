/** One line of the results table. Figures are null where they do not apply. */
export interface BenchRow {
  /** Stable key, also what other rows name as their reference. */
  id: string;
  name: string;
  throughput: number;
  unit: 'ops/s' | 'events/s' | 'mails/s' | 'revocations/s' | 'start-ups/s';
  p50Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  /** Whose memory `peakRssMb` is. */
  rssOf: 'bench process' | 'server' | 'echo server' | 'reference server';
  referenceId: string | null;
  /**
   * A reference measured within the row's own run and not shown as a row of its own (instead of
   * `referenceId`): what the ratio divides by, its throughput or, for a row about latency, its
   * p50 (the ratio then says how many of the reference's round trips the row's path takes),
   * and, where a goal bounds memory against it, its peak RSS.
   */
  inlineReference?:
    | { name: string; throughput: number }
    | { name: string; p50Ms: number; peakRssMb?: number | null };
  ratio: number | null;
  goal: Goal | null;
  /** Requests that came back as errors (they count in neither throughput nor latency). */
  errors: number;
  notes: string[];
  /**
   * Throughput of each round, slice or pass, in the order run, where the row was measured in
   * several interleaved with its reference.
   */
  rounds?: number[];
  /** End-to-end rows: the load's connections and requests in flight on each. */
  concurrency?: { connections: number; depth: number };
}

export interface Goal {
  text: string;
  met: boolean;
}

/** What a bench measures before the reference ratios and goals are filled in. */
export type Measured = Omit<BenchRow, 'ratio' | 'goal'>;

export function measured(
  row: Pick<Measured, 'id' | 'name' | 'throughput' | 'unit' | 'rssOf'> & Partial<Measured>,
): Measured {
  return {
    p50Ms: null,
    p99Ms: null,
    peakRssMb: null,
    referenceId: null,
    errors: 0,
    notes: [],
    ...row,
  };
}

/** One point of the Authorize concurrency sweep. */
export interface SweepPoint {
  connections: number;
  depth: number;
  throughput: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
}

/** What one bench case (one child process) hands back to run.ts. */
export interface CaseOutput {
  rows: Measured[];
  sweep?: SweepPoint[];
  /** A CPU profile written by the measured process, when one was asked for. */
  cpuProfile?: string;
  /** The part of that profile that was under load, in µs of the monotonic clock. */
  profileWindowUs?: [number, number];
}
