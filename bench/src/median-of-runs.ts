import { rate, times } from './format';
import { judge, type FinishedRow } from './goals';
import { median } from './stats';

/**
 * One row per benchmark for several runs of the whole plan: the median of the runs' throughput,
 * p50, p99, peak RSS and ratio to the reference (each run's ratio against its own reference),
 * the goal judged on those medians. The notes are the last run's, then the per-run figures.
 * Rows are in the order of the last run, rows it lacks after them.
 */
export function medianOfRuns(runs: FinishedRow[][]): FinishedRow[] {
  if (runs.length === 0) return [];
  const ids: string[] = [];
  for (const rows of [...runs].reverse()) {
    for (const row of rows) if (!ids.includes(row.id)) ids.push(row.id);
  }
  const last = runs[runs.length - 1];
  ids.sort((a, b) => order(last, a) - order(last, b));
  return ids.map((id) => combine(runs.map((rows) => rows.find((row) => row.id === id) ?? null)));
}

const order = (rows: FinishedRow[], id: string) => {
  const index = rows.findIndex((row) => row.id === id);
  return index === -1 ? rows.length : index;
};

function medianOf(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null && !isNaN(value));
  return present.length === 0 ? null : median(present);
}

function combine(perRun: (FinishedRow | null)[]): FinishedRow {
  const present = perRun.filter((row): row is FinishedRow => row !== null);
  const latest = present[present.length - 1];
  const throughput = medianOf(present.map((row) => row.throughput)) ?? 0;
  const combined = {
    ...latest,
    throughput,
    p50Ms: medianOf(present.map((row) => row.p50Ms)),
    p99Ms: medianOf(present.map((row) => row.p99Ms)),
    peakRssMb: medianOf(present.map((row) => row.peakRssMb)),
    errors: present.reduce((sum, row) => sum + row.errors, 0),
    rounds: undefined,
  };
  const ratio = medianOf(present.map((row) => row.ratio));
  const each = (cell: (row: FinishedRow) => string) =>
    perRun.map((row) => (row === null ? 'not measured' : cell(row))).join(' / ');
  const notes = [
    ...latest.notes,
    `per run: ${each((row) => `${rate(row.throughput)}`)} ${latest.unit}`,
  ];
  if (present.some((row) => row.p99Ms !== null)) {
    notes.push(
      `p99 per run: ${each((row) => (row.p99Ms === null ? '–' : row.p99Ms.toFixed(2)))} ms`,
    );
  }
  if (ratio !== null) notes.push(`ratio per run: ${each((row) => times(row.ratio))}`);
  if (present.some((row) => row.goal !== null)) {
    notes.push(
      `goal per run: ${each((row) => (row.goal?.met ? 'met' : 'not met'))} (the median decides)`,
    );
  }
  const names = new Set(present.map((row) => row.name));
  if (names.size > 1) notes.push(`setting per run: ${each((row) => row.name)}`);
  // Runs that chose different settings: the row's name must not claim the last run's.
  const name =
    names.size > 1 ? latest.name.replace(/ \([^)]*\)$/, ' (setting per run)') : latest.name;
  if (present.length < perRun.length) {
    notes.push(`measured in ${present.length} of ${perRun.length} runs`);
  }
  return {
    ...combined,
    name,
    notes,
    ratio,
    ratioMethod: ratio === null ? null : 'runs',
    ...judge(combined, ratio),
  };
}
