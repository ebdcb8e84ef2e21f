import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface LoopbackSmtpServerOptions {
  /** Required credentials; without them the server takes mail from anyone. */
  auth?: { user: string; pass: string };
  /** Answers every DATA with this SMTP error code (e.g. 451) instead of accepting. */
  failWith?: number;
  /**
   * Runs after a mail is recorded and before the server answers DATA: the mail has
   * arrived, but the sender has not heard so (e.g. to kill the sender mid-send).
   */
  beforeAnswer?: (mail: ReceivedMail) => Promise<void>;
}

/** What arrived, and who waits for more. */
class Inbox {
  readonly received: ReceivedMail[] = [];
  waiters: Array<() => void> = [];

  record(mail: ReceivedMail): void {
    this.received.push(mail);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A real SMTP server on 127.0.0.1 (a free port) that keeps, and parses, what it receives. */
export class LoopbackSmtpServer {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    private readonly options: LoopbackSmtpServerOptions,
    private readonly inbox: Inbox,
  ) {}

  get received(): readonly ReceivedMail[] {
    return this.inbox.received;
  }

  static async start(options: LoopbackSmtpServerOptions = {}): Promise<LoopbackSmtpServer> {
    const inbox = new Inbox();
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: options.auth === undefined,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
        callback(
          ok ? null : new Error('Invalid username or password'),
          ok ? { user: 1 } : undefined,
        );
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (options.failWith !== undefined) {
            const error = new Error('Try again later') as Error & { responseCode: number };
            error.responseCode = options.failWith;
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks);
          const envelopeTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          simpleParser(raw).then(
            async (parsed) => {
              const mail = { envelopeTo, raw, parsed };
              inbox.record(mail);
              await options.beforeAnswer?.(mail);
              callback(null, 'queued as loopback');
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    return new LoopbackSmtpServer(server, port, options, inbox);
  }

  /** `smtp://[user:pass@]127.0.0.1:<port>`; credentials from the options unless given. */
  url(auth: { user: string; pass: string } | undefined = this.options.auth): string {
    const credentials = auth
      ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@`
      : '';
    return `smtp://${credentials}127.0.0.1:${this.port}`;
  }

  /** Resolves once `count` mails have arrived in all. */
  async waitFor(count: number, timeoutMs = 5_000): Promise<readonly ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mails, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.inbox.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
