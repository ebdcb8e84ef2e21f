import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServerKeys {
  /** Keys the HMAC that turns emails and usernames into stream names. */
  identifierKey: Buffer;
}

/**
 * Embedded mode keeps its keys in a file it creates on first start (mode 0600).
 * Losing the file means emails can no longer be found, so it lives with the data.
 */
export function loadOrCreateKeyFile(file: string): { keys: ServerKeys; created: boolean } {
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { identifierKey: string };
    return { keys: { identifierKey: Buffer.from(stored.identifierKey, 'base64') }, created: false };
  }
  const keys: ServerKeys = { identifierKey: randomBytes(32) };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ identifierKey: keys.identifierKey.toString('base64') }), {
    mode: 0o600,
    flag: 'wx',
  });
  return { keys, created: true };
}
