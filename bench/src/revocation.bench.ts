import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicUs } from './cpu-profile';
import { count, ms, times } from './format';
import { REVOCATION_TARGET_P99_MS } from './goals';
import {
  revokeSecondSession,
  tallyFailures,
  watchPushes,
  type RevocationOutcome,
} from './revocation-check';
import { prepareTwoSessionUsers, type TwoSessionUser } from './revocation-users';
import { measured, type CaseOutput } from './rows';
import { startAuthService, type ServerProcess } from './server-process';
import type { SetupClient } from './setup-client';
import { arrivalRate, LatencyRecorder, ratio } from './stats';

export interface RevocationParams {
  /** Users whose revocation is measured, one revocation each. */
  users: number;
  /** Users revoked first, untimed (checked all the same). */
  warmupUsers: number;
  /** Revocations started per second, open loop. */
  perSecond: number;
  pushTimeoutMs: number;
  /** After the last revocation: how long a second, unwanted push gets to show up. */
  graceMs: number;
  /** Profile mode: the server under --cpu-prof; the profile covers the measured revocations. */
  cpuProfileDir?: string;
}

/**
 * Revocation end to end in embedded mode: connection A revokes its account's other session and
 * connection B, signed in with that session, waits for `Update { session_deleted }`. Each
 * revocation follows a core.Initialize round trip on A, the reference its push is compared with.
 */
export async function revocationBench(params: RevocationParams): Promise<CaseOutput> {
  const server = await startAuthService({ cpuProfileDir: params.cpuProfileDir });
  const opened: SetupClient[] = [];
  let output: CaseOutput;
  try {
    const users = await prepareTwoSessionUsers(
      server.url,
      params.warmupUsers + params.users,
      opened,
    );
    const pushChecks = watchPushes(users);
    const warmup = await revokeAtRate(users.slice(0, params.warmupUsers), params);
    server.resetPeakRss();
    const started = performance.now();
    const outcomes = await revokeAtRate(users.slice(params.warmupUsers), params);
    const finished = performance.now();
    await sleep(params.graceMs);

    const failures = [...warmup, ...outcomes].flatMap((outcome) => outcome.failures);
    failures.push(...pushChecks());
    if (failures.length > 0) {
      throw new Error(`revocation checks failed: ${JSON.stringify(tallyFailures(failures))}`);
    }
    output = {
      rows: [revocationRow(outcomes, server, params)],
      profileWindowUs: [monotonicUs(started), monotonicUs(finished)],
    };
  } finally {
    for (const client of opened) client.close();
    await server.stop();
  }
  return { ...output, cpuProfile: server.cpuProfile() };
}

/** Revocation i starts at start + i / perSecond, whether or not the earlier ones have finished. */
async function revokeAtRate(
  users: readonly TwoSessionUser[],
  params: RevocationParams,
): Promise<RevocationOutcome[]> {
  const intervalMs = 1000 / params.perSecond;
  const start = performance.now();
  const pending: Array<Promise<RevocationOutcome>> = [];
  for (let i = 0; i < users.length; i += 1) {
    const waitMs = start + i * intervalMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    pending.push(revokeSecondSession(users[i], params.pushTimeoutMs));
  }
  return Promise.all(pending);
}

function revocationRow(
  outcomes: RevocationOutcome[],
  server: ServerProcess,
  params: RevocationParams,
) {
  const push = new LatencyRecorder();
  const roundTrip = new LatencyRecorder();
  const reply = new LatencyRecorder();
  let pushFirst = 0;
  for (const outcome of outcomes) {
    push.record(outcome.pushMs!);
    roundTrip.record(outcome.roundTripMs);
    reply.record(outcome.replyMs);
    if (outcome.pushMs! < outcome.replyMs) pushFirst += 1;
  }
  const pushed = push.summary();
  const reference = roundTrip.summary();
  const answered = reply.summary();
  const checks = count(outcomes.length + params.warmupUsers);
  return measured({
    id: 'revocation-push',
    name: `Revocation → session_deleted push (${count(params.users)} users, ${params.perSecond}/s)`,
    throughput: arrivalRate(outcomes.map((outcome) => outcome.pushedAt!)),
    unit: 'revocations/s',
    p50Ms: pushed.p50Ms,
    p99Ms: pushed.p99Ms,
    peakRssMb: server.peakRssMb(),
    rssOf: 'server',
    inlineReference: { name: 'core.Initialize round trip', p50Ms: reference.p50Ms! },
    notes: [
      `${count(params.users)} users, each signed in twice on two connections (A: session 1, B: session 2), ${params.warmupUsers} more revoked first, untimed; A sends auth.RevokeSessions for session 2, open loop at ${params.perSecond}/s, one user each; latency from sending the revoke to B receiving Update { session_deleted } (max ${ms(pushed.maxMs)} ms), ${count(pushed.samples)} pushes`,
      `reference: core.Initialize on A, answered just before each revoke, p50/p99 ${ms(reference.p50Ms)} / ${ms(reference.p99Ms)} ms; ratio: p50 ÷ p50 (p99 ÷ p99: ${times(ratio(pushed.p99Ms, reference.p99Ms))})`,
      `revoke sent → A’s answer p50/p99 ${ms(answered.p50Ms)} / ${ms(answered.p99Ms)} ms; ${count(pushFirst)} of ${count(outcomes.length)} pushes arrived before that answer: the revoking node’s session cache is written through by the command, so the push leaves as the event is appended, without waiting for the $all subscription (which delivers the event again, to no connection)`,
      `checked for all ${checks} users: B got exactly one push, for session 2, and A none; B’s next request (auth.GetSessions) was refused UNAUTHORIZED; auth.Authorize with session 2’s token on a connection never signed in was refused INVALID_TOKEN; 0 failures (any would fail the run)`,
      `target held to (no goal in the spec): p99 < ${REVOCATION_TARGET_P99_MS} ms`,
    ],
  });
}
