import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { describeCheckpointStoreContract } from './checkpoint-store.contract';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

describeCheckpointStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-checkpoints-'));
  return {
    open: () => SqliteCheckpointStore.open(join(dir, 'checkpoints.sqlite')),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteCheckpointStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-checkpoints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const file = join(dir, 'private', 'checkpoints.sqlite');
    const store = await SqliteCheckpointStore.open(file);
    try {
      await store.save('relay', { commit: 3n, prepare: 3n });
      expectPrivateSqliteFiles(file);
    } finally {
      await store.close();
    }
  });

  it('creates its directory and uses WAL', async () => {
    const file = join(dir, 'nested', 'var', 'checkpoints.sqlite');
    const store = await SqliteCheckpointStore.open(file);
    await store.save('relay', { commit: 3n, prepare: 3n });
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT name, position FROM checkpoints').all()).toEqual([
        { name: 'relay', position: '3/3' },
      ]);
    } finally {
      db.close();
    }
  });

  it('is visible to a second store on the same file at once', async () => {
    const file = join(dir, 'checkpoints.sqlite');
    const writer = await SqliteCheckpointStore.open(file);
    const reader = await SqliteCheckpointStore.open(file);
    try {
      await writer.save('relay', { commit: 9n, prepare: 8n });

      expect(await reader.load('relay')).toEqual({ commit: 9n, prepare: 8n });
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('refuses a negative position', async () => {
    const store = await SqliteCheckpointStore.open(':memory:');
    try {
      await expect(store.save('relay', { commit: -1n, prepare: 0n })).rejects.toThrow(RangeError);
    } finally {
      await store.close();
    }
  });
});
