import { Injectable, Logger } from '@nestjs/common';
import { ActivityRecorder, type ClientDevice } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ServiceMetrics } from '@tangle/platform';
import {
  encodeEmptyResult,
  encodeResult,
  type MethodCall,
  type ResultKind,
} from '@tangle/protocol';
import { OSMIUM_METHODS, OsmiumMethods, isServed, type OsmiumCaller } from '../osmium-methods';
import { ConnectionRegistry } from './connection-registry';
import type { OsmiumConnection } from './osmium-connection';

/**
 * The WebSocket's side of a call: what the connection must have done first (Initialize, a
 * sign-in), its session still live, its activity; then the shared per-method work
 * (OsmiumMethods) and the answer encoded as a frame. Nothing here decides anything.
 */
@Injectable()
export class RpcRouter {
  private readonly logger = new Logger('Osmium');

  constructor(
    private readonly methods: OsmiumMethods,
    private readonly registry: ConnectionRegistry,
    private readonly activity: ActivityRecorder,
    private readonly metrics: ServiceMetrics,
  ) {}

  /**
   * Runs a call and records its method, outcome and time (refusals before it runs included):
   * in the metrics, and in one log line carrying the call's trace id (`debug` when it succeeded,
   * `info` when it was refused or failed). The answer carries the trace id as `trace_id`.
   */
  async dispatch(
    connection: OsmiumConnection,
    call: MethodCall,
    reqId: number,
    traceId: string,
  ): Promise<Uint8Array> {
    const started = process.hrtime.bigint();
    let code = 'OK';
    try {
      return await this.route(connection, call, reqId, traceId);
    } catch (error) {
      code = error instanceof AuthError ? error.errorName : 'INTERNAL';
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observe('ws', call.method, code, seconds);
      const line = {
        msg: 'rpc',
        traceId,
        method: call.method,
        reqId,
        outcome: code,
        ms: seconds * 1e3,
      };
      if (code === 'OK') this.logger.debug(line);
      else this.logger.log(line);
    }
  }

  private async route(
    connection: OsmiumConnection,
    call: MethodCall,
    reqId: number,
    traceId: string,
  ): Promise<Uint8Array> {
    const method = call.method;
    if (!isServed(method)) throw new AuthError('NOT_SERVED', `${method} is not served here`);
    if (method !== 'core.initialize' && !connection.device) throw new AuthError('NOT_INITIALIZED');
    this.registry.checkLive(connection);
    if (OSMIUM_METHODS[method].signedIn && !connection.signedIn)
      throw new AuthError('UNAUTHORIZED');
    if (connection.signedIn)
      this.activity.touch(connection.signedIn.sessionId, connection.context());
    const answer = await this.methods.run(
      method,
      new ConnectionCaller(connection, this.registry),
      call.payload as never,
    );
    if (answer.kind === null) return encodeEmptyResult(reqId, traceId);
    return encodeResult(reqId, answer.kind as ResultKind, answer.value as never, traceId);
  }
}

/** A WebSocket connection as the caller of a method. */
class ConnectionCaller implements OsmiumCaller {
  constructor(
    private readonly connection: OsmiumConnection,
    private readonly registry: ConnectionRegistry,
  ) {}

  get address() {
    return this.connection.address;
  }

  get device() {
    return this.connection.device;
  }

  get signedIn() {
    return this.connection.signedIn;
  }

  context() {
    return this.connection.context();
  }

  initialized(device: ClientDevice): void {
    this.connection.device = device;
  }

  /** Binds the connection to the session: its revocation reaches the connection. */
  authorized(userId: string, sessionId: string): void {
    this.registry.signIn(this.connection, userId, sessionId);
  }
}
