import {
  OAuthSubjectReleased,
  OAuthSubjectReserved,
  type OAuthProvider,
  type OAuthSubjectEvent,
  type OAuthSubjectReleasedData,
} from '@tangle/contracts';
import { reservationDecider } from '../reservation/reservation.decider';

export type OAuthSubjectReleaseReason = OAuthSubjectReleasedData['reason'];

/**
 * `oauth-<key>` streams: one account per provider subject. The first link reserves the subject
 * (expected revision "no stream"), so of any number of racing first sign-ins exactly one
 * creates an account; an unlink releases it.
 */
export const oauthSubjectReservationDecider = reservationDecider<
  OAuthSubjectEvent,
  OAuthSubjectReleaseReason
>({
  reserved: (userId, subject, reservedAt) => ({
    type: OAuthSubjectReserved,
    data: { userId, subject, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: OAuthSubjectReleased,
    data: { userId, reason, releasedAt },
  }),
  read: (event) =>
    event.type === OAuthSubjectReserved
      ? {
          status: 'reserved',
          userId: event.data.userId,
          value: event.data.subject,
          reservedAt: event.data.reservedAt,
        }
      : { status: 'free' },
  taken: 'OAUTH_ALREADY_LINKED',
});

/** The value a subject reservation holds: `<provider>:<subject>`. */
export function oauthSubjectValue(provider: OAuthProvider, subject: string): string {
  return `${provider}:${subject}`;
}
