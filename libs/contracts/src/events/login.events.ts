import type { DeviceInfo } from './session.events';

/** Events of the `login-<authId>` stream: email-link login on another device (seed 003). */

export const LoginLinkRequested = 'login.link-requested.v1';
export interface LoginLinkRequestedData {
  authId: string;
  userId: string;
  email: string;
  /** Keyed hash of the link's secret; the secret travels sealed for the mailer only. */
  linkTokenHash: string;
  sealedLinkToken: string;
  /** The device that will receive the session (from `session_platform`). */
  device: DeviceInfo;
  expiresAt: number;
  requestedAt: number;
  locale: string;
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
