import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCase } from './case-process';
import { summariseCpuProfile } from './cpu-profile';
import type { FinishedRow } from './goals';
import { PLAN } from './plan';
import type { ProfileResult } from './results';
import type { CaseOutput } from './rows';

const SQLITE_MODES = {
  'sqlite-append-sequential': 'sequential',
  'sqlite-append-concurrent': 'concurrent',
  'sqlite-append-batch': 'batch',
} as const;

/** Runs the row's path once more under the CPU profiler and summarises where the time went. */
export async function profilePath(row: FinishedRow, reason: string): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-profile-'));
  try {
    const { output, process } = await run(row, dir);
    if (!output.cpuProfile) throw new Error(`profiling ${row.id} wrote no .cpuprofile`);
    return {
      rowId: row.id,
      rowName: row.name,
      reason,
      process,
      throughputUnderProfiler: output.rows[0]?.throughput ?? null,
      summary: summariseCpuProfile(output.cpuProfile, output.profileWindowUs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(
  row: FinishedRow,
  cpuProfileDir: string,
): Promise<{ output: CaseOutput; process: string }> {
  const server = 'the server process (node --cpu-prof)';
  if (row.id === 'sign-in' || row.id === 'http-sign-in') {
    const http = row.id === 'http-sign-in';
    const params = { ...PLAN.signIn, http, roundMs: PLAN.profileMs, cpuProfileDir };
    return { output: await runCase('sign-in', params), process: server };
  }
  if (row.id === 'mail-throughput') {
    const params = { ...PLAN.mail, cpuProfileDir };
    return { output: await runCase('mail', params), process: server };
  }
  if (row.id === 'revocation-push') {
    const params = { ...PLAN.revocation, cpuProfileDir };
    return { output: await runCase('revocation', params), process: server };
  }
  if (row.id === 'http-authorize') {
    const params = { ...PLAN.httpAuthorize, roundMs: PLAN.profileMs, cpuProfileDir };
    return { output: await runCase('http-authorize', params), process: server };
  }
  if (row.id.startsWith('authorize') && row.concurrency) {
    const params = {
      accounts: PLAN.authorize.accounts,
      setting: row.concurrency,
      warmupMs: PLAN.authorize.warmupMs,
      durationMs: PLAN.profileMs,
      cpuProfileDir,
      accessTokens: row.id.startsWith('authorize-jwt'),
    };
    return { output: await runCase('authorize-profile', params), process: server };
  }
  const inProcess = 'the bench process during the measured phase';
  if (row.id in SQLITE_MODES) {
    const params = {
      mode: SQLITE_MODES[row.id as keyof typeof SQLITE_MODES],
      durationMs: PLAN.profileMs,
      inFlight: PLAN.sqliteAppend.inFlight,
      batchSize: PLAN.sqliteAppend.batchSize,
      cpuProfileDir,
    };
    return { output: await runCase('sqlite-append-profile', params), process: inProcess };
  }
  if (row.id === 'sessions-replay') {
    const params = { ...PLAN.projectionReplay, cpuProfileDir };
    return { output: await runCase('projection-replay-profile', params), process: inProcess };
  }
  throw new Error(`no way to profile ${row.id}`);
}
