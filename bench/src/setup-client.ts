import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { core } from '@tangle/protocol';

type Body = Omit<core.IClientMessage, 'id'>;

const TIMEOUT_MS = 30_000;

/**
 * Requests over one connection, each answer matched by its req_id: for the untimed setup before
 * a run, and for loads whose every request differs (sign-ups, each with an address of its own).
 */
export class SetupClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: core.IRPCResult) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const result = core.ServerMessage.decode(data).result;
      if (!result) return;
      const reqId = result.reqId ?? 0;
      this.pending.get(reqId)?.(result);
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
    await client.call({
      coreInitialize: {
        clientId: 1,
        deviceType: 'bench',
        deviceVersion: 'node',
        appVersion: '1.0.0',
      },
    });
    return client;
  }

  /** The answer's RPCResult; throws on an RPCError or no answer. */
  call(body: Body): Promise<core.IRPCResult> {
    const id = this.nextId++;
    this.socket.send(core.ClientMessage.encode({ id, ...body }).finish());
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new Error(`setup request ${id} got no answer within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        if (result.error) {
          fail(
            new Error(
              `setup request failed: ${result.error.errorCode} ${result.error.errorMessage}`,
            ),
          );
        } else {
          done(result);
        }
      });
    });
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
