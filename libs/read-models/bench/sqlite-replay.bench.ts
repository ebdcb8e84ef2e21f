/**
 * Replay throughput of SqliteReadModelStore.apply: 100,000 session events (10,000 sessions,
 * each started, seen 8 times and revoked, interleaved as in a busy log) applied in batches.
 * Not a test; run it from a compiled build (see the README) and read the events/s it prints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@tangle/application';
import {
  EventLog,
  T0,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  type FixtureEvent,
} from '../src/contract/recorded-event.fixtures';
import { SqliteReadModelStore } from '../src/sqlite/sqlite-read-model-store';

const SESSIONS = 10_000;
const STEPS = 10;

function sessionEvents(): RecordedEvent[] {
  const fixtures: FixtureEvent[] = [];
  for (let step = 0; step < STEPS; step += 1) {
    for (let i = 0; i < SESSIONS; i += 1) {
      const sessionId = `s${i}`;
      const userId = `u${i % 2_500}`;
      const at = T0 + step * 60_000 + i;
      if (step === 0) fixtures.push(sessionStarted(sessionId, userId, { startedAt: at }));
      else if (step === STEPS - 1) fixtures.push(sessionRevoked(sessionId, userId, at));
      else fixtures.push(sessionSeen(sessionId, userId, at));
    }
  }
  return new EventLog().recordAll(fixtures);
}

async function run(batchSize: number, events: RecordedEvent[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-read-models-bench-'));
  const store = await SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < events.length; i += batchSize) {
      await store.apply(events.slice(i, i + batchSize));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const checkpoint = await store.checkpoint();
    if (checkpoint?.commit !== events[events.length - 1].position.commit) {
      throw new Error('replay did not reach the last event');
    }
    return events.length / seconds;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const events = sessionEvents();
  for (const batchSize of [100, 500, 1_000, 5_000]) {
    const rates: number[] = [];
    for (let round = 0; round < 3; round += 1) rates.push(await run(batchSize, events));
    const best = Math.max(...rates);
    console.log(
      `batch ${batchSize}: ${events.length} events, best ${Math.round(best)} events/s ` +
        `(runs: ${rates.map((r) => Math.round(r)).join(', ')})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
