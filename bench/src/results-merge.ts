import { judge, type FinishedRow } from './goals';
import type { BenchResults } from './results';

/**
 * What `--only=<cases>` leaves in bench/results/latest.json: the earlier results with the rows
 * just measured put in place of the rows of the same id (new ids after the others), every other
 * row, the machine, date and runs of the earlier invocation kept (each kept row judged against
 * today's goals), and a note of the merge.
 * Without earlier results, the partial results as they are.
 */
export function mergeResults(
  earlier: BenchResults | null,
  partial: BenchResults,
  cases: string[],
  runs: number,
): BenchResults {
  if (earlier === null) return partial;
  const fresh = new Map(partial.rows.map((row) => [row.id, row]));
  // A kept row is judged again: its goal may have changed since it was measured.
  const rows: FinishedRow[] = earlier.rows.map(
    (row) => fresh.get(row.id) ?? { ...row, ...judge(row, row.ratio) },
  );
  for (const row of partial.rows) {
    if (!earlier.rows.some((other) => other.id === row.id)) rows.push(row);
  }
  const merge = {
    date: partial.date,
    cases,
    rowIds: partial.rows.map((row) => row.id),
    runs,
    wallSeconds: partial.wallSeconds,
  };
  return {
    ...earlier,
    plan: partial.plan,
    rows,
    // The sweep belongs to the Authorize case: it comes along only when that case ran.
    authorizeSweep: cases.includes('authorize') ? partial.authorizeSweep : earlier.authorizeSweep,
    merged: [...(earlier.merged ?? []), merge],
  };
}
