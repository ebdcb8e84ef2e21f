import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  type AccountDeletedData,
  type AccountDeletionRequestedData,
} from '@tangle/contracts';
import type { AccountDeletionRecords, AccountDeletionView, GlobalPosition } from '../ports';
import type { InMemoryEventStore } from './in-memory-event-store';

/**
 * The users read model's account deletions, made from an in-memory store's log as the
 * projection makes them: pending (requested, not cancelled) and deleted accounts. It is as far
 * along as `upTo` says (the whole log by default), so a test can hold it behind.
 */
export class InMemoryAccountDeletions implements AccountDeletionRecords {
  /** How many events of the log it has applied; null for all of them. */
  upTo: number | null = null;

  constructor(private readonly store: InMemoryEventStore) {}

  async checkpoint(): Promise<GlobalPosition | null> {
    const applied = this.applied();
    return applied.length === 0 ? null : applied[applied.length - 1].position;
  }

  async listAccountDeletions(): Promise<AccountDeletionView[]> {
    const rows = new Map<string, AccountDeletionView>();
    for (const event of this.applied()) {
      const { userId } = event.data as { userId: string };
      const row = rows.get(userId);
      if (event.type === AccountDeletionRequested && !row?.deletedAt) {
        const { dueAt } = event.data as AccountDeletionRequestedData;
        rows.set(userId, { userId, dueAt, deletedAt: null });
      } else if (event.type === AccountDeletionCancelled && row && !row.deletedAt) {
        rows.delete(userId);
      } else if (event.type === AccountDeleted) {
        const { at } = event.data as AccountDeletedData;
        rows.set(userId, { userId, dueAt: null, deletedAt: at });
      }
    }
    return [...rows.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }

  private applied() {
    return this.upTo === null ? this.store.all : this.store.all.slice(0, this.upTo);
  }
}
