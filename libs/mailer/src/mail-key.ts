import { join } from 'node:path';
import { loadOrCreateKey, MAIL_KEY_FILE } from '@tangle/platform';

export { MAIL_KEY_FILE };

/**
 * Embedded mode's mail key, `<dataDir>/mail.key`: the auth service seals with it
 * and the mailer opens with it, so both read the same file. `created` tells the
 * caller to warn that a new key was made.
 */
export function loadOrCreateMailKey(dataDir: string): { key: Buffer; created: boolean } {
  return loadOrCreateKey(join(dataDir, MAIL_KEY_FILE));
}
