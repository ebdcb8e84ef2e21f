import type { LoginRequester } from '../events/login.events';

/**
 * What the relay sends the mailer, one per mail, derived from a domain event.
 * The secret (a code or a link token) is still sealed: only the mailer, holding
 * the mail key, opens it, so no broker or log ever sees it in plain text.
 */
export type MailTemplate =
  | 'email-verification'
  | 'password-reset'
  | 'login-link'
  | 'password-changed'
  /** The account will be deleted at `expiresAt` unless the owner cancels or signs in. */
  | 'account-deletion'
  | 'password-setup'
  | 'email-change'
  | 'email-changed'
  | 'new-sign-in'
  | 'takeout';

export interface MailRequest {
  /** The domain event's id: the mailer's deduplication key. */
  eventId: string;
  template: MailTemplate;
  userId: string;
  to: string;
  locale: string;
  /** Sealed code or link token; null for notices. */
  sealedSecret: string | null;
  /** For login links: the login attempt the link confirms. */
  authId: string | null;
  /** For login links: the code the asking device shows; null on links from before match codes. */
  matchCode: string | null;
  /**
   * For login links: the asking device as the service saw it (never the requester's own
   * `session_platform`); null on links from before. For new-sign-in notices: the signed-in
   * device as its client described it, and where it was.
   */
  requester: LoginRequester | null;
  expiresAt: number | null;
  occurredAt: number;
  correlationId: string;
}
