import type { RecordedEvent, SessionView } from '@tangle/application';
import {
  SessionRefreshed,
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  type SessionRevokedData,
  type SessionSeenData,
  type SessionStartedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

export interface SessionDocument extends SessionView, Positioned {}

const SESSION_EVENTS: ReadonlySet<string> = new Set([
  SessionStarted,
  SessionSeen,
  SessionRefreshed,
  SessionRevoked,
]);

export function sessionKeyOf(event: RecordedEvent): string | null {
  if (!SESSION_EVENTS.has(event.type)) return null;
  return (event.data as { sessionId: string }).sessionId;
}

export function projectSession(
  current: SessionDocument | null,
  event: RecordedEvent,
): SessionDocument | null {
  if (alreadyApplied(current, event)) return current;
  switch (event.type) {
    case SessionStarted:
      // A session starts once; a second start (which the deciders never emit) changes nothing.
      return current ?? started(event as RecordedEvent<SessionStartedData>);
    // A refresh is a use of the session, as an authorize is.
    case SessionSeen:
    case SessionRefreshed: {
      if (current === null) return null;
      const { at } = (event as RecordedEvent<SessionSeenData>).data;
      return {
        ...current,
        lastActive: Math.max(current.lastActive, at),
        lastPosition: event.position,
      };
    }
    case SessionRevoked: {
      if (current === null) return null;
      const { at, reason } = (event as RecordedEvent<SessionRevokedData>).data;
      const revoked = {
        ...current,
        revokedAt: current.revokedAt ?? at,
        lastPosition: event.position,
      };
      // The account is gone: its device strings and location go with it.
      if (reason === 'account-deleted') {
        return { ...revoked, deviceType: '', deviceVersion: '', country: null, region: null };
      }
      return revoked;
    }
    default:
      return current;
  }
}

function started({ data, position }: RecordedEvent<SessionStartedData>): SessionDocument {
  // Field by field: the token hash in the event must never reach a read model.
  return {
    sessionId: data.sessionId,
    userId: data.userId,
    clientId: data.clientId,
    deviceType: data.deviceType,
    deviceVersion: data.deviceVersion,
    appName: data.appName,
    appVersion: data.appVersion,
    method: data.method,
    startedAt: data.startedAt,
    lastActive: data.startedAt,
    country: data.country ?? null,
    region: data.region ?? null,
    revokedAt: null,
    lastPosition: position,
  };
}

export const sessionsProjection: Projection<SessionDocument> = {
  keyOf: sessionKeyOf,
  project: projectSession,
};

/** The view handed to queries: the document without its bookkeeping. */
export function toSessionView({
  lastPosition: _lastPosition,
  ...view
}: SessionDocument): SessionView {
  return view;
}
