import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalPosition } from '@tangle/application';
import { SqliteEventStore } from '@tangle/event-store';
import { ProjectionRunner, SqliteReadModelStore } from '@tangle/read-models';
import { profileWhile } from './inspector-profile';
import { peakRssMb, startPeakRssWindow } from './proc-memory';
import { measured, type CaseOutput } from './rows';
import { SessionEventFactory, sessionStream } from './session-events';

export interface ProjectionReplayParams {
  sessions: number;
  /** Events per session: one start, then activity, then one revocation. */
  eventsPerSession: number;
  users: number;
  /** ProjectionRunner's page and batch size. */
  batchSize: number;
  /** Replays (each into a fresh read-model file) and reads (each of the whole log) measured. */
  repeats: number;
}

interface Pass {
  events: number;
  seconds: number;
  peakRssMb: number | null;
}

/**
 * The sessions read model rebuilt from scratch: session.started / session.seen /
 * session.revoked events, interleaved across sessions as a busy log is, are written once
 * (untimed) and then replayed with ProjectionRunner.replay() into fresh SqliteReadModelStores
 * (reading included). Reference: reading the same log with readAll pages of the same size.
 */
export async function projectionReplayBench(params: ProjectionReplayParams): Promise<CaseOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-replay-'));
  const events = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  try {
    const written = await writeSessionLog(events, params);
    const reads: Pass[] = [];
    const replays: Pass[] = [];
    // Alternated, so both see the same machine.
    for (let i = 0; i < params.repeats; i += 1) {
      reads.push(await readLog(events, params.batchSize, written.count));
      replays.push(await replay(events, join(dir, `read-models-${i}.sqlite`), params, written));
    }

    const total = (passes: Pass[]) => ({
      throughput:
        passes.reduce((sum, p) => sum + p.events, 0) /
        passes.reduce((sum, p) => sum + p.seconds, 0),
      peakRssMb: Math.max(...passes.map((p) => p.peakRssMb ?? 0)) || null,
      rounds: passes.map((p) => p.events / p.seconds),
    });
    const read = total(reads);
    const rebuilt = total(replays);
    return {
      rows: [
        measured({
          id: 'read-all-reference',
          name: `readAll of ${written.count.toLocaleString('en-US')} events, reference`,
          throughput: read.throughput,
          unit: 'events/s',
          peakRssMb: read.peakRssMb,
          rssOf: 'bench process',
          rounds: read.rounds,
          notes: [`pages of ${params.batchSize}`],
        }),
        measured({
          id: 'sessions-replay',
          name: `Sessions projection replay, ${written.count.toLocaleString('en-US')} events`,
          throughput: rebuilt.throughput,
          unit: 'events/s',
          peakRssMb: rebuilt.peakRssMb,
          rssOf: 'bench process',
          referenceId: 'read-all-reference',
          rounds: rebuilt.rounds,
          notes: [
            `${params.sessions.toLocaleString('en-US')} sessions, ProjectionRunner.replay(), batches of ${params.batchSize}`,
          ],
        }),
      ],
    };
  } finally {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One replay again, with this process's CPU profiled; its figures are not the results. */
export async function projectionReplayProfile(
  params: ProjectionReplayParams & { cpuProfileDir: string },
): Promise<CaseOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-replay-'));
  const events = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
  try {
    const written = await writeSessionLog(events, params);
    let pass: Pass | undefined;
    const cpuProfile = await profileWhile(params.cpuProfileDir, 'sessions-replay', async () => {
      pass = await replay(events, join(dir, 'read-models.sqlite'), params, written);
    });
    const row = measured({
      id: 'sessions-replay-profiled',
      name: 'Sessions projection replay (profiled)',
      throughput: pass!.events / pass!.seconds,
      unit: 'events/s',
      rssOf: 'bench process',
    });
    return { rows: [row], cpuProfile };
  } finally {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface WrittenLog {
  count: number;
  last: GlobalPosition;
  /** A session and its user, to check the rebuilt model by. */
  someSessionId: string;
  someUserId: string;
}

/** Round by round: every session's next event, all appended concurrently (group-committed). */
async function writeSessionLog(
  store: SqliteEventStore,
  params: ProjectionReplayParams,
): Promise<WrittenLog> {
  const factory = new SessionEventFactory();
  const t0 = Date.now() - 86_400_000;
  const users = Array.from({ length: params.users }, () => factory.nextId(t0));
  const sessions = Array.from({ length: params.sessions }, (_, i) => ({
    sessionId: factory.nextId(t0 + i),
    userId: users[i % users.length],
  }));
  let count = 0;
  let last: GlobalPosition = { commit: 0n, prepare: 0n };
  for (let step = 0; step < params.eventsPerSession; step += 1) {
    const results = await Promise.all(
      sessions.map(({ sessionId, userId }, i) => {
        const at = t0 + step * 60_000 + i;
        const event =
          step === 0
            ? factory.started(sessionId, userId, at)
            : step === params.eventsPerSession - 1
              ? factory.revoked(sessionId, userId, at)
              : factory.seen(sessionId, userId, at);
        const expected = step === 0 ? 'no_stream' : BigInt(step - 1);
        return store.append(sessionStream(sessionId), [event], expected);
      }),
    );
    count += results.length;
    last = results[results.length - 1].position;
  }
  return { count, last, someSessionId: sessions[0].sessionId, someUserId: sessions[0].userId };
}

async function readLog(store: SqliteEventStore, pageSize: number, expected: number): Promise<Pass> {
  startPeakRssWindow();
  const started = performance.now();
  let after: GlobalPosition | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  const seconds = (performance.now() - started) / 1000;
  if (events !== expected) throw new Error(`readAll returned ${events} of ${expected} events`);
  return { events, seconds, peakRssMb: peakRssMb() };
}

async function replay(
  events: SqliteEventStore,
  file: string,
  params: ProjectionReplayParams,
  written: WrittenLog,
): Promise<Pass> {
  const readModels = await SqliteReadModelStore.open(file);
  try {
    const runner = new ProjectionRunner(events, readModels, { batchSize: params.batchSize });
    startPeakRssWindow();
    const started = performance.now();
    await runner.replay();
    const seconds = (performance.now() - started) / 1000;
    const peak = peakRssMb();

    const checkpoint = await readModels.checkpoint();
    if (checkpoint?.commit !== written.last.commit) {
      throw new Error(
        `replay stopped at ${checkpoint?.commit}, the log ends at ${written.last.commit}`,
      );
    }
    const session = await readModels.getSession(written.someSessionId);
    const active = await readModels.listActiveSessions(written.someUserId);
    if (session?.revokedAt == null || active.length !== 0) {
      throw new Error('the replayed sessions should exist and all be revoked');
    }
    return { events: written.count, seconds, peakRssMb: peak };
  } finally {
    await readModels.close();
  }
}
