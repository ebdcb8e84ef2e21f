import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LeaseHeldError, WriterLease, type WriterLeases } from '@tangle/application';

/** The lease of whoever writes the read models: the projector, or an embedded service. */
export const READ_MODELS_LEASE = 'read-models';
/** The lease of whoever publishes from the relay's checkpoint. */
export const RELAY_LEASE = 'relay';

/** Exit code of a command refused because another process holds the lease it needs. */
export const EXIT_LEASE_HELD = 75;

/** This process, as a lease holder names it to an operator. */
export function leaseHolderName(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/** Takes `name` now, or ends the process with EXIT_LEASE_HELD and who holds it. */
export async function claimOrRefuse(
  leases: WriterLeases,
  name: string,
  holder: string,
  onLost: (reason: string) => void,
  refuse: (message: string) => never,
): Promise<WriterLease> {
  const lease = new WriterLease(leases, name, holder, onLost);
  try {
    await lease.claim();
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      refuse(`refused: ${error.message}; stop that process first, or wait for its lease to lapse`);
    }
    throw error;
  }
  return lease;
}
