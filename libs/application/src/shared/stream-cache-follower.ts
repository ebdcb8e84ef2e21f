import { categoryOf } from '@tangle/contracts';
import type { AllSubscription, EventStore, RecordedEvent } from '../ports';

interface Follower {
  apply(event: RecordedEvent): void;
}

/**
 * One $all subscription that keeps this process's stream caches current, so a
 * revocation written by any node reaches every node's Authorize within the
 * subscription's delivery delay.
 */
export class StreamCacheFollower {
  private subscription: AllSubscription | null = null;
  private readonly routes = new Map<string, Follower>();

  constructor(private readonly store: EventStore) {}

  route(category: string, follower: Follower): this {
    this.routes.set(category, follower);
    return this;
  }

  start(onError: (error: Error) => void): Promise<void> {
    return new Promise((caughtUp) => {
      this.subscription = this.store.subscribeToAll({
        onEvent: (event) => this.routes.get(categoryOf(event.streamId))?.apply(event),
        onCaughtUp: () => caughtUp(),
        onError,
      });
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
