import { LoopbackSmtpServer } from '../../libs/mailer/src/testing/loopback-smtp-server';
import { OsmiumClient } from '../support/osmium-client';
import {
  freePort,
  removeDir,
  startApp,
  tempDataDir,
  type AppProcess,
} from '../support/app-process';

/**
 * kill -9 while a mail is on the wire: the SMTP server has the mail but the
 * mailer never heard it was accepted, so it never recorded it as sent. After a
 * restart every mail arrives, and only what was in flight at the kill arrives twice.
 */
describe('kill -9 between a mail send and its acknowledgement', () => {
  const dataDir = tempDataDir('tangle-mailer-crash-');
  afterAll(() => removeDir(dataDir));

  it('loses no mail and duplicates at most what was in flight', async () => {
    const emails = [0, 1, 2, 3].map((i) => `crash.mail.${i}@example.com`);
    let signUpsDone!: () => void;
    const allSignedUp = new Promise<void>((resolve) => (signUpsDone = resolve));
    let app: AppProcess | null = null;
    let killed = false;
    let inFlightAtKill = 0;
    const smtp = await LoopbackSmtpServer.start({
      beforeAnswer: async () => {
        if (killed) return;
        inFlightAtKill++;
        await allSignedUp;
        if (!killed) {
          killed = true;
          await app!.kill();
        }
      },
    });
    const port = await freePort();
    const env = {
      SMTP_URL: smtp.url(),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      MAILER_CLAIM_LEASE_MS: '300',
    };
    try {
      app = await startApp({ dataDir, port, env });
      const c = await OsmiumClient.connect(app.url);
      await c.initialize();
      for (const [i, email] of emails.entries()) await c.signUp({ name: `M${i}`, email });
      signUpsDone();
      while (!killed || app.child.signalCode === null) await new Promise((r) => setTimeout(r, 20));
      expect(app.child.signalCode).toBe('SIGKILL');

      const restarted = await startApp({ dataDir, port, env });
      const perAddress = () =>
        emails.map((e) => smtp.received.filter((m) => m.envelopeTo.includes(e)).length);
      const deadline = Date.now() + 20_000;
      while (perAddress().some((n) => n === 0) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_000)); // room for any extra copy to show up
      expect(await restarted.stop()).toBe(0);

      const counts = perAddress();
      expect(counts.every((n) => n >= 1)).toBe(true);
      const duplicates = counts.reduce((sum, n) => sum + (n - 1), 0);
      expect(inFlightAtKill).toBeGreaterThanOrEqual(1);
      expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
      expect(counts.every((n) => n <= 2)).toBe(true);
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
