import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Asserts that a SQLite database, its `-wal` and `-shm` companions (open in WAL mode, so they
 * exist) and its directory are the owner's only: 0600 and 0700.
 */
export function expectPrivateSqliteFiles(file: string): void {
  const modes: Record<string, string> = {};
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    expect(existsSync(path)).toBe(true);
    modes[path] = (statSync(path).mode & 0o777).toString(8);
  }
  modes[dirname(file)] = (statSync(dirname(file)).mode & 0o777).toString(8);
  expect(modes).toEqual({
    [file]: '600',
    [`${file}-wal`]: '600',
    [`${file}-shm`]: '600',
    [dirname(file)]: '700',
  });
}
