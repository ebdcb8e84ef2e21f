import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import { ensurePrivateDir, preparePrivateSqliteFile } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('private files', () => {
  let dir: string;
  let umask: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-private-'));
    umask = process.umask(0o022); // the usual default, which leaves new files 0644
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing directories owner-only', () => {
    ensurePrivateDir(join(dir, 'a', 'b'));
    expect(modeOf(join(dir, 'a'))).toBe(0o700);
    expect(modeOf(join(dir, 'a', 'b'))).toBe(0o700);
  });

  it('gives a SQLite database and its -wal and -shm files mode 0600', () => {
    const file = join(dir, 'data', 'store.sqlite');
    preparePrivateSqliteFile(file);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      expectPrivateSqliteFiles(file);
    } finally {
      db.close();
    }
  });

  it('leaves an existing database and its contents alone', () => {
    const file = join(dir, 'existing.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (42)');
    db.close();
    preparePrivateSqliteFile(file);
    const reopened = new Database(file, { readonly: true });
    try {
      expect(reopened.prepare('SELECT x FROM t').pluck().get()).toBe(42);
    } finally {
      reopened.close();
    }
  });

  it('creates no file for an in-memory database', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      preparePrivateSqliteFile(':memory:');
      expect(existsSync(':memory:')).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });
});
