/**
 * `npm run bench`: every benchmark, one case process after another, then the table,
 * bench/results/latest.json and docs/benchmarks.md. Flags: --no-profile, --profile=<row id>.
 */
import { join } from 'node:path';
import { renderBenchmarksDoc } from './benchmarks-doc';
import { runCase } from './case-process';
import { finishRows, furthestFromGoal, type FinishedRow } from './goals';
import { describeMachine } from './machine';
import { PLAN } from './plan';
import { profilePath } from './profile-path';
import { describeProfile, printTable, saveJson, writeFormatted } from './report';
import type { BenchResults, ProfileResult } from './results';
import type { CaseOutput, Measured, SweepPoint } from './rows';
import { ROOT } from './server-process';

const RESULTS_FILE = join(ROOT, 'bench/results/latest.json');
const DOC_FILE = join(ROOT, 'docs/benchmarks.md');

interface Flags {
  profile: boolean;
  profileRow: string | null;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { profile: true, profileRow: null };
  for (const arg of args) {
    if (arg === '--no-profile') flags.profile = false;
    else if (arg === '--profile') flags.profile = true;
    else if (arg.startsWith('--profile=')) flags.profileRow = arg.slice('--profile='.length);
    else throw new Error(`unknown flag ${arg} (known: --no-profile, --profile=<row id>)`);
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const started = performance.now();
  const date = new Date().toISOString();
  const rows: Measured[] = [];
  let sweep: SweepPoint[] = [];
  const step = async (label: string, run: () => Promise<CaseOutput>) => {
    const t0 = performance.now();
    process.stdout.write(`bench: ${label} … `);
    const output = await run();
    rows.push(...output.rows);
    sweep = output.sweep ?? sweep;
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  await step('argon2id reference + SignIn', () => runCase('sign-in', PLAN.signIn));
  await step('Authorize + echo reference', () => runCase('authorize', PLAN.authorize));
  await step('HTTP authorize + node:http reference', () =>
    runCase('http-authorize', PLAN.httpAuthorize),
  );
  await step('SQLite appends', () => runCase('sqlite-append', PLAN.sqliteAppend));
  await step('sessions projection replay', () =>
    runCase('projection-replay', PLAN.projectionReplay),
  );
  await step('sign-up mail to SMTP', () => runCase('mail', PLAN.mail));
  await step('revocation push', () => runCase('revocation', PLAN.revocation));

  const finished = finishRows(rows);
  let profile: ProfileResult | null = null;
  if (flags.profile) {
    const { row, reason } = profileTarget(finished, flags.profileRow);
    const t0 = performance.now();
    process.stdout.write(`bench: profiling ${row.name} … `);
    profile = await profilePath(row, reason);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const results: BenchResults = {
    date,
    machine: describeMachine(),
    wallSeconds: (performance.now() - started) / 1000,
    plan: PLAN,
    rows: finished,
    authorizeSweep: sweep,
    profile,
  };
  printTable(results);
  for (const line of describeProfile(results)) console.log(line);
  await saveJson(RESULTS_FILE, results);
  await writeFormatted(DOC_FILE, renderBenchmarksDoc(results));
  console.log(`\nsaved ${RESULTS_FILE}\nwrote ${DOC_FILE}`);
}

function profileTarget(rows: FinishedRow[], forced: string | null) {
  if (forced !== null) {
    const row = rows.find((candidate) => candidate.id === forced);
    if (!row)
      throw new Error(`--profile=${forced}: no such row (${rows.map((r) => r.id).join(', ')})`);
    return { row, reason: 'chosen with --profile' };
  }
  const row = furthestFromGoal(rows);
  if (!row) throw new Error('no row has a goal to profile against');
  const reason = row.goal?.met
    ? `the path closest to missing its goal (${row.margin!.toFixed(2)} × what the goal asks)`
    : `the path furthest from its goal (${row.margin!.toFixed(2)} × what the goal asks)`;
  return { row, reason };
}

main().catch((error: unknown) => {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
