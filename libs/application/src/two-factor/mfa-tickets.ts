import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  type Clock,
  type IdentifierKeys,
  type SecretGenerator,
} from '../ports';
import { metadataFor, type ClientDevice, type RequestContext } from '../shared/request-context';
import { MfaTicketStream } from './mfa-ticket-stream';

/** How long a gateway sign-in waits for its second factor (MFA_TICKET_TTL_MS). */
export const MFA_TICKET_TTL_MS = Symbol('MfaTicketTtlMs');
const DEFAULT_TTL_MS = 5 * 60_000;
const TICKET_PREFIX = 'tgm_';
const SECRET_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A ticket as handed to the client once: `tgm_<ticket id>.<256-bit secret>`. */
export interface IssuedMfaTicket {
  ticket: string;
  expiresAt: number;
  /** Seconds from now, as the gateway answer says. */
  expiresIn: number;
}

/**
 * MFA tickets of the gateway API: a right password on an account with TOTP on gives a ticket
 * instead of a session; the ticket and a code then open the session (CompleteMfaSignIn). The
 * stream keeps the ticket's keyed hash and a keyed fingerprint of the password hash verified,
 * never the ticket.
 */
@Injectable()
export class MfaTickets {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    private readonly tickets: MfaTicketStream,
    @Optional() @Inject(MFA_TICKET_TTL_MS) private readonly ttlMs: number = DEFAULT_TTL_MS,
  ) {}

  async issue(
    userId: string,
    verifiedPasswordHash: string,
    device: ClientDevice,
    remembered: boolean,
    context: RequestContext,
  ): Promise<IssuedMfaTicket> {
    const ticketId = this.secrets.uuid();
    const secret = this.secrets.urlToken(SECRET_BYTES);
    const now = this.clock.now();
    const expiresAt = now + this.ttlMs;
    const { clientId, deviceType, deviceVersion, appName, appVersion } = device;
    await this.tickets.decide(
      ticketId,
      {
        kind: 'issue',
        ticketId,
        userId,
        ticketHash: this.ticketHash(ticketId, secret),
        passwordFingerprint: this.passwordFingerprint(userId, verifiedPasswordHash),
        device: { clientId, deviceType, deviceVersion, appName, appVersion },
        remembered,
        at: now,
        expiresAt,
      },
      metadataFor({ ...context, actorUserId: userId }, now),
    );
    return {
      ticket: `${TICKET_PREFIX}${ticketId}.${secret}`,
      expiresAt,
      expiresIn: Math.round(this.ttlMs / 1000),
    };
  }

  /** The ticket's id and keyed hash, or null for anything that is not a ticket. */
  parse(ticket: string): { ticketId: string; ticketHash: string } | null {
    if (!ticket.startsWith(TICKET_PREFIX)) return null;
    const [ticketId, secret, extra] = ticket.slice(TICKET_PREFIX.length).split('.');
    if (extra !== undefined || !UUID.test(ticketId ?? '') || !secret || secret.length > 64)
      return null;
    return { ticketId, ticketHash: this.ticketHash(ticketId, secret) };
  }

  passwordFingerprint(userId: string, passwordHash: string): string {
    return this.keys.secretHash('mfa-ticket-password', userId, passwordHash);
  }

  private ticketHash(ticketId: string, secret: string): string {
    return this.keys.secretHash('mfa-ticket', ticketId, secret);
  }
}
