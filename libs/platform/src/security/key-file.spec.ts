import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKey } from './key-file';

describe('key file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'keys-'));

  it('creates a key once (mode 0600) and reads the same key back', () => {
    const file = join(dir(), 'nested', 'identifier.key');
    const first = loadOrCreateKey(file);
    expect(first).toMatchObject({ created: true });
    expect(first.key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKey(file);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('agrees on one key when many callers race', () => {
    const file = join(dir(), 'mail.key');
    const keys = Array.from({ length: 20 }, () => loadOrCreateKey(file));
    expect(keys.filter((k) => k.created)).toHaveLength(1);
    expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
  });

  it('refuses a file that does not hold a 32-byte key', () => {
    const file = join(dir(), 'bad.key');
    writeFileSync(file, 'c2hvcnQ=\n');
    expect(() => loadOrCreateKey(file)).toThrow(/32-byte/);
  });
});
