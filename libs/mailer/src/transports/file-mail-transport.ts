import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail, SendResult } from './mail-transport';

export interface FileMailTransportOptions {
  /** Where the `.eml` files go (created if missing). */
  dir: string;
  from: string;
  /**
   * Receives one line per mail, `mail to <to>: <template>`, followed by the code or link when
   * `logSecrets` is set, so a developer can finish a flow by hand: the only place a code or link
   * is ever written in plain text.
   */
  devLog: (line: string) => void;
  /** Whether the line shows the code or link (MAIL_LOG_SECRETS=on). Default false. */
  logSecrets?: boolean;
}

/** Embedded mode: every mail becomes an `.eml` file instead of leaving the machine. */
export class FileMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  private sequence = 0;

  constructor(private readonly options: FileMailTransportOptions) {
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const info = await this.transporter.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { ...mail.headers },
    });
    const message: unknown = info.message;
    if (!Buffer.isBuffer(message)) throw new Error('the stream transport returned no buffer');

    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    this.sequence += 1;
    const name = `${Date.now()}-${this.sequence}-${mail.messageId.replace(/[^A-Za-z0-9.-]/g, '_')}`;
    const file = join(this.options.dir, `${name}.eml`);
    // Written aside, then renamed: a reader never sees half a message.
    await writeFile(`${file}.tmp`, message, { mode: 0o600 });
    await rename(`${file}.tmp`, file);

    this.options.devLog(`mail to ${mail.to}: ${mail.template}${this.actionText(mail.action)}`);
    return { accepted: true, id: file };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }

  private actionText(action: string | null): string {
    if (action === null) return '';
    return this.options.logSecrets
      ? ` ${action}`
      : ' (code or link not logged: MAIL_LOG_SECRETS=on)';
  }
}
