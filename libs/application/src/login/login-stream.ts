import { Inject, Injectable } from '@nestjs/common';
import type { LoginEvent } from '@tangle/contracts';
import {
  emailLinkLoginDecider,
  type EmailLinkLoginCommand,
  type EmailLinkLoginState,
} from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import { DecidedStream } from '../shared/decided-stream';

/** `login-<authId>` streams: one email-link login each, read when used (no cache). */
@Injectable()
export class LoginStream extends DecidedStream<
  EmailLinkLoginCommand,
  EmailLinkLoginState,
  LoginEvent
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'login', emailLinkLoginDecider);
  }
}
