import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@tangle/event-store';
import { metadataFor, type EventToAppend, type RecordedEvent } from '@tangle/application';
import { removeDir, tempDataDir } from '../support/app-process';
import { startInProcessApp } from '../support/in-process-app';

const HISTORY = 200_000;
const BATCH = 1_000;

/**
 * Start-up does not grow with the log: on a log of 200,000 events the service reads none of
 * them before it listens (the caches start at the end and read streams on use), and it is
 * listening about as soon as on an empty log. PROJECTOR=external, as in production: the
 * projections, which do follow the whole log once, run in the projector.
 */
describe('start-up on a long log', () => {
  const empty = tempDataDir('tangle-start-empty-');
  const long = tempDataDir('tangle-start-long-');
  const env = { PROJECTOR: 'external' };

  afterAll(() => {
    removeDir(empty);
    removeDir(long);
  });

  /** Starts the service on `dataDir`, counting the events read from the log until it listens. */
  async function startCounting(dataDir: string): Promise<{ ms: number; eventsRead: number }> {
    let eventsRead = 0;
    const prototype = SqliteEventStore.prototype as unknown as {
      readPage(after: bigint, limit: number): RecordedEvent[];
    };
    const readPage = prototype.readPage;
    const spy = jest.spyOn(prototype, 'readPage').mockImplementation(function (
      this: unknown,
      after: bigint,
      limit: number,
    ) {
      const page = readPage.call(this, after, limit);
      eventsRead += page.length;
      return page;
    });
    const began = performance.now();
    const service = await startInProcessApp(dataDir, env);
    const ms = performance.now() - began;
    spy.mockRestore();
    await service.close();
    return { ms, eventsRead };
  }

  it('reads no event of the history before listening, and starts about as fast as on an empty log', async () => {
    const store = await SqliteEventStore.open({ file: join(long, 'events.sqlite') });
    const metadata = metadataFor(
      { correlationId: 'history', actorUserId: null, actorSessionId: null, clientIp: null },
      Date.now(),
    );
    for (let stream = 0; stream < HISTORY / BATCH; stream++) {
      // Session activity: the bulk of a real log, and no personal data in it.
      const events: EventToAppend[] = Array.from({ length: BATCH }, (_, i) => ({
        eventId: randomUUID(),
        type: 'session.seen.v1',
        data: { sessionId: String(stream), at: i },
        metadata,
      }));
      await store.append(`session-${stream}`, events, 'any');
    }
    expect(await store.lastPosition()).toEqual({
      commit: BigInt(HISTORY),
      prepare: BigInt(HISTORY),
    });
    await store.close();

    await startCounting(empty); // warms the module cache, so both runs below pay the same
    const onEmpty = await startCounting(empty);
    const onLong = await startCounting(long);
    expect(onLong.eventsRead).toBe(0);
    expect(onLong.ms).toBeLessThan(2 * onEmpty.ms + 1_000);
  }, 120_000);
});
