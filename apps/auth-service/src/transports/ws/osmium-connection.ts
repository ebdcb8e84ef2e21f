import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ClientDevice, RequestContext } from '@tangle/application';
import type { ClientAddress } from '@tangle/platform';
import type { SignedIn } from '../osmium-methods';

export type { SignedIn };

/** What the server knows about one WebSocket: its client, its session, its last write. */
export class OsmiumConnection {
  device: ClientDevice | null = null;
  signedIn: SignedIn | null = null;
  inFlight = 0;
  /** Whether the socket is corked until the next tick (see OsmiumGateway.send). */
  corked = false;
  /** Cleared by each ping of the Heartbeat, set again by the peer's pong. */
  answeredPing = true;
  /** The Initialize and sign-in deadlines still armed (see OsmiumGateway.armDeadlines). */
  deadlines: NodeJS.Timeout[] = [];

  constructor(
    readonly socket: WebSocket,
    readonly address: ClientAddress,
  ) {}

  context(): RequestContext {
    return {
      correlationId: randomUUID(),
      actorUserId: this.signedIn?.userId ?? null,
      actorSessionId: this.signedIn?.sessionId ?? null,
      clientIp: this.address.ip,
    };
  }
}
