import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export type Admission =
  { admitted: true; key: string } | { admitted: false; status: 429 | 503; reason: string };

/**
 * Counts open WebSockets per client address and in all, so that one address
 * cannot hold every file descriptor of the process. A connection is counted
 * from its upgrade request until its TCP socket closes (not until the
 * WebSocket's close handshake ends), which is what a descriptor costs.
 */
export class ConnectionLimits {
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxTotal: number,
  ) {}

  /** Takes a slot for `ip`, or says why not; a taken slot must be released once. */
  admit(ip: string | null): Admission {
    const key = addressKey(ip);
    const held = this.byAddress.get(key) ?? 0;
    if (held >= this.maxPerAddress)
      return { admitted: false, status: 429, reason: 'too many connections from this address' };
    if (this.total >= this.maxTotal)
      return { admitted: false, status: 503, reason: 'server connection limit reached' };
    this.byAddress.set(key, held + 1);
    this.total++;
    return { admitted: true, key };
  }

  release(key: string): void {
    const held = this.byAddress.get(key) ?? 0;
    if (held <= 1) this.byAddress.delete(key);
    else this.byAddress.set(key, held - 1);
    this.total = Math.max(0, this.total - 1);
  }

  get open(): number {
    return this.total;
  }
}

/**
 * The unit a per-address cap applies to: the address itself for IPv4, the /64
 * for IPv6 (one subscriber usually gets a whole /64, so counting single IPv6
 * addresses would cap nothing).
 */
export function addressKey(ip: string | null): string {
  if (!ip) return 'unknown';
  if (isIP(ip) !== 6) return ip;
  const address = ip.split('%')[0]; // zone id of a link-local address
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An embedded dotted IPv4 address (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = Array<string>(8 - width(headGroups) - width(tailGroups)).fill('0');
  const prefix = [...headGroups, ...zeros, ...tailGroups]
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * The soft limit on open files of this process (Linux: /proc/self/limits;
 * Node raises the soft limit to the hard one at start), or null where unknown.
 */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    const value = Number(soft);
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
