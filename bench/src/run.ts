/**
 * `npm run bench`: every benchmark, one case process after another, then the table,
 * bench/results/latest.json and docs/benchmarks.md. Flags: --no-profile, --profile=<row id>,
 * --runs=<n> (the whole plan n times, each run saved to bench/results/run-<i>.json, and the
 * table, latest.json and the doc report each row's median of the runs), --only=<case,…> (just
 * those cases, their rows merged into latest.json in place of the earlier ones; no per-run
 * files and no profile unless --profile=<row id> asks), --history-events=<n> (the size of the
 * large history of the history case; default PLAN.history.events).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBenchmarksDoc } from './benchmarks-doc';
import { runCase } from './case-process';
import type { CaseName } from './cases';
import { finishRows, furthestFromGoal, type FinishedRow } from './goals';
import { describeMachine } from './machine';
import { medianOfRuns } from './median-of-runs';
import { PLAN, type Plan } from './plan';
import { profilePath } from './profile-path';
import { describeProfile, printTable, saveJson, writeFormatted } from './report';
import type { BenchResults, ProfileResult } from './results';
import { mergeResults } from './results-merge';
import type { CaseOutput, Measured, SweepPoint } from './rows';
import { ROOT } from './server-process';

const RESULTS_DIR = join(ROOT, 'bench/results');
const RESULTS_FILE = join(RESULTS_DIR, 'latest.json');
const DOC_FILE = join(ROOT, 'docs/benchmarks.md');

interface Flags {
  profile: boolean;
  profileRow: string | null;
  runs: number;
  /** Case names, or null for every case. */
  only: CaseName[] | null;
  historyEvents: number | null;
}

/** The plan's cases in the order run, each with what the console says while it runs. */
const STEPS: { name: CaseName; plan: keyof Plan; label: string; timeoutMs?: number }[] = [
  { name: 'sign-in', plan: 'signIn', label: 'argon2id reference + SignIn + HTTP sign-in' },
  {
    name: 'authorize',
    plan: 'authorize',
    label: 'Authorize (session tokens, JWTs) + echo reference',
  },
  {
    name: 'http-authorize',
    plan: 'httpAuthorize',
    label: 'HTTP authorize + refresh + node:http reference',
  },
  {
    name: 'oauth-sign-in',
    plan: 'oauthSignIn',
    label: 'OAuth sign-in (cached JWKS) + node:http reference',
  },
  {
    name: 'access-token-verify',
    plan: 'accessTokenVerify',
    label: 'access-token verification + Ed25519 reference',
  },
  {
    name: 'passkey-verify',
    plan: 'passkeyVerify',
    label: 'passkey verification + ECDSA P-256 reference',
  },
  { name: 'rate-limits', plan: 'rateLimits', label: 'rate-limit checks on SQLite + limits off' },
  { name: 'sqlite-append', plan: 'sqliteAppend', label: 'SQLite appends' },
  { name: 'projection-replay', plan: 'projectionReplay', label: 'sessions projection replay' },
  { name: 'mail', plan: 'mail', label: 'sign-up mail to SMTP' },
  { name: 'revocation', plan: 'revocation', label: 'revocation push' },
  { name: 'invites', plan: 'invites', label: 'invite lookups, uses and the 200-way race' },
  {
    name: 'history',
    plan: 'history',
    label: 'start-up, Authorize, GetSessions, SignIn and SignUp on histories',
    // A history not cached yet is built first: minutes for a million events.
    timeoutMs: 60 * 60_000,
  },
];

function parseFlags(args: string[]): Flags {
  const flags: Flags = {
    profile: true,
    profileRow: null,
    runs: 1,
    only: null,
    historyEvents: null,
  };
  for (const arg of args) {
    if (arg === '--no-profile') flags.profile = false;
    else if (arg === '--profile') flags.profile = true;
    else if (arg.startsWith('--profile=')) flags.profileRow = arg.slice('--profile='.length);
    else if (/^--runs=[1-9]\d*$/.test(arg)) flags.runs = Number(arg.slice('--runs='.length));
    else if (/^--history-events=[1-9]\d*$/.test(arg)) {
      flags.historyEvents = Number(arg.slice('--history-events='.length));
    } else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const known = STEPS.map((step) => step.name as string);
      const unknown = names.filter((name) => !known.includes(name));
      if (names.length === 0 || unknown.length > 0) {
        throw new Error(`--only: unknown case ${unknown.join(', ')} (cases: ${known.join(', ')})`);
      }
      flags.only = names as CaseName[];
    } else {
      throw new Error(
        `unknown flag ${arg} (known: --no-profile, --profile=<row id>, --runs=<n ≥ 1>, --only=<case,…>, --history-events=<n>)`,
      );
    }
  }
  return flags;
}

/** The plan with the flags' changes: the size of the large history. */
function planOf(flags: Flags): Plan {
  if (flags.historyEvents === null) return PLAN;
  const events = flags.historyEvents;
  const smallEvents = Math.min(PLAN.history.smallEvents, events);
  return { ...PLAN, history: { ...PLAN.history, events, smallEvents } };
}

interface PlanRun {
  date: string;
  wallSeconds: number;
  rows: FinishedRow[];
  sweep: SweepPoint[];
}

/** Every case of the plan (or those `--only` names) once. */
async function runPlan(plan: Plan, only: CaseName[] | null): Promise<PlanRun> {
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

  for (const { name, plan: key, label, timeoutMs } of STEPS) {
    if (only && !only.includes(name)) continue;
    const params = plan[key] as never;
    await step(label, () => runCase(name, params, { timeoutMs }));
  }
  return {
    date,
    wallSeconds: (performance.now() - started) / 1000,
    rows: finishRows(rows),
    sweep,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const plan = planOf(flags);
  const started = performance.now();
  const runs: PlanRun[] = [];
  const machine = describeMachine();
  for (let i = 1; i <= flags.runs; i++) {
    if (flags.runs > 1) console.log(`bench: run ${i} of ${flags.runs}`);
    const run = await runPlan(plan, flags.only);
    runs.push(run);
    // Per-run files hold whole runs of the plan: a run of some cases leaves them as they are.
    if (flags.runs > 1 && flags.only === null) {
      const file = join(RESULTS_DIR, `run-${i}.json`);
      await saveJson(file, {
        date: run.date,
        machine,
        wallSeconds: run.wallSeconds,
        plan,
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
  if (flags.profile && (flags.only === null || flags.profileRow !== null)) {
    const { row, reason } = profileTarget(finished, flags.profileRow);
    const t0 = performance.now();
    process.stdout.write(`bench: profiling ${row.name} … `);
    profile = await profilePath(row, reason);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const measuredNow: BenchResults = {
    date: runs[0].date,
    machine,
    wallSeconds: (performance.now() - started) / 1000,
    plan,
    rows: finished,
    authorizeSweep: last.sweep,
    profile,
    ...(runs.length > 1 && flags.only === null
      ? {
          runs: runs.map((run, i) => ({
            file: `bench/results/run-${i + 1}.json`,
            date: run.date,
            wallSeconds: run.wallSeconds,
          })),
        }
      : {}),
  };
  const results = flags.only
    ? mergeResults(earlierResults(), measuredNow, flags.only, runs.length)
    : measuredNow;
  if (flags.only && profile) results.profile = profile;
  printTable(results);
  for (const line of describeProfile(results)) console.log(line);
  await saveJson(RESULTS_FILE, results);
  await writeFormatted(DOC_FILE, renderBenchmarksDoc(results));
  console.log(`\nsaved ${RESULTS_FILE}\nwrote ${DOC_FILE}`);
}

function earlierResults(): BenchResults | null {
  if (!existsSync(RESULTS_FILE)) return null;
  return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
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
