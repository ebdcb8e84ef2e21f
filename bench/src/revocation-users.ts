import type Long from 'long';
import { longToDecimal } from '@tangle/protocol';
import { SetupClient, signUpAccounts, type BenchAccount } from './setup-client';

/** One account with two sessions, each on a connection of its own, and a third connection. */
export interface TwoSessionUser {
  /** Signed in with session 1: sends the revoke. */
  a: SetupClient;
  /** Signed in with session 2: the one revoked. */
  b: SetupClient;
  /** Initialized and never signed in: tries session 2's token once it is revoked. */
  probe: SetupClient;
  session2: { id: Long; decimal: string; token: string };
}

const LANES = 8;

/**
 * `count` accounts, each signed up (session 1, resumed on connection A) and signed in again
 * (session 2, on connection B). A passwordless account has no way to open a second session over
 * the WebSocket, so these have a password: two argon2id operations per user, all untimed.
 * Every connection opened is added to `opened`, so the caller can close them whatever happens.
 */
export async function prepareTwoSessionUsers(
  url: string,
  count: number,
  opened: SetupClient[],
): Promise<TwoSessionUser[]> {
  const accounts = await signUpAccounts(url, count);
  const users = new Array<TwoSessionUser>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(LANES, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        users[i] = await prepareUser(url, accounts[i], opened);
      }
    }),
  );
  return users;
}

async function prepareUser(
  url: string,
  account: BenchAccount,
  opened: SetupClient[],
): Promise<TwoSessionUser> {
  const connect = async () => {
    const client = await SetupClient.connect(url);
    opened.push(client);
    return client;
  };
  const [a, b, probe] = await Promise.all([connect(), connect(), connect()]);
  const session1 = (await a.call({ authAuthorize: { token: account.token } })).authorization!;
  const session2 = (
    await b.call({ authSignIn: { email: account.email, password: account.password } })
  ).authorization!;
  const id = session2.sessionId!;
  if (longToDecimal(id) === longToDecimal(session1.sessionId!)) {
    throw new Error('sign-in resumed the sign-up session instead of starting a second one');
  }
  return { a, b, probe, session2: { id, decimal: longToDecimal(id), token: session2.token! } };
}
