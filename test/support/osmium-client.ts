import WebSocket from 'ws';
import { core, longFromDecimal, longToDecimal, type auth, type updates } from '@tangle/protocol';
import { ERROR_CATALOGUE, errorNameOf, type ErrorName } from '@tangle/contracts';

type Request = Omit<core.IClientMessage, 'id'>;

export interface Device {
  clientId?: number;
  deviceType?: string;
  deviceVersion?: string;
  appVersion?: string;
}

export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`RPC error ${code} (${errorNameOf(code)}): ${errorMessage}`);
  }
  get errorName(): ErrorName | undefined {
    return errorNameOf(this.code);
  }
}

/** A real Osmium client over a real WebSocket, using the generated protobuf code. */
export class OsmiumClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (result: core.RPCResult) => void; reject: (error: Error) => void }
  >();
  readonly updates: updates.Update[] = [];
  private updateWaiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = core.ServerMessage.decode(data);
      if (message.result) {
        const result = message.result as core.RPCResult;
        const waiter = this.pending.get(result.reqId);
        this.pending.delete(result.reqId);
        waiter?.resolve(result);
      } else if (message.update) {
        this.updates.push(message.update as updates.Update);
        for (const wake of this.updateWaiters.splice(0)) wake();
      }
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        // Requests still waiting will never be answered on this connection.
        for (const waiter of this.pending.values())
          waiter.reject(new Error(`connection closed (${code})`));
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  static async connect(
    url: string,
    headers?: Record<string, string>,
    options: WebSocket.ClientOptions = {},
  ): Promise<OsmiumClient> {
    const socket = new WebSocket(url, { ...options, headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new OsmiumClient(socket);
  }

  /** Sends a request and resolves with its RPCResult (whatever it carries). */
  request(body: Request, timeoutMs = 15_000): Promise<core.RPCResult> {
    const id = this.nextId++;
    this.sendRaw(core.ClientMessage.encode({ id, ...body }).finish());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to request ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Like request, but throws RpcFailure on an RPCError. */
  async call(body: Request): Promise<core.RPCResult> {
    const result = await this.request(body);
    if (result.error)
      throw new RpcFailure(result.error.errorCode ?? 0, result.error.errorMessage ?? '');
    return result;
  }

  sendRaw(frame: Uint8Array | string): void {
    this.socket.send(frame);
  }

  async initialize(device: Device = {}): Promise<core.IInitialized> {
    const result = await this.call({
      coreInitialize: {
        clientId: device.clientId ?? 1,
        deviceType: device.deviceType ?? 'desktop',
        deviceVersion: device.deviceVersion ?? 'Linux 6.1',
        appVersion: device.appVersion ?? '1.0.0',
      },
    });
    return result.initialized!;
  }

  async signUp(fields: auth.ISignUp): Promise<Authorization> {
    return toAuthorization((await this.call({ authSignUp: fields })).authorization!);
  }

  async signIn(email: string, password: string): Promise<Authorization> {
    return toAuthorization((await this.call({ authSignIn: { email, password } })).authorization!);
  }

  async authorize(token: string): Promise<Authorization> {
    return toAuthorization((await this.call({ authAuthorize: { token } })).authorization!);
  }

  async getSessions(): Promise<{ sessions: auth.ISession[]; current: string }> {
    const sessions = (await this.call({ authGetSessions: {} })).sessions!;
    return { sessions: sessions.sessions ?? [], current: longToDecimal(sessions.current as never) };
  }

  async revokeSessions(ids: string[]): Promise<core.RPCResult> {
    return this.call({ authRevokeSessions: { sessionIds: ids.map(longFromDecimal) } });
  }

  async waitForUpdate(
    predicate: (u: updates.Update) => boolean,
    timeoutMs = 5_000,
  ): Promise<updates.Update> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.updates.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('update did not arrive');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.updateWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
    await this.closed;
  }
}

export interface Authorization {
  token: string;
  userId: string;
  name: string;
  sessionId: string;
}

function toAuthorization(a: auth.IAuthorization): Authorization {
  return {
    token: a.token!,
    userId: longToDecimal(a.user!.id as never),
    name: a.user!.name!,
    sessionId: longToDecimal(a.sessionId as never),
  };
}

export const CODES = Object.fromEntries(
  Object.entries(ERROR_CATALOGUE).map(([name, entry]) => [name, entry.code]),
) as Record<ErrorName, number>;

/** The RPC error a call ends with; fails the test if it succeeds or fails otherwise. */
export async function rpcFailure(promise: Promise<unknown>): Promise<RpcFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcFailure) return error;
    throw error;
  }
  throw new Error('expected an RPC error');
}
