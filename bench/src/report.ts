import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as prettier from 'prettier';
import { mb, ms, percent, rate, times } from './format';
import type { FinishedRow } from './goals';
import type { BenchResults } from './results';

export const TABLE_HEADER = [
  'Benchmark',
  'Throughput',
  'p50 ms',
  'p99 ms',
  'Peak RSS MB',
  'Ratio to reference',
  'Goal',
];

/** The cells of one results row, shared by the console and the markdown table. */
export function tableCells(row: FinishedRow, rows: FinishedRow[]): string[] {
  const goal = row.goal ? `${row.goal.text}: ${row.goal.met ? 'met' : 'not met'}` : '–';
  return [
    row.name,
    `${rate(row.throughput)} ${row.unit}`,
    ms(row.p50Ms),
    ms(row.p99Ms),
    `${mb(row.peakRssMb)} (${row.rssOf})`,
    ratioCell(row, rows),
    goal,
  ];
}

function ratioCell(row: FinishedRow, rows: FinishedRow[]): string {
  const reference = rows.find((other) => other.id === row.referenceId);
  if (reference) return `${times(row.ratio)} ${shortName(reference)}`;
  if (row.inlineReference) return `${times(row.ratio)} ${row.inlineReference.name}`;
  return rows.some((other) => other.referenceId === row.id) ? 'reference' : '–';
}

function shortName(row: FinishedRow): string {
  return row.name.replace(/,? reference.*$/, '').replace(/ \(.*\)$/, '');
}

export function printTable(results: BenchResults): void {
  const lines = [TABLE_HEADER, ...results.rows.map((row) => tableCells(row, results.rows))];
  const widths = TABLE_HEADER.map((_, column) =>
    Math.max(...lines.map((cells) => cells[column].length)),
  );
  const numeric = new Set([1, 2, 3, 4]);
  const render = (cells: string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ');
  console.log('');
  console.log(render(lines[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of lines.slice(1)) console.log(render(cells));
  console.log('');
}

/** Writes a file formatted the way `prettier --check` expects it. */
export async function writeFormatted(file: string, text: string): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}

export async function saveJson(file: string, results: BenchResults): Promise<void> {
  await writeFormatted(file, JSON.stringify(results, null, 2));
}

export function describeProfile(results: BenchResults): string[] {
  const profile = results.profile;
  if (!profile) return [];
  return [
    `Where the time goes (${profile.rowName}, ${profile.process}, ${percent(1 - profile.summary.idleShare)} busy):`,
    ...profile.summary.top.map(
      (entry, i) =>
        `  ${String(i + 1).padStart(2)}. ${percent(entry.share).padStart(7)}  ${entry.name}  ${entry.location}`,
    ),
  ];
}
