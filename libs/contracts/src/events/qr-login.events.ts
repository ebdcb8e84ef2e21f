import type { LoginRequester } from './login.events';
import type { DeviceInfo } from './session.events';

/**
 * Events of the `qr-<ticketId>` stream: a new device asks to be signed in by a device that
 * already is, through a QR code. The ticket id is a keyed hash of the new device's auth id,
 * which is never stored: only the device that asked can collect the session.
 */

export const QrLoginRequested = 'qr-login.requested.v1';
export interface QrLoginRequestedData {
  ticketId: string;
  /** Keyed hash of the one-time secret the QR code's URL holds. */
  secretHash: string;
  /** Keyed hash of the check code the new device shows; the approver must type it. */
  checkCodeHash: string;
  /** The device that will receive the session; `deviceType` is its own `session_platform`. */
  device: DeviceInfo;
  /** What the server itself knows of the asking device: what the approver is shown. */
  requester: LoginRequester;
  requestedAt: number;
  expiresAt: number;
}

/** A signed-in session typed a wrong check code. */
export const QrLoginCheckFailed = 'qr-login.check-failed.v1';
export interface QrLoginCheckFailedData {
  ticketId: string;
  userId: string;
  sessionId: string;
  at: number;
}

/** The second factor an approval stands for, as the account's session link records it. */
export type QrApprovalFactor = 'approved-by-session';

export const QrLoginApproved = 'qr-login.approved.v1';
export interface QrLoginApprovedData {
  ticketId: string;
  /** The account the new device will be signed in to: the approver's. */
  userId: string;
  /** The session that approved. */
  approvedBySession: string;
  factor: QrApprovalFactor;
  /** The new device collects its session until then. */
  collectBy: number;
  at: number;
}

export const QrLoginDenied = 'qr-login.denied.v1';
export interface QrLoginDeniedData {
  ticketId: string;
  userId: string;
  deniedBySession: string;
  at: number;
}

/** The new device collected its session (once). */
export const QrLoginCompleted = 'qr-login.completed.v1';
export interface QrLoginCompletedData {
  ticketId: string;
  userId: string;
  sessionId: string;
  approvedBySession: string;
  at: number;
}

export type QrLoginEvent =
  | { type: typeof QrLoginRequested; data: QrLoginRequestedData }
  | { type: typeof QrLoginCheckFailed; data: QrLoginCheckFailedData }
  | { type: typeof QrLoginApproved; data: QrLoginApprovedData }
  | { type: typeof QrLoginDenied; data: QrLoginDeniedData }
  | { type: typeof QrLoginCompleted; data: QrLoginCompletedData };
