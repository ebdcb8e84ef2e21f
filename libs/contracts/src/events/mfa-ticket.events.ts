import type { DeviceInfo } from './session.events';

/**
 * Events of the `mfa-<ticketId>` stream: a gateway sign-in whose password was right and whose
 * account asks for a second factor. The ticket completes it once, before it expires.
 */

export const MfaTicketIssued = 'mfa.ticket-issued.v1';
export interface MfaTicketIssuedData {
  ticketId: string;
  userId: string;
  /** Keyed hash of the ticket's secret; the ticket itself is handed out once. */
  ticketHash: string;
  /** Keyed hash of the password hash verified: a password change since voids the ticket. */
  passwordFingerprint: string;
  /** The session it opens: the device and `rememberMe`. */
  device: DeviceInfo;
  remembered: boolean;
  issuedAt: number;
  expiresAt: number;
}

/** A wrong code was given with the ticket; the fifth kills it. */
export const MfaTicketFailed = 'mfa.ticket-failed.v1';
export interface MfaTicketFailedData {
  ticketId: string;
  at: number;
}

/** The ticket opened its session; it can never be used again. */
export const MfaTicketCompleted = 'mfa.ticket-completed.v1';
export interface MfaTicketCompletedData {
  ticketId: string;
  sessionId: string;
  at: number;
}

export type MfaTicketEvent =
  | { type: typeof MfaTicketIssued; data: MfaTicketIssuedData }
  | { type: typeof MfaTicketFailed; data: MfaTicketFailedData }
  | { type: typeof MfaTicketCompleted; data: MfaTicketCompletedData };
