import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventToAppend,
  type RecordedEvent,
} from '@tangle/application';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { describeEventStoreContract, sleep, waitFor } from '../event-store.contract';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const REGISTER_TS = join(__dirname, '../../../../test/support/register-ts.js');
const DURABILITY_CHILD = join(__dirname, 'testing', 'durability-child.ts');

describe('SqliteEventStore', () => {
  let dir: string;
  const open: SqliteEventStore[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-event-store-'));
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function openStore(
    name: string,
    options: Omit<SqliteEventStoreOptions, 'file'> = {},
  ): SqliteEventStore {
    const store = new SqliteEventStore({ file: join(dir, name), ...options });
    open.push(store);
    return store;
  }

  describeEventStoreContract('SqliteEventStore', async () =>
    SqliteEventStore.open({ file: join(dir, 'contract.db') }),
  );

  it('keeps the file in WAL mode', () => {
    openStore('wal.db');

    const raw = new Database(join(dir, 'wal.db'), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const file = join(dir, 'private', 'events.sqlite');
    const store = new SqliteEventStore({ file });
    open.push(store);
    await store.append('private-a', [event()], 'no_stream');

    expectPrivateSqliteFiles(file);
  });

  it('uses the row position as both commit and prepare, and returns it from append', async () => {
    const store = openStore('positions.db');

    const result = await store.append('positions-a', [event(), event()], 'no_stream');

    const stored = await store.readStream('positions-a');
    expect(stored.map((e) => e.position)).toEqual([
      { commit: 1n, prepare: 1n },
      { commit: 2n, prepare: 2n },
    ]);
    expect(result.position).toEqual(stored[1].position);
  });

  it('subscribes from the start of the log when no checkpoint is given', async () => {
    const store = openStore('from-start.db');
    await store.append('start-a', [event(), event()], 'no_stream');
    await store.append('start-b', [event()], 'no_stream');
    const delivered: RecordedEvent[] = [];

    const subscription = store.subscribeToAll({ onEvent: (e) => void delivered.push(e) });
    await waitFor(() => delivered.length === 3, 'three events', 5000);
    await subscription.stop();

    expect(delivered.map((e) => e.position.commit)).toEqual([1n, 2n, 3n]);
  });

  it('hands rows it did not write (not JSON, or a blob) on as bytes, to reads and subscriptions', async () => {
    const file = join(dir, 'foreign-rows.db');
    const store = openStore('foreign-rows.db');
    await store.append('account-a', [event()], 'no_stream');
    const raw = new Database(file);
    try {
      const insert = raw.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) ' +
          'VALUES (?, 0, ?, ?, ?, ?, 0)',
      );
      insert.run('orders-1', randomUUID(), 'OrderPlaced', '{not json', '{}');
      insert.run('blobs-1', randomUUID(), 'Blob', Buffer.from([0, 1, 2]), Buffer.from([3]));
    } finally {
      raw.close();
    }
    await store.append('account-b', [event()], 'no_stream');
    const delivered: RecordedEvent[] = [];

    const all = await store.readAll({ maxCount: 10 });
    const subscription = store.subscribeToAll({ onEvent: (e) => void delivered.push(e) });
    await waitFor(() => delivered.length === 4, 'four events', 5000);
    await subscription.stop();

    expect(all.map((e) => e.streamId)).toEqual(['account-a', 'orders-1', 'blobs-1', 'account-b']);
    expect(all[1].data).toEqual(new TextEncoder().encode('{not json'));
    expect(all[2].data).toEqual(Uint8Array.of(0, 1, 2));
    expect(all[2].metadata).toEqual(Uint8Array.of(3));
    expect(delivered.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
  });

  describe('group commit', () => {
    it('writes 1,000 concurrent appends in one transaction, with gapless positions in call order', async () => {
      const batches: { appends: number; events: number }[] = [];
      const store = openStore('group.db', { onBatchCommitted: (batch) => batches.push(batch) });

      const results = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => store.append(`group-${i}`, [event()], 'no_stream')),
      );

      expect(batches).toEqual([{ appends: 1000, events: 1000 }]);
      const first = results[0].position.commit;
      expect(results.map((r) => r.position.commit)).toEqual(
        results.map((_, i) => first + BigInt(i)),
      );
      expect(await store.readAll({ maxCount: 2000 })).toHaveLength(1000);
    });

    it('fails only the appends whose expectation does not hold, seeing earlier appends of the batch', async () => {
      const batches: { appends: number; events: number }[] = [];
      const store = openStore('partial.db', { onBatchCommitted: (batch) => batches.push(batch) });
      await store.append('partial-existing', [event()], 'no_stream');
      batches.length = 0;

      const outcomes = await Promise.allSettled([
        store.append('partial-a', [event()], 'no_stream'),
        store.append('partial-existing', [event()], 'no_stream'),
        store.append('partial-b', [event(), event()], 'no_stream'),
        store.append('partial-b', [event()], 'no_stream'),
        store.append('partial-b', [event()], 1n),
      ]);

      expect(batches).toEqual([{ appends: 3, events: 4 }]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(reasonOf(outcomes[1])).toMatchObject({ streamId: 'partial-existing', actual: 0n });
      expect(reasonOf(outcomes[3])).toBeInstanceOf(WrongExpectedRevisionError);
      expect(reasonOf(outcomes[3])).toMatchObject({ streamId: 'partial-b', actual: 1n });
      expect(valueOf(outcomes[4]).nextExpectedRevision).toBe(2n);
      expect(await store.readStream('partial-existing')).toHaveLength(1);
      expect((await store.readStream('partial-b')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      const positions = (await store.readAll({ maxCount: 100 })).map((e) => e.position.commit);
      expect(positions).toEqual([1n, 2n, 3n, 4n, 5n]);
    });
  });

  describe('live subscriptions', () => {
    it('delivers appends of the same instance at once, without waiting for a poll', async () => {
      const store = openStore('prompt.db', { pollIntervalMs: 60_000 });
      const delivered: RecordedEvent[] = [];
      let caughtUp = false;
      const subscription = store.subscribeToAll({
        onEvent: (e) => void delivered.push(e),
        onCaughtUp: () => (caughtUp = true),
      });
      await waitFor(() => caughtUp, 'catch-up', 5000);

      const started = Date.now();
      await store.append('prompt-a', [event()], 'no_stream');
      await waitFor(() => delivered.length === 1, 'the event', 5000);

      expect(Date.now() - started).toBeLessThan(1000);
      await subscription.stop();
    });

    it('sees appends made by another instance on the same file by polling', async () => {
      const writer = openStore('shared.db');
      const reader = openStore('shared.db', { pollIntervalMs: 50 });
      const delivered: RecordedEvent[] = [];
      let caughtUp = false;
      const subscription = reader.subscribeToAll({
        onEvent: (e) => void delivered.push(e),
        onCaughtUp: () => (caughtUp = true),
      });
      await waitFor(() => caughtUp, 'catch-up', 5000);

      const appended = [event(), event()];
      await writer.append('shared-a', appended.slice(0, 1), 'no_stream');
      await writer.append('shared-a', appended.slice(1), 0n);
      await waitFor(() => delivered.length === 2, 'events of the other instance', 5000);

      expect(delivered.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
      await subscription.stop();
    });
  });

  describe('close', () => {
    it('writes appends still queued, stops subscriptions and refuses further calls', async () => {
      const store = new SqliteEventStore({ file: join(dir, 'close.db') });
      let stoppedDelivering = false;
      const subscription = store.subscribeToAll({ onEvent: () => undefined });
      const queued = store.append('close-a', [event()], 'no_stream');

      await store.close();
      void subscription.stop().then(() => (stoppedDelivering = true));

      await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 0n });
      await expect(store.append('close-a', [event()], 0n)).rejects.toThrow(/closed/);
      await expect(store.readStream('close-a')).rejects.toThrow(/closed/);
      expect(() => store.subscribeToAll({ onEvent: () => undefined })).toThrow(/closed/);
      await sleep(0);
      expect(stoppedDelivering).toBe(true);
      const reopened = openStore('close.db');
      expect(await reopened.readStream('close-a')).toHaveLength(1);
    });
  });

  describe('durability', () => {
    it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
      const file = join(dir, 'durability.db');
      const child = spawn(
        process.execPath,
        ['-r', REGISTER_TS, DURABILITY_CHILD, file, 'durable'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const acks: { streamId: string; revision: bigint; eventId: string }[] = [];
      let pending = '';
      let stderr = '';
      let exited = false;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const [word, streamId, revision, eventId] = line.split(' ');
          if (word === 'ack') acks.push({ streamId, revision: BigInt(revision), eventId });
        }
      });
      const closed = new Promise<void>((resolve) =>
        child.on('close', () => {
          exited = true;
          resolve();
        }),
      );

      try {
        await waitFor(() => acks.length >= 2000 || exited, 'acknowledged appends', 25_000);
        expect({ exited, stderr }).toEqual({ exited: false, stderr: '' });
      } finally {
        child.kill('SIGKILL');
        await closed;
      }

      const store = openStore('durability.db');
      const stored = new Map<string, RecordedEvent>();
      for (const streamId of new Set(acks.map((ack) => ack.streamId))) {
        for (const e of await store.readStream(streamId)) {
          expect(stored.has(e.eventId)).toBe(false);
          stored.set(e.eventId, e);
        }
      }
      expect(acks.length).toBeGreaterThanOrEqual(2000);
      for (const ack of acks) {
        expect(stored.get(ack.eventId)).toMatchObject({
          streamId: ack.streamId,
          revision: ack.revision,
        });
      }
      const all = await store.readAll({ maxCount: 1_000_000 });
      expect(all).toHaveLength(stored.size);
      expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    });
  });
});

function event(): EventToAppend {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'sqlite.tested.v1',
    data: { eventId },
    metadata: {
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
      actorUserId: null,
      actorSessionId: null,
      serverTime: Date.now(),
    },
  };
}

function reasonOf(outcome: PromiseSettledResult<AppendResult>): unknown {
  if (outcome.status === 'fulfilled') throw new Error('expected a rejection');
  return outcome.reason;
}

function valueOf(outcome: PromiseSettledResult<AppendResult>): AppendResult {
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}
