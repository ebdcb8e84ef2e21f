import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { describeRateLimitStoreContract } from '../contract/rate-limit-store.contract';
import { SqliteRateLimitStore } from './sqlite-rate-limit-store';

const REGISTER_TS = join(__dirname, '../../../../test/support/register-ts.js');
const HIT_CHILD = join(__dirname, 'testing', 'hit-child.ts');

/** Runs hit-child.ts and resolves with the number of hits it was allowed. */
function hitsFromChild(file: string, key: string, hits: number, limit: number, startAt: number) {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', REGISTER_TS, HIT_CHILD, file, key, String(hits), String(limit), String(startAt)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const match = /^allowed (\d+)$/m.exec(out);
      if (code === 0 && match) resolve(Number(match[1]));
      else reject(new Error(`hit-child exited ${code}: ${err}`));
    });
  });
}

describeRateLimitStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-limits-'));
  const file = join(dir, 'limits.sqlite');
  return {
    open: () => SqliteRateLimitStore.open(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteRateLimitStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const file = join(dir, 'nested', 'limits.sqlite');
    const store = await SqliteRateLimitStore.open(file);
    try {
      expect((await store.hit('k', 1, 1_000, 5)).count).toBe(1);
      expectPrivateSqliteFiles(file);
    } finally {
      await store.close();
    }
  });

  it('deletes ended windows at most once a minute', async () => {
    const store = await SqliteRateLimitStore.open(join(dir, 'limits.sqlite'));
    await store.hit('short', 5, 1_000, 0);
    await store.hit('long', 5, 3_600_000, 0);
    await store.hit('other', 5, 1_000, 30_000);
    expect(store.size()).toBe(3);
    await store.hit('other', 5, 1_000, 60_000);
    // 'short' and the first 'other' window ended; 'other' was swept, then counted anew.
    expect(store.size()).toBe(2);
    expect((await store.hit('long', 5, 3_600_000, 60_001)).count).toBe(2);
    await store.close();
  });

  it('allows exactly the limit to two processes hitting one key in the same file', async () => {
    const file = join(dir, 'limits.sqlite');
    await (await SqliteRateLimitStore.open(file)).close();
    const startAt = Date.now() + 1_500;
    const allowed = await Promise.all([
      hitsFromChild(file, 'shared', 400, 250, startAt),
      hitsFromChild(file, 'shared', 400, 250, startAt),
    ]);
    expect(allowed[0] + allowed[1]).toBe(250);
    const store = await SqliteRateLimitStore.open(file);
    expect((await store.hit('shared', 250, 3_600_000, 1_800_000_000_000)).count).toBe(251);
    await store.close();
  });
});
