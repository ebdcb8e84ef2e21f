import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  GlobalPosition,
  InboundMessage,
  MessagePublisher,
  OutboundMessage,
} from '@tangle/application';
import { InMemoryEventStore } from '../../../application/src/testing/in-memory-event-store';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store';
import { waitFor } from '../testing/wait-for';
import { InProcessBus } from '../in-process/in-process-bus';
import { decodeMailRequest } from '../mail-request-codec';
import { decodeIntegrationEvent } from '../public-events';
import {
  CODE_HASH,
  PASSWORD_HASH,
  PLAIN_CODE,
  PLAIN_LINK_TOKEN,
  SEALED_CODE,
  SEALED_LINK_TOKEN,
  TOKEN_HASH,
  accountRegistered,
  emailReserved,
  emailVerificationFailed,
  emailVerificationRequested,
  emailVerified,
  loginCompleted,
  loginLinkRequested,
  passwordChanged,
  passwordResetRequested,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  usernameReserved,
  type StreamEvent,
} from '../testing/domain-events';
import { IntegrationRelay, type IntegrationRelayOptions } from './integration-relay';

const TOPICS = { events: 'auth.events', mail: 'auth.mail' };
const U1 = '100000000000000001';
const U2 = '100000000000000002';
const S1 = '200000000000000001';

const quietLogger = { error: jest.fn(), warn: jest.fn(), info: jest.fn() };

describe('IntegrationRelay', () => {
  let dir: string;
  let store: InMemoryEventStore;
  let bus: InProcessBus;
  let checkpoints: SqliteCheckpointStore;
  let relays: IntegrationRelay[];
  let events: InboundMessage[];
  let mail: InboundMessage[];

  const append = async (...sources: StreamEvent[]) => {
    let last: GlobalPosition | null = null;
    for (const { streamId, event } of sources) {
      last = (await store.append(streamId, [event], 'any')).position;
    }
    return last!;
  };

  const relay = (
    options: Partial<IntegrationRelayOptions> = {},
    publisher: MessagePublisher = bus,
  ): IntegrationRelay => {
    const created = new IntegrationRelay(store, publisher, checkpoints, {
      name: 'integration',
      topics: TOPICS,
      batchSize: 3,
      retryDelayMs: 5,
      maxRetryDelayMs: 20,
      logger: quietLogger,
      ...options,
    });
    relays.push(created);
    return created;
  };

  const eventIdsOf = (messages: InboundMessage[]) => messages.map((m) => m.headers['event-id']);
  const typesOf = (messages: InboundMessage[]) => messages.map((m) => m.headers['event-type']);

  beforeEach(async () => {
    jest.clearAllMocks();
    dir = mkdtempSync(join(tmpdir(), 'tangle-relay-'));
    store = new InMemoryEventStore();
    bus = new InProcessBus();
    checkpoints = await SqliteCheckpointStore.open(join(dir, 'checkpoints.sqlite'));
    relays = [];
    events = [];
    mail = [];
    await bus.run(TOPICS.events, 'events-test', async (m) => void events.push(m));
    await bus.run(TOPICS.mail, 'mailer-test', async (m) => void mail.push(m));
  });

  afterEach(async () => {
    for (const each of relays) await each.stop();
    await bus.stop();
    await checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes by other services' streams and non-JSON events, counting them, and catches up", async () => {
    await append(accountRegistered(U1));
    store.appendRaw('orders-1', { type: 'account.registered.v1', data: { userId: U2 } });
    store.appendRaw(`account-${U2}`, { type: 'account.registered.v1', data: Uint8Array.of(1) });
    const skipped: string[] = [];
    const subject = relay({
      skippedEvents: { skipped: (follower, reason) => skipped.push(`${follower}:${reason}`) },
    });

    await subject.start();
    await subject.caughtUp;
    const last = await append(accountRegistered(U2));
    await waitFor(() => events.length === 2, 'both registrations');

    expect(events.map((m) => m.key)).toEqual([U1, U2]);
    expect(skipped).toEqual(['relay:foreign_stream', 'relay:not_json']);
    await waitFor(() => subject.position?.commit === last.commit, 'the checkpoint');
  });

  it('publishes public events and mail requests to their topics, keyed by user id', async () => {
    await append(
      emailReserved(U1),
      usernameReserved(U1),
      accountRegistered(U1),
      emailVerificationRequested(U1),
      emailVerificationFailed(U1),
      emailVerified(U1),
      sessionStarted(S1, U1),
      sessionSeen(S1, U1),
      loginLinkRequested('auth-1', U1),
      loginCompleted('auth-1', U1, S1),
      passwordResetRequested(U1),
      passwordChanged(U1, 'reset'),
      passwordChanged(U1, 'rehash'),
      sessionRevoked(S1, U1),
    );
    const subject = relay();

    await subject.start();
    await subject.caughtUp;

    expect(typesOf(events)).toEqual([
      'account.registered.v1',
      'account.email-verified.v1',
      'session.started.v1',
      'account.password-changed.v1',
      'session.revoked.v1',
    ]);
    expect(events.every((m) => m.key === U1)).toBe(true);
    expect(mail.every((m) => m.key === U1)).toBe(true);
    expect(mail.map((m) => decodeMailRequest(m.value).template)).toEqual([
      'email-verification',
      'login-link',
      'password-reset',
      'password-changed',
    ]);
    const notice = decodeMailRequest(mail[3].value);
    expect(notice).toMatchObject({ to: `u${U1}@example.org`, locale: 'fr', sealedSecret: null });
    expect(subject.position).toEqual(store.all[store.all.length - 1].position);
  });

  it('publishes in batches, each acknowledged before its checkpoint is saved', async () => {
    const calls: { ids: string[]; checkpointBefore: GlobalPosition | null }[] = [];
    const spy: MessagePublisher = {
      publish: async (messages: readonly OutboundMessage[]) => {
        calls.push({
          ids: messages.map((m) => m.headers['event-id']),
          checkpointBefore: await checkpoints.load('integration'),
        });
        await bus.publish(messages);
      },
      close: async () => undefined,
    };
    await append(...[U1, U2].flatMap((user) => [accountRegistered(user), emailVerified(user)]));
    await append(sessionStarted(S1, U1));
    const subject = relay({ batchSize: 2 }, spy);

    await subject.start();
    await subject.caughtUp;

    expect(calls.map((call) => call.ids.length)).toEqual([2, 2, 1]);
    expect(calls.flatMap((call) => call.ids)).toEqual(store.all.map((e) => e.eventId));
    expect(calls.map((call) => call.checkpointBefore?.commit ?? null)).toEqual([null, 2n, 4n]);
    expect(await checkpoints.load('integration')).toEqual(store.all[4].position);
  });

  it('follows new events live after catching up', async () => {
    const subject = relay();
    await subject.start();
    await subject.caughtUp;

    const last = await append(accountRegistered(U2), emailVerificationRequested(U2));
    await waitFor(() => mail.length === 1 && events.length === 1, 'the live events');
    await waitFor(() => subject.position?.commit === last.commit, 'the checkpoint');

    expect(eventIdsOf([...events, ...mail])).toEqual(store.all.map((e) => e.eventId));
  });

  it('moves the checkpoint only after the consumer has handled the message', async () => {
    await bus.stop();
    let release!: () => void;
    let entered = false;
    await bus.run(TOPICS.mail, 'slow-mailer', async () => {
      entered = true;
      await new Promise<void>((resolve) => (release = resolve));
    });
    const position = await append(emailVerificationRequested(U1));
    const subject = relay();

    await subject.start();
    await waitFor(() => entered, 'the mailer to get the request');
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(await checkpoints.load('integration')).toBeNull();
    expect(subject.position).toBeNull();

    release();
    await subject.caughtUp;
    expect(await checkpoints.load('integration')).toEqual(position);
  });

  it('holds everything back while the consumer fails, then delivers all of it in order', async () => {
    await bus.stop();
    const handled: string[] = [];
    let failures = 3;
    await bus.run(TOPICS.mail, 'flaky-mailer', async (m) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('smtp down');
      }
      const { eventId } = decodeMailRequest(m.value);
      if (!handled.includes(eventId)) handled.push(eventId);
    });
    const first = await append(emailVerificationRequested(U1));
    await append(passwordResetRequested(U1), loginLinkRequested('auth-2', U1));
    const subject = relay({ batchSize: 1 });

    await subject.start();
    await waitFor(() => quietLogger.error.mock.calls.length >= 2, 'failed attempts');
    expect(subject.position).toBeNull();
    expect(handled).toEqual([]);

    await subject.caughtUp;

    expect(handled).toEqual(store.all.map((e) => e.eventId));
    expect(quietLogger.error).toHaveBeenCalledTimes(3);
    expect(quietLogger.error.mock.calls[0][1]).toMatch(/failed to publish a batch; retrying/);
    expect(quietLogger.error.mock.calls[0][0]).toMatchObject({
      relay: 'integration',
      from: `${first.commit}/${first.prepare}`,
    });
  });

  it('keeps the order through a publisher that fails every other call', async () => {
    let calls = 0;
    const flaky: MessagePublisher = {
      publish: async (messages) => {
        calls += 1;
        if (calls % 2 === 1) throw new Error('broker hiccup');
        await bus.publish(messages);
      },
      close: async () => undefined,
    };
    await append(
      accountRegistered(U1),
      sessionStarted(S1, U1),
      accountRegistered(U2),
      emailVerified(U1),
      sessionRevoked(S1, U1),
    );
    const subject = relay({ batchSize: 2 }, flaky);

    await subject.start();
    await subject.caughtUp;

    expect(eventIdsOf(events)).toEqual(store.all.map((e) => e.eventId));
  });

  it('publishes everything again after reset(null)', async () => {
    await append(accountRegistered(U1), emailVerificationRequested(U1), sessionStarted(S1, U1));
    const subject = relay();
    await subject.start();
    await subject.caughtUp;
    const [registered, requested, started] = store.all.map((e) => e.eventId);
    expect(eventIdsOf(events)).toEqual([registered, started]);

    await subject.reset(null);
    await subject.caughtUp;

    expect(eventIdsOf(events)).toEqual([registered, started, registered, started]);
    expect(eventIdsOf(mail)).toEqual([requested, requested]);
    expect(subject.position).toEqual(store.all[2].position);
  });

  it('replays from a position after reset(to), reading the address back from the stream', async () => {
    const registered = await append(accountRegistered(U1), emailVerified(U1, 'ada@example.org'));
    await append(passwordChanged(U1, 'change'));
    const subject = relay();
    await subject.start();
    await subject.caughtUp;
    mail.length = 0;
    events.length = 0;

    await subject.reset(registered);
    await subject.caughtUp;

    expect(typesOf(events)).toEqual(['account.password-changed.v1']);
    expect(decodeMailRequest(mail[0].value)).toMatchObject({
      template: 'password-changed',
      to: 'ada@example.org',
      locale: 'en',
    });
  });

  it('publishes nothing twice across a restart when nothing failed', async () => {
    await append(accountRegistered(U1), emailVerificationRequested(U1));
    const first = relay();
    await first.start();
    await first.caughtUp;
    await first.stop();

    await append(sessionStarted(S1, U1), passwordResetRequested(U1));
    const second = relay();
    await second.start();
    await second.caughtUp;

    const published = eventIdsOf([...events, ...mail]).sort();
    expect(published).toEqual(store.all.map((e) => e.eventId).sort());
    expect(new Set(published).size).toBe(published.length);
  });

  it('loses nothing when it stops between the append and the acknowledgement', async () => {
    const hanging: MessagePublisher = {
      publish: () => new Promise<void>(() => undefined),
      close: async () => undefined,
    };
    await append(accountRegistered(U1), emailVerificationRequested(U1));
    const crashed = relay({ stopTimeoutMs: 20 }, hanging);
    await crashed.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await crashed.stop();
    expect(await checkpoints.load('integration')).toBeNull();
    expect(quietLogger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ relay: 'integration' }),
      expect.stringMatching(/published again on restart/),
    );

    const restarted = relay();
    await restarted.start();
    await restarted.caughtUp;

    expect(eventIdsOf([...events, ...mail])).toEqual(store.all.map((e) => e.eventId));
  });

  it('never publishes a secret in plain text; sealed secrets pass through unchanged', async () => {
    await append(
      accountRegistered(U1),
      emailVerificationRequested(U1),
      passwordResetRequested(U1),
      loginLinkRequested('auth-3', U1),
      sessionStarted(S1, U1),
      passwordChanged(U1, 'change'),
    );
    const subject = relay();

    await subject.start();
    await subject.caughtUp;

    const all = [...events, ...mail];
    const text = all.map((m) => Buffer.from(m.value).toString('latin1')).join('\n');
    for (const secret of [PLAIN_CODE, PLAIN_LINK_TOKEN, PASSWORD_HASH, TOKEN_HASH, CODE_HASH]) {
      expect(text).not.toContain(secret);
    }
    expect(mail.map((m) => decodeMailRequest(m.value).sealedSecret)).toEqual([
      SEALED_CODE,
      SEALED_CODE,
      SEALED_LINK_TOKEN,
      null,
    ]);
    expect(events.map((m) => decodeIntegrationEvent(m.value).event)).toEqual([
      'accountRegistered',
      'sessionStarted',
      'passwordChanged',
    ]);
  });

  it('is caught up at once on an empty store, and starts from a saved checkpoint', async () => {
    const empty = relay();
    await empty.start();
    await expect(empty.caughtUp).resolves.toBeUndefined();
    expect(empty.position).toBeNull();
    await empty.stop();

    const skipped = await append(accountRegistered(U1));
    await checkpoints.save('integration', skipped);
    await append(accountRegistered(U2));
    const resumed = relay();
    await resumed.start();
    await resumed.caughtUp;

    expect(events.map((m) => m.key)).toEqual([U2]);
  });

  it('retries a mapping that cannot read the account stream, then carries on', async () => {
    const registered = await append(accountRegistered(U1));
    await append(passwordChanged(U1, 'change'));
    await checkpoints.save('integration', registered);
    const readStream = jest
      .spyOn(store, 'readStream')
      .mockRejectedValueOnce(new Error('event store unavailable'));
    const subject = relay();

    await subject.start();
    await subject.caughtUp;

    expect(readStream).toHaveBeenCalledTimes(2);
    expect(quietLogger.error.mock.calls[0][1]).toMatch(/failed to map a batch/);
    expect(decodeMailRequest(mail[0].value).to).toBe(`u${U1}@example.org`);
  });
});
