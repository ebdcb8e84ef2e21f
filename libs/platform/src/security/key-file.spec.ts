import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyFile } from './key-file';

describe('key file', () => {
  it('creates both keys once (mode 0600) and reads the same keys back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    const first = loadOrCreateKeyFile(file);
    expect(first.created).toEqual(['identifierKey', 'mailKey']);
    expect(first.keys.identifierKey).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKeyFile(file);
    expect(again.created).toEqual([]);
    expect(again.keys.identifierKey.equals(first.keys.identifierKey)).toBe(true);
    expect(again.keys.mailKey.equals(first.keys.mailKey)).toBe(true);
  });

  it('adds a key an older file lacks, keeping the others', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    const identifierKey = Buffer.alloc(32, 3).toString('base64');
    writeFileSync(file, JSON.stringify({ identifierKey }));
    const loaded = loadOrCreateKeyFile(file);
    expect(loaded.created).toEqual(['mailKey']);
    expect(loaded.keys.identifierKey.toString('base64')).toBe(identifierKey);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ identifierKey, mailKey: expect.any(String) });
  });
});
