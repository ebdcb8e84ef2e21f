import { accountDecider, type AccountState } from '@tangle/domain';
import type { EventStore } from '../ports';
import { StreamStateCache } from '../shared/stream-state-cache';

/** Account states for Authorize and sign-in; a deleted account is kept as a tombstone. */
export class AccountCache extends StreamStateCache<AccountState> {
  constructor(store: EventStore, maxEntries?: number) {
    super(store, 'account', accountDecider as never, {
      maxEntries,
      isFinal: (state) => state.status === 'deleted',
    });
  }
}

export const ACCOUNT_CACHE = Symbol('AccountCache');
