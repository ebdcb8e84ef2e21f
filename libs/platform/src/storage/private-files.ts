import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner read and write only: keys, databases, mails. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only: the directories holding them. */
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the directory and any missing parents, owner-only; an existing one is left as it is. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes a SQLite database file ready to open: its directory owner-only, the file itself created
 * empty with mode 0600 when missing (SQLite reads an empty file as an empty database). SQLite
 * creates the `-wal`, `-shm` and `-journal` files with the database file's mode, so they are
 * 0600 too, without touching the process umask. `:memory:` and URIs are left alone; an existing
 * file keeps its mode.
 */
export function preparePrivateSqliteFile(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  ensurePrivateDir(dirname(file));
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
