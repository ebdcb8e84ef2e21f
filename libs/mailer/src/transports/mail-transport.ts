import type { MailTemplate } from '@tangle/contracts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<eventId@tangle-auth>`: the same event always yields the same Message-ID. */
  messageId: string;
  headers: Readonly<Record<string, string>>;
  template: MailTemplate;
  /** The code or link; only the file transport's developer line may show it. */
  action: string | null;
}

export interface SendResult {
  accepted: boolean;
  /** The transport's reference: the SMTP server's reply, or the file written. */
  id: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): Promise<void>;
}

/** Message-ID for an event; characters outside a safe set become `_`. */
export function messageIdFor(eventId: string): string {
  return `<${eventId.replace(/[^A-Za-z0-9._-]/g, '_')}@tangle-auth>`;
}
