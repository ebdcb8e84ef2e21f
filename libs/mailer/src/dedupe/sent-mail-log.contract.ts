import type { InboundMessage } from '@tangle/application';
import type { SentMailLog, SentMailLogOptions } from './sent-mail-log';

/** Storage for one test; each `open` opens another log on the same storage (a restart). */
export interface SentMailLogHarness {
  open(options: SentMailLogOptions): Promise<SentMailLog>;
  /** Deletes the storage; every log opened from it is closed by then. */
  dispose(): Promise<void>;
}

const LEASE_MS = 60_000;

const inbound = (offset: string): InboundMessage => ({
  topic: 'tangle.auth.mail.v1',
  partition: 3,
  offset,
  key: 'user-42',
  value: Uint8Array.from([0, 1, 2, 250, 255]),
  headers: { 'x-tangle-correlation-id': 'corr-1', 'content-type': 'application/x-protobuf' },
});

/** The behaviour every SentMailLog adapter must have; fresh storage per test. */
export function describeSentMailLogContract(
  name: string,
  createHarness: () => Promise<SentMailLogHarness>,
): void {
  describe(`SentMailLog contract: ${name}`, () => {
    let harness: SentMailLogHarness;
    let opened: SentMailLog[];
    let now: number;

    const open = async (): Promise<SentMailLog> => {
      const log = await harness.open({ leaseMs: LEASE_MS, now: () => now });
      opened.push(log);
      return log;
    };

    beforeEach(async () => {
      harness = await createHarness();
      opened = [];
      now = Date.UTC(2026, 0, 1);
    });

    afterEach(async () => {
      for (const log of opened) await log.close();
      await harness.dispose();
    });

    it('hands a new event id to the first claimant only', async () => {
      const log = await open();
      expect(log.leaseMs).toBe(LEASE_MS);

      expect(await log.claim('e1')).toBe('new');
      expect(await log.claim('e1')).toBe('in-flight');
      expect(await log.claim('e2')).toBe('new');
    });

    it('reports a marked mail as sent, also after a restart', async () => {
      const first = await open();
      await first.claim('e1');
      await first.markSent('e1');
      expect(await first.claim('e1')).toBe('sent');
      await first.close();

      const second = await open();
      expect(await second.claim('e1')).toBe('sent');
      now += 10 * LEASE_MS;
      expect(await second.claim('e1')).toBe('sent');
    });

    it('makes a released claim new again', async () => {
      const log = await open();
      await log.claim('e1');
      await log.release('e1');

      expect(await log.claim('e1')).toBe('new');
    });

    it('never lets release undo a sent mark', async () => {
      const log = await open();
      await log.claim('e1');
      await log.markSent('e1');
      await log.release('e1');

      expect(await log.claim('e1')).toBe('sent');
    });

    it('hands out a claim that was never marked once its lease runs out', async () => {
      const crashed = await open();
      expect(await crashed.claim('e1')).toBe('new');
      await crashed.close();

      const restarted = await open();
      now += LEASE_MS - 1;
      expect(await restarted.claim('e1')).toBe('in-flight');
      now += 1;
      expect(await restarted.claim('e1')).toBe('new');
      // Taking it over renews the lease for the new holder.
      expect(await restarted.claim('e1')).toBe('in-flight');
      now += LEASE_MS;
      expect(await restarted.claim('e1')).toBe('new');
    });

    it('marks a mail sent even after its claim lapsed or without a claim', async () => {
      const log = await open();
      await log.claim('e1');
      now += 2 * LEASE_MS;
      await log.markSent('e1');
      await log.markSent('e2');

      expect(await log.claim('e1')).toBe('sent');
      expect(await log.claim('e2')).toBe('sent');
    });

    it('keeps the first mark when a mail is marked twice', async () => {
      const log = await open();
      await log.claim('e1');
      await log.markSent('e1');
      await log.markSent('e1');

      expect(await log.claim('e1')).toBe('sent');
    });

    it('keeps a deferred mail, message and all, until its claim lapses, also after a restart', async () => {
      const first = await open();
      await first.claim('e1');
      now += 1_000;
      await first.defer('e1', inbound('17'));
      expect(await first.dueDeferred(10)).toEqual([]);
      await first.close();

      const second = await open();
      now += LEASE_MS - 1_001;
      expect(await second.dueDeferred(10)).toEqual([]);
      now += 1;
      expect(await second.dueDeferred(10)).toEqual([
        { eventId: 'e1', dueAt: now, message: inbound('17') },
      ]);
      await second.undefer('e1');
      expect(await second.dueDeferred(10)).toEqual([]);
    });

    it('defers a mail nobody claims by one lease, once per event id, earliest first', async () => {
      const log = await open();
      const start = now;
      await log.defer('late', inbound('2'));
      now += 10;
      await log.defer('later', inbound('3'));
      await log.defer('later', inbound('4')); // deferred again: one entry, a new due time
      now += LEASE_MS + 10;

      const due = await log.dueDeferred(10);
      expect(due.map((mail) => [mail.eventId, mail.dueAt, mail.message.offset])).toEqual([
        ['late', start + LEASE_MS, '2'],
        ['later', start + 10 + LEASE_MS, '3'],
      ]);
      expect(await log.dueDeferred(1)).toHaveLength(1);
    });

    it('gives concurrent claimants on two connections exactly one new', async () => {
      const [a, b] = [await open(), await open()];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claim('contested')),
      );

      expect(results.filter((r) => r === 'new')).toHaveLength(1);
      expect(results.filter((r) => r === 'in-flight')).toHaveLength(9);
    });
  });
}
