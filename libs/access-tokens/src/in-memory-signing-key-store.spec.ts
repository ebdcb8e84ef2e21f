import { InMemorySigningKeyStore } from '../../application/src/testing/in-memory-signing-key-store';
import { describeSigningKeyStoreContract } from './contract/signing-key-store.contract';

// The tests' store keeps to the same contract as the real ones.
describeSigningKeyStoreContract('in-memory', async () => {
  const store = new InMemorySigningKeyStore();
  return { open: async () => store, dispose: async () => undefined };
});
