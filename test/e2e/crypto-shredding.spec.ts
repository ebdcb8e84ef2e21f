import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AccountDeletionSweep } from '../../apps/auth-service/src/wiring/account-deletion-sweep';
import { httpPost } from '../support/http-post';
import { removeDir, tempDataDir } from '../support/app-process';
import { startInProcessApp, MovableClock, type InProcessApp } from '../support/in-process-app';
import { OsmiumClient } from '../support/osmium-client';

const DAY = 86_400_000;
const PASSWORD = 'SecurePass123!';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files under `dir` that hold `needle` (ASCII), in any case. */
function filesHolding(dir: string, needle: string): string[] {
  const wanted = needle.toLowerCase();
  return filesUnder(dir).filter((file) =>
    readFileSync(file).toString('latin1').toLowerCase().includes(wanted),
  );
}

interface StoredEvent {
  position: number;
  data: string;
}

function eventRows(dataDir: string): StoredEvent[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT position, data FROM events ORDER BY position').all() as StoredEvent[];
  } finally {
    db.close();
  }
}

/**
 * The shredding test: an account with an email, names and a phone is used, deleted, and its
 * grace lapses; the whole log is replayed (read models rebuilt from nothing, the relay from its
 * start, the caches from the first event); then no file under the data directory holds the
 * email, the names or the phone, while the log has only grown and everything replays.
 */
describe('crypto-shredding', () => {
  const clock = new MovableClock();
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const person = {
    email: `Zenobia.Quill.${tag}@Example.com`,
    firstName: `Zenobia${tag}`,
    lastName: `Quillfeather${tag}`,
    phone: `+2012${String(Date.now()).slice(-8)}`,
  };
  let dataDir: string;
  let service: InProcessApp | null = null;
  const clients: OsmiumClient[] = [];

  beforeAll(() => {
    dataDir = tempDataDir('tangle-shredding-');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await service?.close();
    removeDir(dataDir);
  });

  const start = async () => {
    service = await startInProcessApp(
      dataDir,
      { ACCOUNT_DELETION_SWEEP_INTERVAL_MS: '3600000', CODE_RESEND_COOLDOWN_MS: '0' },
      clock,
    );
    return service;
  };

  it('leaves no trace of a deleted account anywhere under the data directory', async () => {
    let app = await start();
    const registered = await httpPost(app.httpUrl, '/auth/register', {
      email: person.email,
      password: PASSWORD,
      firstName: person.firstName,
      lastName: person.lastName,
      phone: person.phone,
    });
    expect(registered.status).toBe(201);
    const userId: string = registered.body.data.user.id;
    const accessToken: string = registered.body.data.tokens.accessToken;
    const bearer = { authorization: `Bearer ${accessToken}` };

    // Use the account: sign in on the WebSocket and HTTP, list sessions, ask for a code by mail.
    const ws = await OsmiumClient.connect(app.url);
    clients.push(ws);
    await ws.initialize({ deviceVersion: `Zen laptop ${tag}` });
    await ws.signIn(person.email, PASSWORD);
    expect(
      (await httpPost(app.httpUrl, '/auth/login', { email: person.email, password: PASSWORD }))
        .status,
    ).toBe(200);
    expect((await httpPost(app.httpUrl, '/v1/auth/getSessions', {}, bearer)).status).toBe(200);
    expect(
      (await httpPost(app.httpUrl, '/v1/auth/resendEmailVerification', {}, bearer)).status,
    ).toBe(200);

    // Everything is where it should be before the deletion: the mail outbox holds the address.
    const waitForMail = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (filesHolding(join(dataDir, 'mail'), person.email).length < count) {
        if (Date.now() > deadline) throw new Error('the mails did not arrive');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitForMail(2);
    // The log itself never held them in plain text.
    for (const secret of Object.values(person)) {
      expect(filesHolding(dataDir, secret).filter((f) => f.includes('events.sqlite'))).toEqual([]);
    }

    expect((await httpPost(app.httpUrl, '/v1/settings/deleteAccount', {}, bearer)).status).toBe(
      200,
    );
    // The deletion mail is out before the grace ends (a relay days behind would mail after it).
    const deadline = Date.now() + 10_000;
    while (
      !filesHolding(join(dataDir, 'mail'), person.email).some((file) =>
        readFileSync(file, 'utf8').includes('will be deleted'),
      )
    ) {
      if (Date.now() > deadline) throw new Error('the deletion mail did not arrive');
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = eventRows(dataDir);
    clock.advance(7 * DAY);
    expect(await app.app.get(AccountDeletionSweep).sweep()).toEqual([userId]);

    // Replay everything: read models and the relay start from nothing, the caches from the start.
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await app.close();
    for (const name of readdirSync(dataDir)) {
      if (name.startsWith('read-models.sqlite') || name.startsWith('relay.sqlite')) {
        rmSync(join(dataDir, name));
      }
    }
    app = await start();
    // A new account's sign-up and session list: read-your-writes waits for the rebuilt models.
    const other = await httpPost(app.httpUrl, '/v1/auth/signUp', {
      name: 'Other',
      email: `other.${tag}@example.com`,
      password: PASSWORD,
    });
    expect(other.status).toBe(200);
    const sessions = await httpPost(
      app.httpUrl,
      '/v1/auth/getSessions',
      {},
      {
        authorization: `Bearer ${other.body.token}`,
      },
    );
    expect(sessions.body.sessions).toHaveLength(1);
    await app.close();
    service = null;

    // The log only grew: every event from before is there, unchanged.
    const after = eventRows(dataDir);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.slice(0, before.length)).toEqual(before);

    // And nothing anywhere holds the address, the names or the phone.
    const traces = Object.fromEntries(
      Object.entries(person).map(([field, value]) => [field, filesHolding(dataDir, value)]),
    );
    expect(traces).toEqual({ email: [], firstName: [], lastName: [], phone: [] });
    expect(filesHolding(dataDir, `Zen laptop ${tag}`)).toEqual([]);
  }, 60_000);
});
