import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountDeletionSweep } from '../../apps/auth-service/src/wiring/account-deletion-sweep';
import { httpPost } from '../support/http-post';
import { removeDir, tempDataDir } from '../support/app-process';
import { startInProcessApp, type InProcessApp } from '../support/in-process-app';
import { CODES, OsmiumClient, rpcFailure } from '../support/osmium-client';

const DAY = 86_400_000;
const PASSWORD = 'Correct-Horse-1';

/**
 * settings.deleteAccount end to end, over the WebSocket and HTTP, on the real service in this
 * process with a clock the test moves through the grace period.
 */
describe('account deletion (settings.deleteAccount)', () => {
  let service: InProcessApp;
  let dataDir: string;
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('tangle-deletion-');
    service = await startInProcessApp(dataDir, { ACCOUNT_DELETION_SWEEP_INTERVAL_MS: '3600000' });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await service.close();
    removeDir(dataDir);
  });

  async function client(): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(service.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  const sweep = () => service.app.get(AccountDeletionSweep).sweep();
  const email = (tag: string) =>
    `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
  const deleteOverHttp = (token: string, body: object = {}) =>
    httpPost(service.httpUrl, '/v1/settings/deleteAccount', body, {
      authorization: `Bearer ${token}`,
    });

  function mailsTo(address: string): string[] {
    const dir = join(dataDir, 'mail');
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
    } catch {
      return [];
    }
    return names
      .map((n) => readFileSync(join(dir, n), 'utf8'))
      .filter((text) => text.toLowerCase().includes(address.toLowerCase()));
  }

  async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('over the WebSocket: pending with a mail, then at the end of the grace every session is pushed out and the address is free', async () => {
    const address = email('ws');
    const ada = await client();
    const auth = await ada.signUp({ name: 'Ada', email: address, password: PASSWORD });
    const other = await client();
    await other.signIn(address, PASSWORD);
    expect((await ada.call({ settingsDeleteAccount: {} })).error).toBeFalsy();
    const mail = await waitFor(
      () => mailsTo(address).find((m) => /will be deleted/.test(m)),
      'the deletion mail',
    );
    expect(mail).toMatch(/scheduled for deletion/);

    service.clock.advance(7 * DAY - 60_000);
    expect(await sweep()).toEqual([]);
    await ada.authorize(auth.token);

    service.clock.advance(60_000);
    expect(await sweep()).toEqual([auth.userId]);
    await ada.waitForUpdate((u) => !!u.sessionDeleted);
    await other.waitForUpdate((u) => !!u.sessionDeleted);
    const fresh = await client();
    expect((await rpcFailure(fresh.authorize(auth.token))).code).toBe(CODES.INVALID_TOKEN);
    expect((await rpcFailure(fresh.signIn(address, PASSWORD))).code).toBe(
      CODES.INVALID_CREDENTIALS,
    );
    // The address is released: a new account can take it.
    const again = await fresh.signUp({ name: 'Eve', email: address, password: PASSWORD });
    expect(again.userId).not.toBe(auth.userId);
  });

  it('over the WebSocket: cancel: true takes it back, and nothing happens when the grace ends', async () => {
    const address = email('cancel');
    const bob = await client();
    const auth = await bob.signUp({ name: 'Bob', email: address, password: PASSWORD });
    await bob.call({ settingsDeleteAccount: {} });
    await bob.call({ settingsDeleteAccount: { cancel: true } });
    service.clock.advance(8 * DAY);
    expect(await sweep()).not.toContain(auth.userId);
    const later = await client();
    await later.authorize(auth.token);
    await later.signIn(address, PASSWORD);
  });

  it('a sign-in by the owner during the grace cancels it', async () => {
    const address = email('signin');
    const cy = await client();
    const auth = await cy.signUp({ name: 'Cy', email: address, password: PASSWORD });
    await cy.call({ settingsDeleteAccount: {} });
    service.clock.advance(3 * DAY);
    const phone = await client();
    await phone.signIn(address, PASSWORD);
    service.clock.advance(5 * DAY);
    expect(await sweep()).not.toContain(auth.userId);
    await (await client()).authorize(auth.token);
  });

  it('needs a signed-in caller', async () => {
    const stranger = await client();
    const failure = await rpcFailure(stranger.call({ settingsDeleteAccount: {} }));
    expect(failure.code).toBe(CODES.UNAUTHORIZED);
    const http = await httpPost(service.httpUrl, '/v1/settings/deleteAccount', {});
    expect(http.status).toBe(401);
    const forged = await deleteOverHttp('tgl_forged.token');
    expect(forged.status).toBe(401);
  });

  it('over HTTP: asked, cancelled, asked again and carried out after the grace', async () => {
    const address = email('http');
    const signUp = await httpPost(service.httpUrl, '/v1/auth/signUp', {
      name: 'Dee',
      email: address,
      password: PASSWORD,
    });
    expect(signUp.status).toBe(200);
    const token: string = signUp.body.token;
    const userId: string = signUp.body.user.id;
    expect(await deleteOverHttp(token)).toMatchObject({ status: 200, body: {} });
    expect(await deleteOverHttp(token, { cancel: true })).toMatchObject({ status: 200, body: {} });
    service.clock.advance(8 * DAY);
    expect(await sweep()).not.toContain(userId);
    expect((await deleteOverHttp(token)).status).toBe(200);
    service.clock.advance(7 * DAY);
    expect(await sweep()).toContain(userId);
    const after = await httpPost(service.httpUrl, '/v1/auth/authorize', { token });
    expect(after.status).toBe(401);
    expect((await deleteOverHttp(token)).status).toBe(401);
  });
});
