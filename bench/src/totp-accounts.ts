import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import type { core } from '@tangle/protocol';
import { SetupClient } from './setup-client';

type Body = Omit<core.IClientMessage, 'id'>;
const STEP_S = 30;

interface TotpAccount {
  email: string;
  password: string;
  secret: string;
  /** The newest time step spent (the server refuses it and any before it). */
  lastStep: number;
}

const stepNow = () => Math.floor(Date.now() / 1000 / STEP_S);

/**
 * Password accounts with TOTP on, signed up and set up over a few connections (untimed): each
 * costs one argon2id hash and two settings.setupTotp calls. Returns a source of sign-ins for
 * each load connection: a TOTP code is accepted once, so a connection cycles through its own
 * accounts, each signing in with the code of the next time step, and comes back to an account
 * only once the clock has moved past the step it spent.
 */
export async function totpSignIns(
  url: string,
  connections: number,
  accountsPerConnection: number,
): Promise<{ request(index: number): Body; reused(): number }> {
  const run = randomBytes(4).toString('hex');
  const count = connections * accountsPerConnection;
  const clients = await Promise.all(Array.from({ length: 8 }, () => SetupClient.connect(url)));
  const accounts = new Array<TotpAccount>(count);
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < count; i = next++) {
          const email = `bench-totp-${run}-${i}@example.org`;
          const password = `Bench-password-${i}`;
          await client.call({ authSignUp: { name: `Bench ${i}`, email, password } });
          const started = await client.call({ settingsSetupTotp: { enabled: true } });
          const secret = new URL(started.totp!.url!).searchParams.get('secret')!;
          const epoch = Math.floor(Date.now() / 1000);
          await client.call({
            settingsSetupTotp: { enabled: true, code: generateSync({ secret, epoch }) },
          });
          accounts[i] = { email, password, secret, lastStep: Math.floor(epoch / STEP_S) };
        }
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
  const cursors = new Array<number>(connections).fill(0);
  let reused = 0;
  return {
    request(index) {
      // The code of the next step: accepted (one step of drift) and later than the enabling one.
      const step = stepNow() + 1;
      const own = accounts.slice(
        index * accountsPerConnection,
        (index + 1) * accountsPerConnection,
      );
      let pick: TotpAccount | undefined;
      for (let k = 0; k < own.length && !pick; k += 1) {
        const candidate = own[(cursors[index] + k) % own.length];
        if (candidate.lastStep < step) pick = candidate;
      }
      if (!pick) {
        // Every account of this connection spent this step: the sign-in will be refused.
        reused += 1;
        pick = own[cursors[index] % own.length];
      }
      cursors[index] = own.indexOf(pick) + 1;
      pick.lastStep = step;
      return {
        authSignIn: {
          email: pick.email,
          password: pick.password,
          totp: generateSync({ secret: pick.secret, epoch: step * STEP_S }),
        },
      };
    },
    reused: () => reused,
  };
}
