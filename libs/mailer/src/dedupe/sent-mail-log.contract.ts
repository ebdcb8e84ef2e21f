import type { SentMailLog, SentMailLogOptions } from './sent-mail-log';

/** Storage for one test; each `open` opens another log on the same storage (a restart). */
export interface SentMailLogHarness {
  open(options: SentMailLogOptions): Promise<SentMailLog>;
  /** Deletes the storage; every log opened from it is closed by then. */
  dispose(): Promise<void>;
}

const LEASE_MS = 60_000;

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
