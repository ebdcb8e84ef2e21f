import { InMemoryDataKeyStore } from '../../../application/src/testing/in-memory-data-key-store';
import { describeDataKeyStoreContract } from './data-key-store.contract';

describe('in-memory data keys', () => {
  // One map shared by the instances of a test, as one database is.
  describeDataKeyStoreContract('in-memory', async () => {
    const shared = new InMemoryDataKeyStore();
    return { open: async () => shared, dispose: async () => undefined };
  });
});
