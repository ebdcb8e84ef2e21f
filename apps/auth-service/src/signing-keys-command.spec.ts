import { InMemorySigningKeyStore } from '../../../libs/application/src/testing/in-memory-signing-key-store';
import { SIGNING_KEYS_USAGE, runSigningKeysCommand } from './signing-keys-command';

const DAY = 86_400_000;
const TODAY = 20_833;
const NOW = TODAY * DAY + 12 * 3_600_000;

async function storeWithKeys() {
  const store = new InMemorySigningKeyStore();
  for (const [period, hasPrivate] of [
    [TODAY - 1, false],
    [TODAY, true],
    [TODAY + 1, true],
  ] as const) {
    await store.insertIfAbsent({
      kid: `24h.${period}.0`,
      signFrom: period * DAY,
      signUntil: (period + 1) * DAY,
      sealed: 'sealed',
      hasPrivate,
      revokedAt: null,
    });
  }
  return store;
}

async function run(args: string[], store: InMemorySigningKeyStore) {
  const lines: string[] = [];
  const code = await runSigningKeysCommand(args, store, NOW, (line) => lines.push(line));
  return { code, lines };
}

describe('signing-keys command', () => {
  it('lists every key with its window and state', async () => {
    const store = await storeWithKeys();
    expect(await run(['list'], store)).toEqual({
      code: 0,
      lines: [
        '24h.20832.0  2027-01-14T00:00Z .. 2027-01-15T00:00Z  verifies only',
        '24h.20833.0  2027-01-15T00:00Z .. 2027-01-16T00:00Z  signing',
        '24h.20834.0  2027-01-16T00:00Z .. 2027-01-17T00:00Z  published, signs next',
      ],
    });
    expect((await run(['list'], new InMemorySigningKeyStore())).lines).toEqual([
      'no signing keys yet: the service makes them when it starts',
    ]);
  });

  it('revokes a key by its id, and says when there is none', async () => {
    const store = await storeWithKeys();
    const revoked = await run(['revoke', '24h.20833.0'], store);
    expect(revoked.code).toBe(0);
    expect(revoked.lines[0]).toMatch(/^revoked 24h\.20833\.0: instances refuse its tokens/);
    expect(store.keys.get('24h.20833.0')).toMatchObject({ sealed: '', revokedAt: NOW });
    expect((await run(['list'], store)).lines[1]).toBe(
      '24h.20833.0  2027-01-15T00:00Z .. 2027-01-16T00:00Z  revoked 2027-01-15T12:00Z',
    );
    expect(await run(['revoke', '24h.1.0'], store)).toEqual({
      code: 1,
      lines: ['no signing key 24h.1.0 (see: signing-keys list)'],
    });
  });

  it('prints its usage for anything else', async () => {
    const store = await storeWithKeys();
    for (const args of [[], ['rotate'], ['revoke'], ['revoke', 'a', 'b'], ['list', 'x']]) {
      expect(await run(args, store)).toEqual({ code: 64, lines: [SIGNING_KEYS_USAGE] });
    }
    expect(store.keys.get('24h.20833.0')!.revokedAt).toBeNull();
  });
});
