import { InMemoryRateLimitStore } from '../../application/src/testing/in-memory-rate-limit-store';
import { describeRateLimitStoreContract } from './contract/rate-limit-store.contract';

// The tests' store keeps to the same contract as the real ones.
describeRateLimitStoreContract('in-memory', async () => {
  const store = new InMemoryRateLimitStore();
  return { open: async () => store, dispose: async () => undefined };
});
