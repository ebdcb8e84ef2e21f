import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AuthError } from '@tangle/contracts';
import { decodeClientFrame, encodeError, resolveMethod } from '@tangle/protocol';
import {
  ClientAddressResolver,
  newTraceId,
  withTraceId,
  type ClientAddress,
} from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { ConnectionLimits, openFileLimit } from './connection-limits';
import { ConnectionRegistry } from './connection-registry';
import { Heartbeat } from './heartbeat';
import { OsmiumConnection } from './osmium-connection';
import { OriginAllowList } from './origin-allow-list';
import { RpcRouter } from './rpc-router';

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  /** A deadline passed: no Initialize, or no sign-in, in time. */
  policyViolation: 1008,
  tryAgainLater: 1013,
} as const;

/** A slow reader's backlog past this is dropped with the connection rather than held in memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Descriptors the process needs besides its sockets: stores, logs, DNS, outgoing connections. */
const DESCRIPTORS_BESIDES_SOCKETS = 256;

/** The status lines of the upgrades refused before a WebSocket exists. */
const REFUSED = {
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
} as const;

/** At most one warning a minute that the total cap is refusing connections. */
const FULL_WARNING_INTERVAL_MS = 60_000;

/**
 * The Osmium endpoint: WebSocket upgrades at `/` of the service port, one binary
 * protobuf ClientMessage per frame, answers as ServerMessage { result } carrying
 * the request's id. Bad input is answered (RPCError) or closed (with a fitting
 * code), never allowed to take the process down.
 *
 * Before the upgrade: a foreign Origin is refused 403, an address over its cap
 * 429, a full server 503. After it: Initialize and the first sign-in each have
 * a deadline (closed 1008), and a peer that stops answering pings is terminated.
 */
@Injectable()
export class OsmiumGateway implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Osmium');
  private readonly wss: WebSocketServer;
  private readonly limits: ConnectionLimits;
  private readonly origins: OriginAllowList;
  private readonly connections = new Set<OsmiumConnection>();
  private readonly heartbeat: Heartbeat;
  private lastFullWarning = 0;

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
    this.limits = new ConnectionLimits(
      config.ws.maxConnectionsPerAddress,
      config.ws.maxConnections,
    );
    this.origins = new OriginAllowList(config.ws.allowedOrigins);
    this.heartbeat = new Heartbeat(config.ws.pingIntervalMs, this.connections);
  }

  attach(server: Server): void {
    const { maxConnections, httpConnectionHeadroom } = this.config.ws;
    // The listener counts every socket it accepted, upgraded ones included: past
    // the WebSocket cap, the headroom is left for HTTP (/healthz) and handshakes,
    // and nothing beyond it can take the descriptors the stores need.
    server.maxConnections = maxConnections + httpConnectionHeadroom;
    const fileLimit = openFileLimit();
    if (fileLimit !== null && server.maxConnections + DESCRIPTORS_BESIDES_SOCKETS > fileLimit) {
      this.logger.warn(
        `WS_MAX_CONNECTIONS (${maxConnections}) + HTTP_CONNECTION_HEADROOM (${httpConnectionHeadroom}) leave under ${DESCRIPTORS_BESIDES_SOCKETS} of the ${fileLimit} open files for anything else: raise the limit (ulimit -n) or lower WS_MAX_CONNECTIONS`,
      );
    }
    this.heartbeat.start();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
  }

  get openConnections(): number {
    return this.wss.clients.size;
  }

  /** Refusals cost a short write and no WebSocket object. */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/') return refuse(socket, 404, '');
    if (!this.origins.allows(request.headers.origin)) {
      return refuse(socket, 403, 'origin not allowed');
    }
    if (socket.destroyed) return; // its 'close' may already be past: it must not be counted
    const address = this.addresses.resolve(request.socket.remoteAddress, request.headers);
    const admission = this.limits.admit(address.ip);
    if (!admission.admitted) {
      this.logger.debug(`refused ${address.ip ?? 'unknown'}: ${admission.reason}`);
      if (
        admission.status === 503 &&
        Date.now() - this.lastFullWarning > FULL_WARNING_INTERVAL_MS
      ) {
        this.lastFullWarning = Date.now();
        this.logger.warn(`WS_MAX_CONNECTIONS (${this.config.ws.maxConnections}) reached: refusing`);
      }
      return refuse(socket, admission.status, admission.reason);
    }
    socket.once('close', () => this.limits.release(admission.key));
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, address));
  }

  private accept(socket: WebSocket, address: ClientAddress): void {
    const connection = new OsmiumConnection(socket, address);
    this.connections.add(connection);
    this.heartbeat.watch(connection);
    this.armDeadlines(connection);
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.receive(connection, data, isBinary),
    );
    socket.on('close', () => {
      this.connections.delete(connection);
      clearDeadlines(connection);
      this.registry.forget(connection);
    });
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
    // Every answer carries its call's trace id (RPCResult.trace_id), the traceId of its log lines.
    const traceId = newTraceId('rpc');
    const decoded = decodeClientFrame(frame);
    if (!decoded.ok) {
      if (decoded.reqId !== undefined) {
        const invalid = new AuthError(
          'INVALID_ARGUMENT',
          `frame does not decode: ${decoded.reason}`,
        );
        this.send(connection, encodeError(decoded.reqId, invalid.code, invalid.message, traceId));
      }
      socket.close(CLOSE.invalidPayload, 'frame does not decode as a ClientMessage');
      return;
    }
    const reqId = decoded.message.id >>> 0;
    const resolved = resolveMethod(decoded.message, frame);
    if (resolved.kind === 'keepAlive') return;
    if (resolved.kind === 'unknown') {
      this.refuse(
        connection,
        reqId,
        traceId,
        new AuthError('NOT_SERVED', `method field ${resolved.unknownField} is not served here`),
      );
      return;
    }
    if (connection.inFlight >= this.config.maxInFlightPerConnection) {
      this.refuse(
        connection,
        reqId,
        traceId,
        new AuthError('RATE_LIMIT_EXCEEDED', 'too many requests in flight on this connection'),
        resolved.method,
      );
      return;
    }
    connection.inFlight++;
    // The trace id goes to the call's own log lines (the router's `rpc` line, a failure's)
    // explicitly, not through an AsyncLocalStorage scope as on HTTP: on Node.js 20 a scope per
    // call cost a third of the WebSocket Authorize rate (decision 30).
    void this.router
      .dispatch(connection, resolved, reqId, traceId)
      .then(
        (reply) => {
          if (connection.signedIn) clearDeadlines(connection);
          this.send(connection, reply);
        },
        (error: unknown) => this.fail(connection, reqId, traceId, error),
      )
      .finally(() => connection.inFlight--);
  }

  /**
   * A socket that never initializes, or never signs in, holds a descriptor for
   * nothing. Both deadlines run from the upgrade; the second is met once, by
   * the first successful sign-up, sign-in or Authorize (a later revocation does
   * not arm it again).
   */
  private armDeadlines(connection: OsmiumConnection): void {
    const { initializeTimeoutMs, authorizeTimeoutMs } = this.config.ws;
    const close = (reason: string) => {
      clearDeadlines(connection);
      connection.socket.close(CLOSE.policyViolation, reason);
    };
    connection.deadlines.push(
      setTimeout(() => {
        if (!connection.device)
          close(`core.Initialize not received within ${initializeTimeoutMs} ms`);
      }, initializeTimeoutMs),
      setTimeout(() => {
        if (!connection.signedIn) close(`not signed in within ${authorizeTimeoutMs} ms`);
      }, authorizeTimeoutMs),
    );
  }

  /** A call refused before the router sees it: answered, and logged as the router logs a call. */
  private refuse(
    connection: OsmiumConnection,
    reqId: number,
    traceId: string,
    error: AuthError,
    method?: string,
  ): void {
    this.logger.log({ msg: 'rpc', traceId, method, reqId, outcome: error.errorName });
    this.fail(connection, reqId, traceId, error);
  }

  private fail(connection: OsmiumConnection, reqId: number, traceId: string, error: unknown): void {
    if (error instanceof AuthError) {
      this.send(connection, encodeError(reqId, error.code, error.message, traceId));
      return;
    }
    withTraceId(traceId, () =>
      this.logger.error(
        `request ${reqId} failed: ${error instanceof Error ? error.stack : String(error)}`,
      ),
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
    this.heartbeat.stop();
    for (const client of this.wss.clients) client.close(CLOSE.goingAway, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function clearDeadlines(connection: OsmiumConnection): void {
  for (const timer of connection.deadlines) clearTimeout(timer);
  connection.deadlines = [];
}

/**
 * Answers an upgrade request with an HTTP error and closes its socket once the
 * answer is written (not just half-closed: a peer that never closes its side
 * would otherwise keep the descriptor).
 */
function refuse(socket: Duplex, status: keyof typeof REFUSED, body: string): void {
  // The HTTP server has removed its own error listener from an upgraded socket.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${REFUSED[status]}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
