import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServerKeys {
  /** Keys the HMAC that turns emails and usernames into stream names, and hashes codes. */
  identifierKey: Buffer;
  /** Seals codes and link tokens for the mailer (AES-256-GCM). */
  mailKey: Buffer;
}

type StoredKeys = Partial<Record<keyof ServerKeys, string>>;

/**
 * Embedded mode keeps its keys in a file it creates on first start (mode 0600);
 * a key missing from an older file is added. Losing the file means emails can no
 * longer be found, so it lives with the data. `created` names the keys made now.
 */
export function loadOrCreateKeyFile(file: string): { keys: ServerKeys; created: (keyof ServerKeys)[] } {
  const stored: StoredKeys = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredKeys) : {};
  const created: (keyof ServerKeys)[] = [];
  const keys = {} as ServerKeys;
  for (const name of ['identifierKey', 'mailKey'] as const) {
    if (stored[name]) {
      keys[name] = Buffer.from(stored[name], 'base64');
    } else {
      keys[name] = randomBytes(32);
      stored[name] = keys[name].toString('base64');
      created.push(name);
    }
  }
  if (created.length > 0) {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored), { mode: 0o600 });
    renameSync(temporary, file);
  }
  return { keys, created };
}
