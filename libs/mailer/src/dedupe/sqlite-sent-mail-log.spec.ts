import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { describeSentMailLogContract } from './sent-mail-log.contract';
import { SqliteSentMailLog } from './sqlite-sent-mail-log';

describeSentMailLogContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-sent-mail-'));
  const file = join(dir, 'nested', 'sent-mail.sqlite');
  return {
    open: (options) => SqliteSentMailLog.open(file, options),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteSentMailLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-sent-mail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const file = join(dir, 'private', 'mail-sent.sqlite');
    const log = await SqliteSentMailLog.open(file);
    try {
      await log.claim('e1');
      expectPrivateSqliteFiles(file);
    } finally {
      await log.close();
    }
  });

  it('forgets sent entries older than the retention, and only those', async () => {
    let now = Date.UTC(2026, 0, 1);
    const file = join(dir, 'sent-mail.sqlite');
    const options = { retentionMs: 1_000_000, now: () => now };
    const first = await SqliteSentMailLog.open(file, options);
    await first.claim('old');
    await first.markSent('old');
    now += 600_000;
    await first.claim('recent');
    await first.markSent('recent');
    await first.close();

    now += 600_000;
    const second = await SqliteSentMailLog.open(file, options);
    expect(await second.claim('recent')).toBe('sent');
    expect(await second.claim('old')).toBe('new');
    await second.close();
  });
});
