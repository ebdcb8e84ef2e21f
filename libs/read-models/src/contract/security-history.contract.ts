import type { ReadModelStore, RecordedEvent } from '@tangle/application';
import { SignInFailed, Streams, type SignInFailedData } from '@tangle/contracts';
import {
  EventLog,
  FIXTURE_PASSWORD_HASH,
  FIXTURE_TOKEN_HASH,
  T0,
  accountRegistered,
  passwordChanged,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  type FixtureEvent,
} from './recorded-event.fixtures';
import type { ReadModelStoreHarness } from './read-model-store.contract';

export function signInFailed(userId: string, at: number): FixtureEvent<SignInFailedData> {
  return {
    streamId: Streams.signInFailures(userId),
    type: SignInFailed,
    data: {
      userId,
      at,
      deviceType: 'web',
      deviceVersion: 'curl',
      country: 'BR',
      region: null,
    },
  };
}

const FIRST_PAGE = { before: null, limit: 100 } as const;

/** The security history's part of the ReadModelStore contract. */
export function describeSecurityHistoryContract(
  name: string,
  createHarness: () => Promise<ReadModelStoreHarness>,
): void {
  describe(`ReadModelStore contract: ${name}: security history`, () => {
    let harness: ReadModelStoreHarness;
    let store: ReadModelStore;
    let log: EventLog;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
      log = new EventLog();
    });

    afterEach(async () => {
      await store.close();
      await harness.dispose();
    });

    /** A sign-up, a failed sign-in, a sign-in, a rehash, a password change, a revocation. */
    const someHistory = (): RecordedEvent[] =>
      log.recordAll([
        accountRegistered('u1'),
        sessionStarted('s1', 'u1', { method: 'sign-up', startedAt: T0 + 1 }),
        signInFailed('u1', T0 + 2),
        sessionStarted('s2', 'u1', { startedAt: T0 + 3, deviceVersion: 'Firefox 140' }),
        sessionSeen('s2', 'u1', T0 + 4),
        {
          ...passwordChanged('u1', T0 + 5),
          data: { ...passwordChanged('u1', 0).data, reason: 'rehash', changedAt: T0 + 5 },
        },
        passwordChanged('u1', T0 + 6),
        sessionRevoked('s1', 'u1', T0 + 7),
        sessionStarted('other', 'u2'),
      ]);

    it('lists the entries of one account, newest first, without any secret', async () => {
      const events = someHistory();
      await store.apply(events);

      const entries = await store.listSecurityHistory('u1', FIRST_PAGE);

      expect(entries.map((e) => [e.kind, e.at, e.detail])).toEqual([
        ['session-revoked', T0 + 7, 'revoked-by-user'],
        ['password-changed', T0 + 6, 'change'],
        ['sign-in', T0 + 3, 'password'],
        ['sign-in-failed', T0 + 2, null],
        ['sign-in', T0 + 1, 'sign-up'],
      ]);
      expect(entries[2]).toEqual({
        entryId: events[3].eventId,
        userId: 'u1',
        kind: 'sign-in',
        at: T0 + 3,
        sessionId: 's2',
        device: 'Firefox 140 (desktop)',
        country: 'DE',
        region: 'BE',
        detail: 'password',
        position: events[3].position,
      });
      expect(entries[3]).toMatchObject({ device: 'curl (web)', country: 'BR', region: null });
      expect(entries[0]).toMatchObject({ sessionId: 's1', device: null, country: null });
      const text = JSON.stringify(entries, (_k, v: unknown) =>
        typeof v === 'bigint' ? `${v}` : v,
      );
      expect(text).not.toContain(FIXTURE_PASSWORD_HASH);
      expect(text).not.toContain(FIXTURE_TOKEN_HASH);
      expect(await store.listSecurityHistory('u2', FIRST_PAGE)).toHaveLength(1);
      expect(await store.listSecurityHistory('u3', FIRST_PAGE)).toEqual([]);
    });

    it('pages by position: each page continues strictly before the last entry of the one before', async () => {
      await store.apply(someHistory());
      const all = await store.listSecurityHistory('u1', FIRST_PAGE);

      const first = await store.listSecurityHistory('u1', { before: null, limit: 2 });
      const second = await store.listSecurityHistory('u1', {
        before: first[1].position,
        limit: 2,
      });
      const third = await store.listSecurityHistory('u1', {
        before: second[1].position,
        limit: 2,
      });

      expect([...first, ...second, ...third]).toEqual(all);
      expect(third).toHaveLength(1);
      expect(
        await store.listSecurityHistory('u1', { before: third[0].position, limit: 2 }),
      ).toEqual([]);
    });

    it('makes one entry per event, however often a batch is applied', async () => {
      const events = someHistory();
      await store.apply(events);
      await store.apply(events);
      await store.apply(events.slice(2, 4));

      expect(await store.listSecurityHistory('u1', FIRST_PAGE)).toHaveLength(5);
    });

    it('rebuilds the history from the log and swaps it in on commit', async () => {
      const events = someHistory();
      await store.apply(events.slice(0, 3));
      const rebuild = await store.beginRebuild();
      await rebuild.apply(events);

      expect(await store.listSecurityHistory('u1', FIRST_PAGE)).toHaveLength(2);
      await rebuild.commit();
      expect(await store.listSecurityHistory('u1', FIRST_PAGE)).toHaveLength(5);

      const next = await store.beginRebuild();
      await next.abort();
      expect(await store.listSecurityHistory('u1', FIRST_PAGE)).toHaveLength(5);
    });
  });
}
