import type { DeviceInfo } from './session.events';

/** Events of the `login-<authId>` stream: email-link login on another device. */

export const LoginLinkRequested = 'login.link-requested.v1';
export interface LoginLinkRequestedData {
  authId: string;
  userId: string;
  email: string;
  /** Keyed hash of the link's secret; the secret travels sealed for the mailer only. */
  linkTokenHash: string;
  sealedLinkToken: string;
  /**
   * The device that will receive the session. `deviceType` is the requester's own
   * `session_platform`: it names the session, and is never shown in the mail or on the page.
   */
  device: DeviceInfo;
  expiresAt: number;
  requestedAt: number;
  locale: string;
  /** The code the asking device shows; the mail and the page ask to confirm only on a match. Absent on older events. */
  matchCode?: string;
  /** What the server itself knows of the asking device. Absent on older events. */
  requester?: LoginRequester;
}

/** The asking device as the server sees it: never text the requester chose. */
export interface LoginRequester {
  /** Described from the request's User-Agent by the transport. */
  description: string;
  country: string | null;
  region: string | null;
}

export const LoginLinkConfirmed = 'login.link-confirmed.v1';
export interface LoginLinkConfirmedData {
  authId: string;
  userId: string;
  at: number;
}

export const LoginLinkDenied = 'login.link-denied.v1';
export interface LoginLinkDeniedData {
  authId: string;
  userId: string;
  at: number;
}

export const LoginCompleted = 'login.completed.v1';
export interface LoginCompletedData {
  authId: string;
  userId: string;
  sessionId: string;
  at: number;
}

export type LoginEvent =
  | { type: typeof LoginLinkRequested; data: LoginLinkRequestedData }
  | { type: typeof LoginLinkConfirmed; data: LoginLinkConfirmedData }
  | { type: typeof LoginLinkDenied; data: LoginLinkDeniedData }
  | { type: typeof LoginCompleted; data: LoginCompletedData };
