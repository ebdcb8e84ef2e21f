import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir } from '../storage/private-files';

/** Embedded mode's key files, in DATA_DIR. */
export const IDENTIFIER_KEY_FILE = 'identifier.key';
export const MAIL_KEY_FILE = 'mail.key';
/** Seals the access-token signing keys (`signing-keys.sqlite`). */
export const SIGNING_KEYS_KEY_FILE = 'signing-keys.key';
/** Wraps the per-account personal-data keys (`data-keys.sqlite`). */
export const DATA_KEYS_KEY_FILE = 'data-keys.key';
/** Seals TOTP secrets in the account events. */
export const TOTP_KEY_FILE = 'totp.key';

/**
 * A 32-byte key kept in a file (base64, mode 0600), made on first use. Embedded
 * mode keeps its keys beside its data: losing them loses every email lookup and
 * every sealed code. The new key is written aside and hard-linked into place, so
 * two processes starting together agree on one key and never read half a file.
 */
export function loadOrCreateKey(file: string): { key: Buffer; created: boolean } {
  ensurePrivateDir(dirname(file));
  const key = randomBytes(32);
  const pending = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(pending, `${key.toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(pending, file);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(pending);
  }
  const stored = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (stored.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return { key: stored, created: false };
}
