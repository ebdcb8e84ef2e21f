import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store';
import { claimOrRefuse, holderIsGone, leaseHolderName } from './writer-leases';

describe('writer leases of processes', () => {
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;

  it('judges a holder on this host by its process: gone when dead or a previous incarnation', () => {
    expect(holderIsGone(`${hostname()}/${deadPid}/abc`)).toBe(true);
    expect(holderIsGone(`${hostname()}/${process.pid}/abc`)).toBe(true);
    expect(holderIsGone(`${hostname()}/${process.ppid}/abc`)).toBe(false);
    expect(holderIsGone(`another-host/${deadPid}/abc`)).toBe(false);
    expect(holderIsGone('not a holder')).toBe(false);
  });

  it('takes over the lease of a dead local process at once, and refuses a live one', async () => {
    const store = await SqliteCheckpointStore.open(':memory:');
    const refuse = (message: string): never => {
      throw new Error(message);
    };
    try {
      await store.claimLease('read-models', `${hostname()}/${deadPid}/old`, 15_000);
      const lease = await claimOrRefuse(store, 'read-models', leaseHolderName(), () => {}, refuse);
      expect(lease.held).toBe(true);
      await lease.release();

      await store.claimLease('read-models', `another-host/1/x`, 15_000);
      await expect(
        claimOrRefuse(store, 'read-models', leaseHolderName(), () => {}, refuse),
      ).rejects.toThrow(/^refused: the read-models lease is held by another-host\/1\/x until /);
    } finally {
      await store.close();
    }
  });
});
