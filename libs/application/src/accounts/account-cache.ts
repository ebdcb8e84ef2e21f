import { accountDecider, type AccountState } from '@tangle/domain';
import type { EventStore } from '../ports';
import { StreamStateCache } from '../shared/stream-state-cache';

/** Account states for Authorize and sign-in. */
export class AccountCache extends StreamStateCache<AccountState> {
  constructor(store: EventStore) {
    super(store, 'account', accountDecider as never);
  }
}

export const ACCOUNT_CACHE = Symbol('AccountCache');
