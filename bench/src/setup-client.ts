import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { core, type updates } from '@tangle/protocol';

type Body = Omit<core.IClientMessage, 'id'>;

/** An answer with its timing on this process's performance.now() clock. */
export interface Answer {
  result: core.IRPCResult;
  sentAt: number;
  receivedAt: number;
}

/** Called with each push (`ServerMessage { update }`) and when its frame arrived. */
export type UpdateListener = (update: updates.IUpdate, receivedAt: number) => void;

/** What every bench connection sends first. */
export const INITIALIZE: Body = {
  coreInitialize: { clientId: 1, deviceType: 'bench', deviceVersion: 'node', appVersion: '1.0.0' },
};

const TIMEOUT_MS = 30_000;

/**
 * Requests over one connection, each answer matched by its req_id: for the untimed setup before
 * a run, for loads whose every request differs (sign-ups, each with an address of its own), and
 * for flows that wait for a push.
 */
export class SetupClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    (result: core.IRPCResult, receivedAt: number) => void
  >();
  private readonly updateListeners = new Set<UpdateListener>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const receivedAt = performance.now();
      const message = core.ServerMessage.decode(data);
      if (message.update) {
        for (const listener of this.updateListeners) listener(message.update, receivedAt);
        return;
      }
      const result = message.result;
      if (!result) return;
      const reqId = result.reqId ?? 0;
      this.pending.get(reqId)?.(result, receivedAt);
      this.pending.delete(reqId);
    });
  }

  static async connect(url: string): Promise<SetupClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
    const client = new SetupClient(socket);
    await client.call(INITIALIZE);
    return client;
  }

  /** The answer's RPCResult; throws on an RPCError or no answer. */
  async call(body: Body): Promise<core.IRPCResult> {
    const { result } = await this.request(body);
    if (result.error) {
      throw new Error(
        `setup request failed: ${result.error.errorCode} ${result.error.errorMessage}`,
      );
    }
    return result;
  }

  /** The answer, an RPCError included, with its timing; throws only when no answer comes. */
  request(body: Body): Promise<Answer> {
    const id = this.nextId++;
    const frame = core.ClientMessage.encode({ id, ...body }).finish();
    const sentAt = performance.now();
    this.socket.send(frame);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`setup request ${id} got no answer within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      this.pending.set(id, (result, receivedAt) => {
        clearTimeout(timer);
        done({ result, sentAt, receivedAt });
      });
    });
  }

  /** Listens for pushes until the returned function is called. */
  onUpdate(listener: UpdateListener): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }
}

export interface BenchAccount {
  email: string;
  password: string;
  /** The token of the session sign-up started. */
  token: string;
}

/** Signs up `count` password accounts over a few connections (each costs one argon2id hash). */
export async function signUpAccounts(url: string, count: number): Promise<BenchAccount[]> {
  const run = randomBytes(4).toString('hex');
  const clients = await Promise.all(
    Array.from({ length: Math.min(8, count) }, () => SetupClient.connect(url)),
  );
  const accounts: BenchAccount[] = new Array<BenchAccount>(count);
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < count; i = next++) {
          const email = `bench-${run}-${i}@example.org`;
          const password = `Bench-password-${i}`;
          const result = await client.call({ authSignUp: { name: `Bench ${i}`, email, password } });
          accounts[i] = { email, password, token: result.authorization!.token! };
        }
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
  return accounts;
}
