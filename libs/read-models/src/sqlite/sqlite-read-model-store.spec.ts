import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPrivateSqliteFiles } from '@tangle/testing/private-files';
import Database from 'better-sqlite3';
import { describeReadModelStoreContract } from '../contract/read-model-store.contract';
import {
  EventLog,
  FIXTURE_PASSWORD_HASH,
  FIXTURE_TOKEN_HASH,
  accountRegistered,
  passwordChanged,
  sessionStarted,
} from '../contract/recorded-event.fixtures';
import { encodePosition } from '../position-key';
import { SqliteReadModelStore } from './sqlite-read-model-store';

describeReadModelStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tangle-read-models-'));
  const file = join(dir, 'read-models.sqlite');
  return {
    open: () => SqliteReadModelStore.open(file),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteReadModelStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-read-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file, -wal and -shm owner-only, in an owner-only directory', async () => {
    const file = join(dir, 'private', 'read-models.sqlite');
    const store = await SqliteReadModelStore.open(file);
    try {
      await store.apply(new EventLog().recordAll([accountRegistered('u1')]));
      expectPrivateSqliteFiles(file);
    } finally {
      await store.close();
    }
  });

  it('never writes a password hash or token hash to its file', async () => {
    const file = join(dir, 'nested', 'read-models.sqlite');
    const store = await SqliteReadModelStore.open(file);
    const log = new EventLog();
    await store.apply(
      log.recordAll([
        accountRegistered('u1'),
        passwordChanged('u1', 1),
        sessionStarted('s1', 'u1'),
      ]),
    );
    expect(await store.getUser('u1')).not.toBeNull();
    await store.close();

    const bytes = readdirSync(join(dir, 'nested'))
      .map((name) => readFileSync(join(dir, 'nested', name)).toString('latin1'))
      .join('');
    expect(bytes).toContain('u1@example.org');
    expect(bytes).not.toContain(FIXTURE_PASSWORD_HASH);
    expect(bytes).not.toContain(FIXTURE_TOKEN_HASH);
  });

  it('rolls back the whole batch, checkpoint included, when one write fails', async () => {
    const store = await SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
    const log = new EventLog();
    await store.apply(log.recordAll([accountRegistered('u1')]));
    const checkpoint = await store.checkpoint();
    // Sessions are written before users: the nameless user violates NOT NULL after s1's row.
    const broken = log.recordAll([
      sessionStarted('s1', 'u2'),
      accountRegistered('u2', { name: undefined as unknown as string }),
    ]);

    // Not toThrow(): better-sqlite3's error class may come from another jest sandbox of this
    // worker (the addon keeps the first one it was given), so it fails instanceof Error here.
    await expect(store.apply(broken)).rejects.toHaveProperty(
      'message',
      'NOT NULL constraint failed: users.name',
    );

    expect(await store.getSession('s1')).toBeNull();
    expect(await store.getUser('u2')).toBeNull();
    expect(await store.checkpoint()).toEqual(checkpoint);
    await store.close();
  });

  it('adds the profile columns to a file made before profiles, its rows reading as without one', async () => {
    const file = join(dir, 'read-models.sqlite');
    const log = new EventLog();
    const [old] = log.recordAll([accountRegistered('u1', { name: 'Ada' })]);
    const before = new Database(file);
    before.exec(`CREATE TABLE users (
      user_id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, email TEXT, email_normalized TEXT,
      email_verified INTEGER NOT NULL, has_password INTEGER NOT NULL,
      registered_at INTEGER NOT NULL, last_position TEXT NOT NULL)`);
    before
      .prepare(
        `INSERT INTO users VALUES ('u1', 'Ada', 'u1@example.org', 'u1@example.org', 0, 1, 5, ?)`,
      )
      .run(encodePosition(old.position));
    before.close();

    const store = await SqliteReadModelStore.open(file);
    try {
      expect(await store.getUser('u1')).toMatchObject({
        name: 'Ada',
        firstName: null,
        lastName: null,
        phone: null,
        accountType: 'individual',
        referralCode: null,
      });
      await store.apply(
        log.recordAll([accountRegistered('u2', { firstName: 'Ahmed', phone: '+201234567890' })]),
      );
      expect(await store.getUser('u2')).toMatchObject({
        firstName: 'Ahmed',
        phone: '+201234567890',
      });
    } finally {
      await store.close();
    }
    // Opening it again finds every column there and changes nothing.
    const again = await SqliteReadModelStore.open(file);
    expect(await again.getUser('u2')).toMatchObject({ firstName: 'Ahmed' });
    await again.close();
  });
});
