import { Inject, Injectable } from '@nestjs/common';
import type { MfaTicketEvent } from '@tangle/contracts';
import { mfaTicketDecider, type MfaTicketCommand, type MfaTicketState } from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import { DecidedStream } from '../shared/decided-stream';

/** `mfa-<ticketId>` streams: one gateway sign-in waiting for its second factor, read when used. */
@Injectable()
export class MfaTicketStream extends DecidedStream<
  MfaTicketCommand,
  MfaTicketState,
  MfaTicketEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'mfa', mfaTicketDecider);
  }
}
