import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on 127.0.0.1 that accepts every mail (no auth, no STARTTLS) and notes when
 * each envelope recipient's mail was accepted, on this process's performance.now() clock.
 * The body is read and dropped, unparsed.
 */
export class SmtpSink {
  private readonly arrivals = new Map<string, number>();
  private waiters: Array<() => void> = [];
  /** Mails to a recipient that already had one (the first arrival is the one kept). */
  duplicates = 0;
  /** Mails accepted, duplicates included. */
  accepted = 0;
  private port = 0;

  private readonly server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onData: (stream, session, callback) => {
      stream.resume();
      stream.once('end', () => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        this.record(recipients, performance.now());
        callback(null, 'accepted by the bench sink');
      });
    },
  });

  private constructor() {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((done, fail) => {
      sink.server.once('error', fail);
      sink.server.listen(0, '127.0.0.1', () => done());
    });
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** When the mail to `address` was accepted, or undefined while none has been. */
  arrivalOf(address: string): number | undefined {
    return this.arrivals.get(address.toLowerCase());
  }

  /**
   * Resolves once every address has had a mail; rejects after `timeoutMs`, naming how many are
   * missing.
   */
  async waitForAll(addresses: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const missing = () => addresses.filter((address) => this.arrivalOf(address) === undefined);
    let left = missing();
    while (left.length > 0) {
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0) {
        throw new Error(
          `${left.length} of ${addresses.length} mails did not reach the SMTP sink within ${timeoutMs} ms (first missing: ${left[0]})`,
        );
      }
      await new Promise<void>((done) => {
        const timer = setTimeout(done, remainingMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          done();
        });
      });
      left = left.filter((address) => this.arrivalOf(address) === undefined);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private record(recipients: string[], at: number): void {
    this.accepted += 1;
    for (const address of recipients) {
      if (this.arrivals.has(address)) this.duplicates += 1;
      else this.arrivals.set(address, at);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
