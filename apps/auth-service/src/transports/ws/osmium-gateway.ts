import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AuthError } from '@tangle/contracts';
import { decodeClientFrame, encodeError, resolveMethod } from '@tangle/protocol';
import { ClientAddressResolver } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { ConnectionRegistry } from './connection-registry';
import { OsmiumConnection } from './osmium-connection';
import { RpcRouter } from './rpc-router';

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  tryAgainLater: 1013,
} as const;

/** A slow reader's backlog past this is dropped with the connection rather than held in memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * The Osmium endpoint: WebSocket upgrades at `/` of the service port, one binary
 * protobuf ClientMessage per frame, answers as ServerMessage { result } carrying
 * the request's id. Bad input is answered (RPCError) or closed (with a fitting
 * code), never allowed to take the process down.
 */
@Injectable()
export class OsmiumGateway implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Osmium');
  private readonly wss: WebSocketServer;

  constructor(
    private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly router: RpcRouter,
    private readonly registry: ConnectionRegistry,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.maxFrameBytes,
      perMessageDeflate: false,
    });
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== '/') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
    });
  }

  get openConnections(): number {
    return this.wss.clients.size;
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const connection = new OsmiumConnection(
      socket,
      this.addresses.resolve(request.socket.remoteAddress, request.headers),
    );
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.receive(connection, data, isBinary),
    );
    socket.on('close', () => this.registry.forget(connection));
    // 'error' covers oversized frames (ws closes with 1009) and protocol violations.
    socket.on('error', (error) => this.logger.debug(`connection error: ${error.message}`));
  }

  private receive(connection: OsmiumConnection, data: RawData, isBinary: boolean): void {
    const { socket } = connection;
    if (!isBinary) {
      socket.close(CLOSE.unsupportedData, 'binary protobuf frames only');
      return;
    }
    // ws hands binary frames over as Buffers (binaryType 'nodebuffer'): no copy needed.
    const frame = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    const decoded = decodeClientFrame(frame);
    if (!decoded.ok) {
      if (decoded.reqId !== undefined) {
        const invalid = new AuthError(
          'INVALID_ARGUMENT',
          `frame does not decode: ${decoded.reason}`,
        );
        this.send(connection, encodeError(decoded.reqId, invalid.code, invalid.message));
      }
      socket.close(CLOSE.invalidPayload, 'frame does not decode as a ClientMessage');
      return;
    }
    const reqId = decoded.message.id >>> 0;
    const resolved = resolveMethod(decoded.message, frame);
    if (resolved.kind === 'keepAlive') return;
    if (resolved.kind === 'unknown') {
      this.fail(
        connection,
        reqId,
        new AuthError('NOT_SERVED', `method field ${resolved.unknownField} is not served here`),
      );
      return;
    }
    if (connection.inFlight >= this.config.maxInFlightPerConnection) {
      this.fail(
        connection,
        reqId,
        new AuthError('RATE_LIMIT_EXCEEDED', 'too many requests in flight on this connection'),
      );
      return;
    }
    connection.inFlight++;
    this.router
      .dispatch(connection, resolved, reqId)
      .then(
        (reply) => this.send(connection, reply),
        (error: unknown) => this.fail(connection, reqId, error),
      )
      .finally(() => connection.inFlight--);
  }

  private fail(connection: OsmiumConnection, reqId: number, error: unknown): void {
    if (error instanceof AuthError) {
      this.send(connection, encodeError(reqId, error.code, error.message));
      return;
    }
    const traceId = connection.context().correlationId;
    this.logger.error(
      `request ${reqId} failed (trace ${traceId}): ${error instanceof Error ? error.stack : String(error)}`,
    );
    const internal = new AuthError('INTERNAL');
    this.send(connection, encodeError(reqId, internal.code, internal.message, traceId));
  }

  private send(connection: OsmiumConnection, frame: Uint8Array): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE.tryAgainLater, 'client is not reading its replies');
      return;
    }
    this.corkUntilNextTick(connection);
    socket.send(frame);
  }

  /**
   * Replies that finish in the same turn of the event loop leave in one write:
   * ws writes each frame on its own, and a syscall per small reply was the
   * largest cost of Authorize under load.
   */
  private corkUntilNextTick(connection: OsmiumConnection): void {
    if (connection.corked) return;
    const raw = (connection.socket as unknown as { _socket?: Socket })._socket;
    if (!raw || typeof raw.cork !== 'function') return;
    connection.corked = true;
    raw.cork();
    process.nextTick(() => {
      connection.corked = false;
      raw.uncork();
    });
  }

  /** Before the HTTP server closes: it would otherwise wait on the upgraded sockets. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const client of this.wss.clients) client.close(CLOSE.goingAway, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
