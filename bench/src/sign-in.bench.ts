import { Argon2Reference } from './argon2-reference.bench';
import { registerGatewayAccounts, tokensOfAnswer, type GatewayAccount } from './gateway-client';
import { runHttpLoad } from './http-load';
import { LoadTally, rowFromLoad, runLoad } from './osmium-load';
import type { CaseOutput, Measured } from './rows';
import { startAuthService } from './server-process';
import { signUpAccounts } from './setup-client';
import { totpSignIns } from './totp-accounts';

export interface SignInParams {
  connections: number;
  /** Before every slice, SignIn's and the reference's alike. */
  warmupMs: number;
  /** SignIn runs this many times, each for `roundMs`, with a reference slice before and after. */
  rounds: number;
  roundMs: number;
  referenceSliceMs: number;
  /**
   * Each round also signs in over the gateway API (`POST /auth/login`, keep-alive HTTP, as many
   * connections), right after the WebSocket round: R S H R S H … R.
   */
  http?: boolean;
  /**
   * Each round also signs in with a TOTP code over the WebSocket (SignIn with `totp`), right
   * after the HTTP round, over as many connections, each cycling through this many accounts
   * of its own with TOTP on (a code counts once): R S H T R S H T … R.
   */
  totpAccountsPerConnection?: number;
  /**
   * Profile mode: one round, the server under --cpu-prof, no reference; with `http`, the HTTP
   * round only.
   */
  cpuProfileDir?: string;
}

/**
 * SignIn end to end against the built server, interleaved with the argon2id reference, which
 * runs in this (the client's) process while the server has no load: R S R S … R.
 */
export async function signInBench(params: SignInParams): Promise<CaseOutput> {
  const profiling = params.cpuProfileDir !== undefined;
  const reference = profiling ? null : await Argon2Reference.prepare(params.connections);
  const server = await startAuthService({ cpuProfileDir: params.cpuProfileDir });
  const tally = new LoadTally();
  const httpTally = new LoadTally();
  const totpTally = new LoadTally();
  let signInRow: Measured;
  let httpRow: Measured | null = null;
  let totpRow: Measured | null = null;
  try {
    // One account per connection, each signing in again and again (a new session each time).
    const accounts = await signUpAccounts(server.url, params.connections);
    const http = params.http === true;
    const gatewayAccounts = http
      ? await registerGatewayAccounts(server.httpUrl, params.connections)
      : [];
    const webSocket = !(profiling && http);
    const totp =
      params.totpAccountsPerConnection && !profiling
        ? await totpSignIns(server.url, params.connections, params.totpAccountsPerConnection)
        : null;
    server.resetPeakRss();
    for (let round = 0; round < (profiling ? 1 : params.rounds); round += 1) {
      await reference?.runSlice(params.warmupMs, params.referenceSliceMs);
      if (webSocket) {
        await runLoad(
          {
            url: server.url,
            connections: params.connections,
            depth: 1,
            warmupMs: params.warmupMs,
            durationMs: params.roundMs,
            replies: 'server',
            request: (index) => ({
              authSignIn: { email: accounts[index].email, password: accounts[index].password },
            }),
          },
          tally,
        );
      }
      if (http) await httpSignIn(server.httpUrl, server.pid, gatewayAccounts, params, httpTally);
      if (totp) {
        await runLoad(
          {
            url: server.url,
            connections: params.connections,
            depth: 1,
            warmupMs: params.warmupMs,
            durationMs: params.roundMs,
            replies: 'server',
            perRequest: true,
            request: (index) => totp.request(index),
          },
          totpTally,
        );
      }
    }
    await reference?.runSlice(params.warmupMs, params.referenceSliceMs);
    signInRow = rowFromLoad(tally.result(), {
      id: profiling ? 'sign-in-profiled' : 'sign-in',
      name: `SignIn end to end (${params.connections} connections)`,
      peakRssMb: server.peakRssMb(),
      rssOf: 'server',
      referenceId: 'argon2-reference',
      concurrency: { connections: params.connections, depth: 1 },
      rounds: tally.runs,
      notes: [`${params.connections} accounts signed up first, untimed`],
    });
    if (http) {
      httpRow = rowFromLoad(httpTally.result(), {
        id: profiling ? 'http-sign-in-profiled' : 'http-sign-in',
        name: `HTTP sign-in, POST /auth/login (${params.connections} connections)`,
        peakRssMb: server.peakRssMb(),
        rssOf: 'server',
        referenceId: 'argon2-reference',
        concurrency: { connections: params.connections, depth: 1 },
        rounds: httpTally.runs,
        notes: [
          `${params.connections} accounts registered first with POST /auth/register, untimed; each connection signs in to its own, one request at a time; each round right after a WebSocket SignIn round, on the same server`,
        ],
      });
    }
    if (totp) {
      totpRow = rowFromLoad(totpTally.result(), {
        id: 'sign-in-totp',
        name: `SignIn with TOTP end to end (${params.connections} connections)`,
        peakRssMb: server.peakRssMb(),
        rssOf: 'server',
        referenceId: 'sign-in',
        concurrency: { connections: params.connections, depth: 1 },
        rounds: totpTally.runs,
        notes: [
          `${params.connections * params.totpAccountsPerConnection!} accounts with TOTP on, signed up and set up first, untimed; each connection signs in to its own ${params.totpAccountsPerConnection} in turn with the next time step's code (each code counts once: an account comes back only after the clock passed the step it spent; ${totp.reused()} sign-ins found none ready); each round right after an HTTP sign-in round, on the same server; reference: SignIn (password only) of the same run, round against round`,
        ],
      });
    }
  } finally {
    await server.stop();
  }

  if (!reference) {
    return {
      rows: httpRow && !webSocketRan(tally) ? [httpRow] : [signInRow],
      cpuProfile: server.cpuProfile(),
      profileWindowUs: (webSocketRan(tally) ? tally : httpTally).windowsUs[0],
    };
  }
  return {
    rows: [
      reference.row(),
      signInRow,
      ...(httpRow ? [httpRow] : []),
      ...(totpRow ? [totpRow] : []),
    ],
  };
}

const webSocketRan = (tally: LoadTally) => tally.windowsUs.length > 0;

/** One round of `POST /auth/login` with email and password, each connection its own account. */
function httpSignIn(
  httpUrl: string,
  serverPid: number,
  accounts: GatewayAccount[],
  params: SignInParams,
  tally: LoadTally,
) {
  return runHttpLoad(
    {
      baseUrl: httpUrl,
      connections: params.connections,
      warmupMs: params.warmupMs,
      durationMs: params.roundMs,
      expectStatus: 200,
      request: (index) => ({
        method: 'POST',
        path: '/auth/login',
        headers: { 'content-type': 'application/json', 'user-agent': 'tangle-bench' },
        body: JSON.stringify({ email: accounts[index].email, password: accounts[index].password }),
      }),
      checkFirstAnswer: (body) => void tokensOfAnswer(body.toString('utf8')),
      serverPid,
    },
    tally,
  );
}
