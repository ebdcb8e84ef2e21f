import type { ReadModelStore, SessionView, UserView } from '@tangle/application';
import {
  accountDeleted,
  deletionCancelled,
  deletionRequested,
  sessionRevokedByDeletion,
  EventLog,
  FIXTURE_PASSWORD_HASH,
  FIXTURE_TOKEN_HASH,
  T0,
  accountRegistered,
  emailReserved,
  passwordChanged,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  unknownEvent,
} from './recorded-event.fixtures';
import { describeSecurityHistoryContract } from './security-history.contract';
import { describeInviteReadModels } from './invites.contract';

/** Storage for one test: each `open` opens a new store on the same storage (to test reopening). */
export interface ReadModelStoreHarness {
  open(): Promise<ReadModelStore>;
  /** Deletes the storage; stores opened from it are closed by then. */
  dispose(): Promise<void>;
}

/**
 * The behaviour every ReadModelStore adapter must have. `createHarness` is called once per test
 * and must give it fresh, empty storage.
 */
export function describeReadModelStoreContract(
  name: string,
  createHarness: () => Promise<ReadModelStoreHarness>,
): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let harness: ReadModelStoreHarness;
    let opened: ReadModelStore[];
    let store: ReadModelStore;
    let log: EventLog;

    const open = async (): Promise<ReadModelStore> => {
      const next = await harness.open();
      opened.push(next);
      return next;
    };

    /** Everything the queries can show about the fixtures' users and sessions. */
    const snapshot = async (target: ReadModelStore, userIds: string[], sessionIds: string[]) => ({
      checkpoint: await target.checkpoint(),
      users: await Promise.all(userIds.map((id) => target.getUser(id))),
      active: await Promise.all(userIds.map((id) => target.listActiveSessions(id))),
      sessions: await Promise.all(sessionIds.map((id) => target.getSession(id))),
    });

    beforeEach(async () => {
      harness = await createHarness();
      opened = [];
      store = await open();
      log = new EventLog();
    });

    afterEach(async () => {
      for (const each of opened) await each.close();
      await harness.dispose();
    });

    it('is empty before the first event', async () => {
      expect(await store.checkpoint()).toBeNull();
      expect(await store.getSession('s1')).toBeNull();
      expect(await store.getUser('u1')).toBeNull();
      expect(await store.listActiveSessions('u1')).toEqual([]);
      expect(await store.findUsersByEmail('u1@example.org')).toEqual([]);
    });

    it('builds the session view from start and sightings', async () => {
      await store.apply(
        log.recordAll([
          sessionStarted('s1', 'u1', { startedAt: T0 + 10, country: null, region: null }),
          sessionSeen('s1', 'u1', T0 + 500),
          sessionSeen('s1', 'u1', T0 + 200),
        ]),
      );

      const expected: SessionView = {
        sessionId: 's1',
        userId: 'u1',
        clientId: 7,
        deviceType: 'desktop',
        deviceVersion: 'Linux 6',
        appName: 'osmium',
        appVersion: '1.2.3',
        method: 'password',
        startedAt: T0 + 10,
        lastActive: T0 + 500,
        country: null,
        region: null,
        revokedAt: null,
      };
      const view = await store.getSession('s1');
      expect(view).toEqual(expected);
      expect(JSON.stringify(view)).not.toContain(FIXTURE_TOKEN_HASH);
    });

    it('drops a deleted user and the device strings of its sessions, for good', async () => {
      await store.apply(
        log.recordAll([
          accountRegistered('u1', {
            name: 'Ada',
            email: 'ada@example.org',
            firstName: 'Ada',
            lastName: 'Lovelace',
            phone: '+201234567890',
          }),
          sessionStarted('s1', 'u1', { deviceType: 'Ada laptop', country: 'EG' }),
          accountRegistered('u2', { registeredAt: T0 + 2 }),
        ]),
      );
      expect(await store.getUser('u1')).not.toBeNull();
      await store.apply(
        log.recordAll([
          accountDeleted('u1', T0 + 10),
          sessionRevokedByDeletion('s1', 'u1', T0 + 10),
        ]),
      );
      expect(await store.getUser('u1')).toBeNull();
      expect(await store.findUsersByEmail('ada@example.org')).toEqual([]);
      expect(await store.listActiveSessions('u1')).toEqual([]);
      const session = await store.getSession('s1');
      expect(session).toMatchObject({
        deviceType: '',
        deviceVersion: '',
        country: null,
        region: null,
      });
      expect(await store.getUser('u2')).not.toBeNull();
      // A late copy of the registration does not bring the user back.
      await store.apply([
        { ...log.record(accountRegistered('u1')), position: { commit: 1n, prepare: 1n } },
      ]);
      expect(await store.getUser('u1')).toBeNull();
    });

    it('lists pending and done account deletions, for the erasure sweep', async () => {
      await store.apply(
        log.recordAll([
          accountRegistered('u1'),
          accountRegistered('u2'),
          accountRegistered('u3'),
          accountRegistered('u4'),
          deletionRequested('u1', T0 + 1, T0 + 100),
          deletionRequested('u2', T0 + 1, T0 + 100),
          deletionRequested('u3', T0 + 1, T0 + 100),
        ]),
      );
      expect(await store.listAccountDeletions()).toEqual([
        { userId: 'u1', dueAt: T0 + 100, deletedAt: null },
        { userId: 'u2', dueAt: T0 + 100, deletedAt: null },
        { userId: 'u3', dueAt: T0 + 100, deletedAt: null },
      ]);
      await store.apply(
        log.recordAll([
          deletionCancelled('u2', T0 + 2),
          accountDeleted('u3', T0 + 100),
          deletionRequested('u4', T0 + 3, T0 + 200),
        ]),
      );
      expect(await store.listAccountDeletions()).toEqual([
        { userId: 'u1', dueAt: T0 + 100, deletedAt: null },
        { userId: 'u3', dueAt: null, deletedAt: T0 + 100 },
        { userId: 'u4', dueAt: T0 + 200, deletedAt: null },
      ]);
      // The user view itself is unchanged by it.
      expect(Object.keys((await store.getUser('u1'))!)).not.toContain('deletionDueAt');
    });

    it('builds the user view and finds users by their normalised email', async () => {
      await store.apply(
        log.recordAll([
          emailReserved('u1', 'Ada@Example.org'),
          accountRegistered('u1', { name: 'Ada', email: '  Ada@Example.org ', registeredAt: T0 }),
          accountRegistered('u2', { email: null, passwordHash: null, registeredAt: T0 + 1 }),
        ]),
      );
      await store.apply(log.recordAll([passwordChanged('u2', T0 + 2)]));

      const ada: UserView = {
        userId: 'u1',
        name: 'Ada',
        email: '  Ada@Example.org ',
        emailNormalized: 'ada@example.org',
        emailVerified: false,
        hasPassword: true,
        registeredAt: T0,
        firstName: null,
        lastName: null,
        phone: null,
        accountType: 'individual',
        referralCode: null,
      };
      expect(await store.getUser('u1')).toEqual(ada);
      expect(await store.getUser('u2')).toMatchObject({ email: null, hasPassword: true });
      expect(await store.findUsersByEmail('ada@example.org')).toEqual([ada]);
      expect(await store.findUsersByEmail('Ada@Example.org')).toEqual([]);
      const views = JSON.stringify([await store.getUser('u1'), await store.getUser('u2')]);
      expect(views).not.toContain(FIXTURE_PASSWORD_HASH);
    });

    it('stores the profile an account registered with, and the defaults for one without', async () => {
      await store.apply(
        log.recordAll([
          accountRegistered('u1', {
            name: 'Ahmed Mohamed',
            email: 'ahmed@example.com',
            firstName: 'Ahmed',
            lastName: 'Mohamed',
            phone: '+201234567890',
            accountType: 'business',
            referralCode: 'FRIEND-7',
          }),
          // As written before profiles existed: none of the fields.
          accountRegistered('u2'),
        ]),
      );

      expect(await store.getUser('u1')).toEqual({
        userId: 'u1',
        name: 'Ahmed Mohamed',
        email: 'ahmed@example.com',
        emailNormalized: 'ahmed@example.com',
        emailVerified: false,
        hasPassword: true,
        registeredAt: T0,
        firstName: 'Ahmed',
        lastName: 'Mohamed',
        phone: '+201234567890',
        accountType: 'business',
        referralCode: 'FRIEND-7',
      });
      expect(await store.findUsersByEmail('ahmed@example.com')).toEqual([
        await store.getUser('u1'),
      ]);
      expect(await store.getUser('u2')).toMatchObject({
        firstName: null,
        lastName: null,
        phone: null,
        accountType: 'individual',
        referralCode: null,
      });
    });

    it('keeps the profile through a password change and a rebuild from the same events', async () => {
      const events = log.recordAll([
        accountRegistered('u1', { firstName: 'Ahmed', phone: '+201234567890', referralCode: 'R1' }),
        passwordChanged('u1', T0 + 5),
      ]);
      await store.apply(events);
      const live = await store.getUser('u1');

      const rebuild = await store.beginRebuild();
      await rebuild.apply(events);
      await rebuild.commit();

      expect(live).toMatchObject({
        firstName: 'Ahmed',
        phone: '+201234567890',
        referralCode: 'R1',
      });
      expect(await store.getUser('u1')).toEqual(live);
    });

    it('lists active sessions only, oldest start first', async () => {
      await store.apply(
        log.recordAll([
          sessionStarted('late', 'u1', { startedAt: T0 + 300 }),
          sessionStarted('early', 'u1', { startedAt: T0 + 100 }),
          sessionStarted('gone', 'u1', { startedAt: T0 + 50 }),
          sessionStarted('mid', 'u1', { startedAt: T0 + 200 }),
          sessionStarted('other', 'u2', { startedAt: T0 }),
          sessionRevoked('gone', 'u1', T0 + 400),
        ]),
      );

      const ids = (views: SessionView[]) => views.map((view) => view.sessionId);
      expect(ids(await store.listActiveSessions('u1'))).toEqual(['early', 'mid', 'late']);
      expect(ids(await store.listActiveSessions('u2'))).toEqual(['other']);
      expect((await store.getSession('gone'))?.revokedAt).toBe(T0 + 400);
    });

    it('changes nothing when the same batch is applied twice', async () => {
      const batch = log.recordAll([
        accountRegistered('u1', { passwordHash: null }),
        sessionStarted('s1', 'u1'),
        sessionSeen('s1', 'u1', T0 + 50),
        passwordChanged('u1', T0 + 60),
        sessionRevoked('s1', 'u1', T0 + 70),
      ]);
      await store.apply(batch);
      const once = await snapshot(store, ['u1'], ['s1']);

      await store.apply(batch);

      expect(await snapshot(store, ['u1'], ['s1'])).toEqual(once);
      expect(once.users[0]?.hasPassword).toBe(true);
      expect(once.sessions[0]).toMatchObject({ lastActive: T0 + 50, revokedAt: T0 + 70 });
    });

    it('ignores an older event applied after newer ones, checkpoint included', async () => {
      const [registered, started, ...rest] = log.recordAll([
        accountRegistered('u1', { passwordHash: null }),
        sessionStarted('s1', 'u1', { startedAt: T0 }),
        sessionSeen('s1', 'u1', T0 + 5_000),
        passwordChanged('u1', T0 + 6_000),
      ]);
      await store.apply([registered, started, ...rest]);
      const before = await snapshot(store, ['u1'], ['s1']);

      await store.apply([started]);
      await store.apply([registered]);

      expect(await snapshot(store, ['u1'], ['s1'])).toEqual(before);
      expect(before.sessions[0]?.lastActive).toBe(T0 + 5_000);
      expect(before.users[0]?.hasPassword).toBe(true);
      expect(before.checkpoint).toEqual(rest[1].position);
    });

    it('stores the exact checkpoint of the last event, and it survives reopening', async () => {
      log = new EventLog(2n ** 60n + 1n);
      const batch = log.recordAll([accountRegistered('u1'), sessionStarted('s1', 'u1')]);
      const sameCommit = [
        log.record(sessionSeen('s1', 'u1', T0 + 1), { commit: 2n ** 62n, prepare: 2n ** 62n - 9n }),
        log.record(sessionSeen('s1', 'u1', T0 + 2), { commit: 2n ** 62n, prepare: 2n ** 62n - 3n }),
      ];
      await store.apply(batch);
      expect(await store.checkpoint()).toEqual({ commit: 2n ** 60n + 2n, prepare: 2n ** 60n + 2n });
      await store.apply(sameCommit);
      const before = await snapshot(store, ['u1'], ['s1']);
      await store.close();

      const reopened = await open();

      expect(await reopened.checkpoint()).toEqual({ commit: 2n ** 62n, prepare: 2n ** 62n - 3n });
      expect(await snapshot(reopened, ['u1'], ['s1'])).toEqual(before);
      expect(before.sessions[0]?.lastActive).toBe(T0 + 2);
    });

    it('advances the checkpoint past event types it does not know', async () => {
      const [registered] = log.recordAll([accountRegistered('u1')]);
      await store.apply([registered]);
      const user = await store.getUser('u1');

      const [unknown] = log.recordAll([unknownEvent('u1')]);
      await store.apply([unknown]);

      expect(await store.checkpoint()).toEqual(unknown.position);
      expect(await store.getUser('u1')).toEqual(user);
    });

    it('keeps serving the old read models during a rebuild and swaps in the new ones on commit', async () => {
      await store.apply(log.recordAll([accountRegistered('old'), sessionStarted('s-old', 'old')]));
      const oldCheckpoint = await store.checkpoint();
      const rebuildLog = new EventLog(100n);
      const rebuilt = rebuildLog.recordAll([
        accountRegistered('new', { email: 'New@Example.org' }),
        sessionStarted('s-new', 'new'),
      ]);

      const rebuild = await store.beginRebuild();
      expect(await rebuild.checkpoint()).toBeNull();
      await rebuild.apply(rebuilt);

      expect(await rebuild.checkpoint()).toEqual(rebuilt[1].position);
      expect(await store.checkpoint()).toEqual(oldCheckpoint);
      expect(await store.getUser('old')).not.toBeNull();
      expect(await store.getUser('new')).toBeNull();
      expect(await store.findUsersByEmail('new@example.org')).toEqual([]);

      await rebuild.commit();

      expect(await store.checkpoint()).toEqual(rebuilt[1].position);
      expect(await store.getUser('old')).toBeNull();
      expect(await store.getSession('s-old')).toBeNull();
      expect((await store.findUsersByEmail('new@example.org')).map((u) => u.userId)).toEqual([
        'new',
      ]);
      expect((await store.listActiveSessions('new')).map((s) => s.sessionId)).toEqual(['s-new']);
    });

    it('applies live events to the swapped-in read models, also after reopening', async () => {
      await store.apply(log.recordAll([accountRegistered('old')]));
      const rebuildLog = new EventLog(100n);
      const rebuild = await store.beginRebuild();
      await rebuild.apply(rebuildLog.recordAll([sessionStarted('s1', 'u1')]));
      await rebuild.commit();

      const [revoked] = rebuildLog.recordAll([sessionRevoked('s1', 'u1', T0 + 9)]);
      await store.apply([revoked]);
      await store.close();
      const reopened = await open();

      expect(await reopened.checkpoint()).toEqual(revoked.position);
      expect((await reopened.getSession('s1'))?.revokedAt).toBe(T0 + 9);
      expect(await reopened.getUser('old')).toBeNull();
    });

    it('leaves the old read models in place when a rebuild is aborted', async () => {
      await store.apply(log.recordAll([accountRegistered('old'), sessionStarted('s-old', 'old')]));
      const before = await snapshot(store, ['old', 'new'], ['s-old', 's-new']);

      const rebuild = await store.beginRebuild();
      await rebuild.apply(new EventLog(100n).recordAll([accountRegistered('new')]));
      await rebuild.abort();

      expect(await snapshot(store, ['old', 'new'], ['s-old', 's-new'])).toEqual(before);
      const again = await store.beginRebuild();
      expect(await again.checkpoint()).toBeNull();
      await again.commit();
      expect(await store.checkpoint()).toBeNull();
      expect(await store.getUser('old')).toBeNull();
    });

    it('runs one rebuild at a time', async () => {
      const rebuild = await store.beginRebuild();

      await expect(store.beginRebuild()).rejects.toThrow('already in progress');

      await rebuild.abort();
      await expect(rebuild.apply([])).rejects.toThrow();
      const next = await store.beginRebuild();
      await next.abort();
    });

    describeInviteReadModels(() => ({ store, log }));
  });
  describeSecurityHistoryContract(name, createHarness);
}
