/**
 * `npm run bench`: every benchmark, one case process after another, then the table,
 * bench/results/latest.json and docs/benchmarks.md. Flags: --no-profile, --profile=<row id>,
 * --runs=<n> (the whole plan n times, each run saved to bench/results/run-<i>.json, and the
 * table, latest.json and the doc report each row's median of the runs).
 */
import { join } from 'node:path';
import { renderBenchmarksDoc } from './benchmarks-doc';
import { runCase } from './case-process';
import { finishRows, furthestFromGoal, type FinishedRow } from './goals';
import { describeMachine } from './machine';
import { medianOfRuns } from './median-of-runs';
import { PLAN } from './plan';
import { profilePath } from './profile-path';
import { describeProfile, printTable, saveJson, writeFormatted } from './report';
import type { BenchResults, ProfileResult } from './results';
import type { CaseOutput, Measured, SweepPoint } from './rows';
import { ROOT } from './server-process';

const RESULTS_DIR = join(ROOT, 'bench/results');
const RESULTS_FILE = join(RESULTS_DIR, 'latest.json');
const DOC_FILE = join(ROOT, 'docs/benchmarks.md');

interface Flags {
  profile: boolean;
  profileRow: string | null;
  runs: number;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { profile: true, profileRow: null, runs: 1 };
  for (const arg of args) {
    if (arg === '--no-profile') flags.profile = false;
    else if (arg === '--profile') flags.profile = true;
    else if (arg.startsWith('--profile=')) flags.profileRow = arg.slice('--profile='.length);
    else if (/^--runs=[1-9]\d*$/.test(arg)) flags.runs = Number(arg.slice('--runs='.length));
    else {
      throw new Error(
        `unknown flag ${arg} (known: --no-profile, --profile=<row id>, --runs=<n ≥ 1>)`,
      );
    }
  }
  return flags;
}

interface PlanRun {
  date: string;
  wallSeconds: number;
  rows: FinishedRow[];
  sweep: SweepPoint[];
}

/** Every case of the plan once. */
async function runPlan(): Promise<PlanRun> {
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

  await step('argon2id reference + SignIn + HTTP sign-in', () => runCase('sign-in', PLAN.signIn));
  await step('Authorize (session tokens, JWTs) + echo reference', () =>
    runCase('authorize', PLAN.authorize),
  );
  await step('HTTP authorize + refresh + node:http reference', () =>
    runCase('http-authorize', PLAN.httpAuthorize),
  );
  await step('access-token verification + Ed25519 reference', () =>
    runCase('access-token-verify', PLAN.accessTokenVerify),
  );
  await step('rate-limit checks on SQLite + limits off', () =>
    runCase('rate-limits', PLAN.rateLimits),
  );
  await step('SQLite appends', () => runCase('sqlite-append', PLAN.sqliteAppend));
  await step('sessions projection replay', () =>
    runCase('projection-replay', PLAN.projectionReplay),
  );
  await step('sign-up mail to SMTP', () => runCase('mail', PLAN.mail));
  await step('revocation push', () => runCase('revocation', PLAN.revocation));
  await step('invite lookups, uses and the 200-way race', () => runCase('invites', PLAN.invites));
  return {
    date,
    wallSeconds: (performance.now() - started) / 1000,
    rows: finishRows(rows),
    sweep,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const started = performance.now();
  const runs: PlanRun[] = [];
  const machine = describeMachine();
  for (let i = 1; i <= flags.runs; i++) {
    if (flags.runs > 1) console.log(`bench: run ${i} of ${flags.runs}`);
    const run = await runPlan();
    runs.push(run);
    if (flags.runs > 1) {
      const file = join(RESULTS_DIR, `run-${i}.json`);
      await saveJson(file, {
        date: run.date,
        machine,
        wallSeconds: run.wallSeconds,
        plan: PLAN,
        rows: run.rows,
        authorizeSweep: run.sweep,
        profile: null,
      });
      console.log(`bench: saved ${file}`);
    }
  }
  const last = runs[runs.length - 1];
  const finished = runs.length > 1 ? medianOfRuns(runs.map((run) => run.rows)) : last.rows;
  let profile: ProfileResult | null = null;
  if (flags.profile) {
    const { row, reason } = profileTarget(finished, flags.profileRow);
    const t0 = performance.now();
    process.stdout.write(`bench: profiling ${row.name} … `);
    profile = await profilePath(row, reason);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const results: BenchResults = {
    date: runs[0].date,
    machine,
    wallSeconds: (performance.now() - started) / 1000,
    plan: PLAN,
    rows: finished,
    authorizeSweep: last.sweep,
    profile,
    ...(runs.length > 1
      ? {
          runs: runs.map((run, i) => ({
            file: `bench/results/run-${i + 1}.json`,
            date: run.date,
            wallSeconds: run.wallSeconds,
          })),
        }
      : {}),
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
