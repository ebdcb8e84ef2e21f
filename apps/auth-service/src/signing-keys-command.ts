import type { SigningKeyStore } from '@tangle/application';

export const SIGNING_KEYS_USAGE = 'usage: signing-keys list | signing-keys revoke <kid>';

/**
 * The operator's view of the access-token signing keys: `list` shows each key's window and
 * state; `revoke <kid>` deletes a key's material at once (its tokens stop verifying, and if it
 * was signing, the next refresh of any instance makes its replacement). Returns the exit code.
 */
export async function runSigningKeysCommand(
  args: string[],
  store: SigningKeyStore,
  now: number,
  print: (line: string) => void,
): Promise<number> {
  const [command, kid, ...rest] = args;
  if (command === 'list' && kid === undefined) {
    const keys = await store.list();
    if (keys.length === 0) print('no signing keys yet: the service makes them when it starts');
    for (const key of keys) {
      const window = `${iso(key.signFrom)} .. ${iso(key.signUntil)}`;
      print(`${key.kid}  ${window}  ${stateOf(key, now)}`);
    }
    return 0;
  }
  if (command === 'revoke' && kid !== undefined && rest.length === 0) {
    if (!(await store.revoke(kid, now))) {
      print(`no signing key ${kid} (see: signing-keys list)`);
      return 1;
    }
    print(
      `revoked ${kid}: instances refuse its tokens and stop publishing it at their next reload ` +
        '(within a minute); gateways once their cached key set expires (5 minutes)',
    );
    return 0;
  }
  print(SIGNING_KEYS_USAGE);
  return 64; // EX_USAGE
}

function stateOf(
  key: { signFrom: number; signUntil: number; hasPrivate: boolean; revokedAt: number | null },
  now: number,
): string {
  if (key.revokedAt !== null) return `revoked ${iso(key.revokedAt)}`;
  if (now < key.signFrom) return 'published, signs next';
  if (now < key.signUntil) return 'signing';
  return key.hasPrivate ? 'verifies only (private half not dropped yet)' : 'verifies only';
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}
