import type { SessionView, UserView } from '@tangle/application';
import { decodePosition, encodePosition } from '../position-key';
import type { SessionDocument } from '../projections/sessions.projection';
import type { UserDocument } from '../projections/users.projection';
import type { SessionRecord } from './session.schema';
import type { UserRecord } from './user.schema';

export function sessionDocument(record: SessionRecord): SessionDocument {
  return { ...sessionView(record), lastPosition: decodePosition(record.lastPosition) };
}

export function userDocument(record: UserRecord): UserDocument {
  return {
    ...userView(record),
    deletionDueAt: record.deletionDueAt ?? null,
    deletedAt: record.deletedAt ?? null,
    lastPosition: decodePosition(record.lastPosition),
  };
}

export function sessionRecord({
  sessionId,
  lastPosition,
  ...rest
}: SessionDocument): SessionRecord {
  return { _id: sessionId, ...rest, lastPosition: encodePosition(lastPosition) };
}

export function userRecord({ userId, lastPosition, ...rest }: UserDocument): UserRecord {
  return { _id: userId, ...rest, lastPosition: encodePosition(lastPosition) };
}

export function sessionView(record: SessionRecord): SessionView {
  return {
    sessionId: record._id,
    userId: record.userId,
    clientId: record.clientId,
    deviceType: record.deviceType,
    deviceVersion: record.deviceVersion,
    appName: record.appName,
    appVersion: record.appVersion,
    method: record.method,
    startedAt: record.startedAt,
    lastActive: record.lastActive,
    country: record.country ?? null,
    region: record.region ?? null,
    revokedAt: record.revokedAt ?? null,
  };
}

export function userView(record: UserRecord): UserView {
  return {
    userId: record._id,
    name: record.name,
    email: record.email ?? null,
    emailNormalized: record.emailNormalized ?? null,
    emailVerified: record.emailVerified,
    hasPassword: record.hasPassword,
    registeredAt: record.registeredAt,
    firstName: record.firstName ?? null,
    lastName: record.lastName ?? null,
    phone: record.phone ?? null,
    accountType: record.accountType ?? 'individual',
    referralCode: record.referralCode ?? null,
  };
}
