import type { OsmiumConnection } from './osmium-connection';

/**
 * One timer pings every open connection; a peer that has not answered the
 * previous ping by the next tick is gone (a vanished device, a dead NAT
 * mapping, a client that holds the socket without reading) and is terminated
 * without a close handshake, which it would not answer either. A dead peer is
 * found between one and two intervals after it stopped answering.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly connections: Iterable<OsmiumConnection>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Call for each new connection: answers to pings mark it alive. */
  watch(connection: OsmiumConnection): void {
    connection.socket.on('pong', () => (connection.answeredPing = true));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    for (const connection of this.connections) {
      const { socket } = connection;
      if (!connection.answeredPing) {
        socket.terminate();
        continue;
      }
      connection.answeredPing = false;
      // A closing socket is not pinged: it is terminated at the next tick unless it closes first.
      if (socket.readyState === socket.OPEN) socket.ping();
    }
  }
}
