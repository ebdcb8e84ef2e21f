import { OsmiumClient, CODES, rpcFailure } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

/**
 * The end-to-end walk: the real service in a child process, real
 * WebSocket clients speaking protobuf, real argon2 and SQLite files.
 */
describe('accounts and sessions over the Osmium WebSocket', () => {
  let app: AppProcess;
  const clients: OsmiumClient[] = [];

  async function client(device?: Parameters<OsmiumClient['initialize']>[0]): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url);
    clients.push(c);
    await c.initialize(device);
    return c;
  }

  const failure = rpcFailure;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    const exit = await app.stop();
    removeDir(app.dataDir);
    expect(exit).toBe(0);
  });

  it('signs up, signs in elsewhere, lists, revokes with a push, and refuses the revoked token', async () => {
    const email = `ada.${Date.now()}@example.com`;
    const password = 'Correct-Horse-9';

    const first = await client({
      clientId: 11,
      deviceType: 'desktop',
      deviceVersion: 'Linux 6.1',
      appVersion: '1.0.0',
    });
    const one = await first.signUp({ name: '  Ada Lovelace ', email, password });
    expect(one.name).toBe('Ada Lovelace');
    expect(one.token).toMatch(/^tgl_/);

    const second = await client({
      clientId: 22,
      deviceType: 'mobile',
      deviceVersion: 'Android 15',
      appVersion: '2.3.4',
    });
    const two = await second.signIn(email.toUpperCase(), password);
    expect(two.userId).toBe(one.userId);
    expect(two.sessionId).not.toBe(one.sessionId);

    const third = await client();
    const resumed = await third.authorize(one.token);
    expect(resumed).toMatchObject({
      userId: one.userId,
      sessionId: one.sessionId,
      name: 'Ada Lovelace',
    });

    const listed = await second.getSessions();
    expect(listed.current).toBe(two.sessionId);
    const byId = new Map(listed.sessions.map((s) => [String(BigInt(s.id!.toString())), s]));
    expect([...byId.keys()].sort()).toEqual([one.sessionId, two.sessionId].sort());
    expect(byId.get(one.sessionId)).toMatchObject({
      clientId: 11,
      deviceType: 'desktop',
      deviceVersion: 'Linux 6.1',
      appVersion: '1.0.0',
      appName: 'Tangle',
    });
    expect(byId.get(two.sessionId)).toMatchObject({
      clientId: 22,
      deviceType: 'mobile',
      deviceVersion: 'Android 15',
      appVersion: '2.3.4',
    });
    const lastActive = Number(byId.get(two.sessionId)!.lastActive!.toString());
    expect(Math.abs(lastActive - Date.now() / 1000)).toBeLessThan(120);
    // Loopback clients have no place on a map.
    expect(byId.get(two.sessionId)!.country ?? null).toBeNull();

    await first.revokeSessions([two.sessionId]);
    const pushed = await second.waitForUpdate((u) => !!u.sessionDeleted);
    expect(String(BigInt(pushed.sessionDeleted!.sessionId!.toString()))).toBe(two.sessionId);

    expect((await failure(second.getSessions())).code).toBe(CODES.UNAUTHORIZED);
    const fresh = await client();
    expect((await failure(fresh.authorize(two.token))).code).toBe(CODES.INVALID_TOKEN);
    const remaining = await first.getSessions();
    expect(remaining.sessions.map((s) => String(BigInt(s.id!.toString())))).toEqual([
      one.sessionId,
    ]);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const email = `grace.${Date.now()}@example.com`;
    const c = await client();
    await c.signUp({ name: 'Grace', email, password: 'Compiler-1952' });
    const wrongPassword = await failure(c.signIn(email, 'Compiler-1953'));
    const unknownEmail = await failure(
      c.signIn(`nobody.${Date.now()}@example.com`, 'Compiler-1952'),
    );
    expect(wrongPassword.code).toBe(CODES.INVALID_CREDENTIALS);
    expect({ code: unknownEmail.code, message: unknownEmail.errorMessage }).toEqual({
      code: wrongPassword.code,
      message: wrongPassword.errorMessage,
    });
  });

  it('refuses a case-variant duplicate email with EMAIL_ALREADY_EXISTS', async () => {
    const email = `Linus.${Date.now()}@Example.com`;
    const c = await client();
    await c.signUp({ name: 'Linus', email, password: 'Kernel-Tux-1991' });
    const duplicate = await failure(
      c.signUp({ name: 'Linus 2', email: email.toLowerCase(), password: 'Kernel-Tux-1991' }),
    );
    expect(duplicate.code).toBe(CODES.EMAIL_ALREADY_EXISTS);
  });

  it('gives a passwordless sign-up a working token', async () => {
    const c = await client();
    const signedUp = await c.signUp({ name: 'Passwordless Pat' });
    const other = await client();
    await expect(other.authorize(signedUp.token)).resolves.toMatchObject({
      userId: signedUp.userId,
    });
    const sessions = await other.getSessions();
    expect(sessions.current).toBe(signedUp.sessionId);
  });

  it("refuses revoking another user's session exactly as an unknown one: NOT_FOUND, same message", async () => {
    const alice = await client();
    const bob = await client();
    await alice.signUp({ name: 'Alice' });
    const bobs = await bob.signUp({ name: 'Bob' });
    const others = await failure(alice.revokeSessions([bobs.sessionId]));
    const unknown = await failure(alice.revokeSessions(['123456789']));
    expect(others.code).toBe(CODES.NOT_FOUND);
    expect(unknown.code).toBe(CODES.NOT_FOUND);
    expect(others.message.replace(bobs.sessionId, 'ID')).toBe(
      unknown.message.replace('123456789', 'ID'),
    );
    await expect(bob.getSessions()).resolves.toMatchObject({ current: bobs.sessionId });
  });

  it('refuses a weak password naming the rule', async () => {
    const c = await client();
    const weak = await failure(
      c.signUp({
        name: 'Weak',
        email: `weak.${Date.now()}@example.com`,
        password: 'alllowercase1',
      }),
    );
    expect(weak.code).toBe(CODES.WEAK_PASSWORD);
    expect(weak.errorMessage).toMatch(/uppercase/);
  });
});
