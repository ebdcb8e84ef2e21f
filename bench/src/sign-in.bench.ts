import { Argon2Reference } from './argon2-reference.bench';
import { LoadTally, rowFromLoad, runLoad } from './osmium-load';
import type { CaseOutput, Measured } from './rows';
import { startAuthService } from './server-process';
import { signUpAccounts } from './setup-client';

export interface SignInParams {
  connections: number;
  /** Before every slice, SignIn's and the reference's alike. */
  warmupMs: number;
  /** SignIn runs this many times, each for `roundMs`, with a reference slice before and after. */
  rounds: number;
  roundMs: number;
  referenceSliceMs: number;
  /** Profile mode: one round, the server under --cpu-prof, no reference. */
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
  let signInRow: Measured;
  try {
    // One account per connection, each signing in again and again (a new session each time).
    const accounts = await signUpAccounts(server.url, params.connections);
    server.resetPeakRss();
    for (let round = 0; round < (profiling ? 1 : params.rounds); round += 1) {
      await reference?.runSlice(params.warmupMs, params.referenceSliceMs);
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
  } finally {
    await server.stop();
  }

  if (!reference) {
    return {
      rows: [signInRow],
      cpuProfile: server.cpuProfile(),
      profileWindowUs: tally.windowsUs[0],
    };
  }
  return { rows: [reference.row(), signInRow] };
}
