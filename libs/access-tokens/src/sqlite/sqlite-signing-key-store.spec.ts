import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { describeSigningKeyStoreContract } from '../contract/signing-key-store.contract';
import { SqliteSigningKeyStore } from './sqlite-signing-key-store';

describeSigningKeyStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-signing-keys-'));
  const file = join(dir, 'signing-keys.sqlite');
  return {
    open: () => SqliteSigningKeyStore.open(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteSigningKeyStore', () => {
  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tangle-signing-keys-'));
    try {
      const file = join(dir, 'nested', 'signing-keys.sqlite');
      const store = await SqliteSigningKeyStore.open(file);
      try {
        expect(await store.list()).toEqual([]);
        expectPrivateSqliteFiles(file);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
