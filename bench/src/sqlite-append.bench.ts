import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@tangle/event-store';
import { profileWhile } from './inspector-profile';
import { peakRssMb, startPeakRssWindow } from './proc-memory';
import { count } from './format';
import { measured, type CaseOutput, type Measured } from './rows';
import { SessionEventFactory, sessionStream } from './session-events';
import { LatencyRecorder } from './stats';

export interface SqliteAppendParams {
  sequentialMs: number;
  concurrentMs: number;
  batchMs: number;
  /** Length of each of the two raw reference slices (first and last). */
  referenceSliceMs: number;
  inFlight: number;
  batchSize: number;
  rowsPerTransaction: number;
}

/** The events table as the adapter creates it (libs/event-store/src/sqlite/sqlite-schema.ts). */
const EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id  TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

interface Timed {
  events: number;
  seconds: number;
  latency: LatencyRecorder | null;
  peakRssMb: number | null;
}

/**
 * Appends through the EventStore port (SqliteEventStore, synchronous FULL, a fresh file each)
 * three ways, against raw better-sqlite3 inserts of the same rows. Building the events
 * (UUIDs, payloads, JSON) is inside every timed loop, the reference's included.
 */
export async function sqliteAppendBench(params: SqliteAppendParams): Promise<CaseOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-sqlite-'));
  const factory = new SessionEventFactory();
  let files = 0;
  const nextFile = () => join(dir, `events-${++files}.sqlite`);
  try {
    const reference = [rawInserts(nextFile(), factory, params)];
    const sequential = await withStore(nextFile(), (store) =>
      appendLoop(store, factory, params.sequentialMs, 1, 1),
    );
    const concurrent = await withStore(nextFile(), (store) =>
      appendLoop(store, factory, params.concurrentMs, params.inFlight, 1),
    );
    const batches = await withStore(nextFile(), (store) =>
      appendLoop(store, factory, params.batchMs, 1, params.batchSize),
    );
    reference.push(rawInserts(nextFile(), factory, params));

    const refEvents = reference.reduce((sum, slice) => sum + slice.events, 0);
    const refSeconds = reference.reduce((sum, slice) => sum + slice.seconds, 0);
    const rows: Measured[] = [
      measured({
        id: 'sqlite-raw-reference',
        name: `SQLite raw inserts, reference (${count(params.rowsPerTransaction)} rows per transaction)`,
        throughput: refEvents / refSeconds,
        unit: 'events/s',
        peakRssMb: Math.max(...reference.map((slice) => slice.peakRssMb ?? 0)) || null,
        rssOf: 'bench process',
        rounds: reference.map((slice) => slice.events / slice.seconds),
        notes: ['better-sqlite3, same schema, WAL, synchronous FULL'],
      }),
      appendRow(
        'sqlite-append-sequential',
        'SQLite append, sequential (1 event, awaited)',
        sequential,
        'a transaction (and fsync) per append',
      ),
      appendRow(
        'sqlite-append-concurrent',
        `SQLite append, ${count(params.inFlight)} concurrent single-event appends`,
        concurrent,
        'group commit: the appends of one event-loop turn share a transaction',
      ),
      appendRow(
        'sqlite-append-batch',
        `SQLite append, ${params.batchSize}-event batches (1 call each, awaited)`,
        batches,
        'a transaction per call',
      ),
    ];
    return { rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SqliteAppendProfileParams {
  mode: 'sequential' | 'concurrent' | 'batch';
  durationMs: number;
  inFlight: number;
  batchSize: number;
  cpuProfileDir: string;
}

/** One append mode again, with this process's CPU profiled; its figures are not the results. */
export async function sqliteAppendProfile(params: SqliteAppendProfileParams): Promise<CaseOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-sqlite-'));
  const factory = new SessionEventFactory();
  const loops = params.mode === 'concurrent' ? params.inFlight : 1;
  const perAppend = params.mode === 'batch' ? params.batchSize : 1;
  try {
    let timed: Timed | undefined;
    const cpuProfile = await withStore(join(dir, 'events.sqlite'), (store) =>
      profileWhile(params.cpuProfileDir, `sqlite-append-${params.mode}`, async () => {
        timed = await appendLoop(store, factory, params.durationMs, loops, perAppend);
      }),
    );
    const row = appendRow(
      `sqlite-append-${params.mode}-profiled`,
      `${params.mode} (profiled)`,
      timed!,
      'under the profiler',
    );
    return { rows: [row], cpuProfile };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function appendRow(id: string, name: string, timed: Timed, how: string): Measured {
  const latency = timed.latency!.summary();
  return measured({
    id,
    name,
    throughput: timed.events / timed.seconds,
    unit: 'events/s',
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    peakRssMb: timed.peakRssMb,
    rssOf: 'bench process',
    referenceId: 'sqlite-raw-reference',
    notes: [how, 'latency per append call'],
  });
}

async function withStore<T>(
  file: string,
  run: (store: SqliteEventStore) => Promise<T>,
): Promise<T> {
  const store = await SqliteEventStore.open({ file, synchronous: 'full' });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/**
 * `loops` closed loops, each appending `perAppend` events to a new session stream (expected
 * revision no_stream) and awaiting it before the next. Every event has a session.started
 * payload, the reference's too, so the rows differ only in how they are written.
 */
async function appendLoop(
  store: SqliteEventStore,
  factory: SessionEventFactory,
  durationMs: number,
  loops: number,
  perAppend: number,
): Promise<Timed> {
  startPeakRssWindow();
  const latency = new LatencyRecorder();
  const userId = factory.nextId();
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const now = Date.now();
      const sessionId = factory.nextId(now);
      const events = [];
      for (let i = 0; i < perAppend; i += 1) events.push(factory.started(sessionId, userId, now));
      const sent = performance.now();
      await store.append(sessionStream(sessionId), events, 'no_stream');
      latency.record(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  const seconds = (performance.now() - started) / 1000;
  return { events: latency.count * perAppend, seconds, latency, peakRssMb: peakRssMb() };
}

function rawInserts(file: string, factory: SessionEventFactory, params: SqliteAppendParams): Timed {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENTS_TABLE);
    const insert = db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at)
       VALUES (?, 0, ?, ?, ?, ?, ?)`,
    );
    const userId = factory.nextId();
    const insertRows = db.transaction((count: number) => {
      for (let i = 0; i < count; i += 1) {
        const now = Date.now();
        const sessionId = factory.nextId(now);
        const event = factory.started(sessionId, userId, now);
        insert.run(
          sessionStream(sessionId),
          event.eventId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          now,
        );
      }
    });
    startPeakRssWindow();
    let events = 0;
    const started = performance.now();
    const until = started + params.referenceSliceMs;
    while (performance.now() < until) {
      insertRows(params.rowsPerTransaction);
      events += params.rowsPerTransaction;
    }
    const seconds = (performance.now() - started) / 1000;
    return { events, seconds, latency: null, peakRssMb: peakRssMb() };
  } finally {
    db.close();
  }
}
