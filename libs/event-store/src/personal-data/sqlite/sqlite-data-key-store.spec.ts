import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDataKeyStoreContract } from '../data-key-store.contract';
import { SqliteDataKeyStore } from './sqlite-data-key-store';

describeDataKeyStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-data-keys-'));
  return {
    open: () => SqliteDataKeyStore.open(join(dir, 'data-keys.sqlite')),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteDataKeyStore files', () => {
  it('keeps no byte of a destroyed key in the database or its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tangle-data-keys-'));
    try {
      const store = await SqliteDataKeyStore.open(join(dir, 'data-keys.sqlite'));
      const marker = Buffer.from('0123456789abcdef-wrapped-key-marker-0123456789abcdef');
      await store.create('u1', marker, 1);
      await store.create('u2', Buffer.from('another key of another account, kept'), 1);
      const files = () => readdirSync(dir).map((name) => readFileSync(join(dir, name)));
      expect(files().some((bytes) => bytes.includes(marker))).toBe(true);
      await store.destroy('u1', 2);
      expect(files().some((bytes) => bytes.includes(marker))).toBe(false);
      await store.close();
      expect(files().some((bytes) => bytes.includes(marker))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
