import { Inject, Injectable } from '@nestjs/common';
import { accountDecider, type AccountCommand, type AccountState } from '@tangle/domain';
import type { AccountEvent } from '@tangle/contracts';
import { EVENT_STORE, type EventStore } from '../ports';
import { DecidedStream } from '../shared/decided-stream';
import { ACCOUNT_CACHE, type AccountCache } from './account-cache';

/** `account-<userId>` streams, decided on the cached state. */
@Injectable()
export class AccountStream extends DecidedStream<AccountCommand, AccountState, AccountEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(ACCOUNT_CACHE) cache: AccountCache) {
    super(store, 'account', accountDecider, cache);
  }
}
