import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LeaseHeldError, WriterLease, type WriterLeases } from '@tangle/application';

/** The lease of whoever writes the read models: the projector, or an embedded service. */
export const READ_MODELS_LEASE = 'read-models';
/** The lease of whoever publishes from the relay's checkpoint. */
export const RELAY_LEASE = 'relay';

/** Exit code of a command refused because another process holds the lease it needs. */
export const EXIT_LEASE_HELD = 75;

/** This process, as a lease holder names it to an operator: host, pid and a nonce. */
export function leaseHolderName(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/**
 * A holder on this host whose process is gone (killed, crashed): its lease need not run out its
 * term. Our own pid under another nonce is a previous incarnation (pid 1 in a restarted
 * container). Holders on other hosts are never judged.
 */
export function holderIsGone(holder: string): boolean {
  const [host, pidText] = holder.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes `name` now, or calls `refuse` with who holds it. A lease left by a dead process on this
 * host is released first, so a restart after a crash does not wait out the term.
 */
export async function claimOrRefuse(
  leases: WriterLeases,
  name: string,
  holder: string,
  onLost: (reason: string) => void,
  refuse: (message: string) => never,
): Promise<WriterLease> {
  const lease = new WriterLease(leases, name, holder, onLost);
  for (let attempt = 0; ; attempt++) {
    try {
      await lease.claim();
      return lease;
    } catch (error) {
      if (!(error instanceof LeaseHeldError)) throw error;
      if (attempt === 0 && holderIsGone(error.holding.holder)) {
        await leases.releaseLease(name, error.holding.holder);
        continue;
      }
      return refuse(
        `refused: ${error.message}; stop that process first, or wait for its lease to lapse`,
      );
    }
  }
}
