import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateMailKey } from './mail-key';

describe('loadOrCreateMailKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-mail-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a 32-byte key file with mode 0600, then keeps returning it', () => {
    const dataDir = join(dir, 'var');
    const first = loadOrCreateMailKey(dataDir);

    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    const file = join(dataDir, 'mail.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.key)).toBe(true);

    const second = loadOrCreateMailKey(dataDir);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('leaves no temporary file behind', () => {
    loadOrCreateMailKey(dir);
    loadOrCreateMailKey(dir);

    expect(readdirSync(dir)).toEqual(['mail.key']);
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    writeFileSync(join(dir, 'mail.key'), 'c2hvcnQ=\n');

    expect(() => loadOrCreateMailKey(dir)).toThrow(/does not hold a 32-byte base64 key/);
  });
});
