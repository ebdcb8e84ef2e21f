import nodemailer, { type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail, SendResult } from './mail-transport';

export interface SmtpMailTransportOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  url: string;
  from: string;
  maxConnections?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * Pooled SMTP through nodemailer. The timeouts keep one send well inside the dedupe lease, so
 * a stuck server fails the attempt (and it is retried) instead of letting another worker send
 * the same mail.
 */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly options: SmtpMailTransportOptions) {
    this.transporter = nodemailer.createTransport({
      pool: true,
      url: options.url,
      maxConnections: options.maxConnections ?? 5,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      greetingTimeout: options.greetingTimeoutMs ?? 10_000,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
      dnsTimeout: 10_000,
    });
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
    const accepted = (info.accepted ?? []).length > 0 && (info.rejected ?? []).length === 0;
    return { accepted, id: String(info.response ?? info.messageId) };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
