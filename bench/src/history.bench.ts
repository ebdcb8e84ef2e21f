import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Argon2Reference } from './argon2-reference.bench';
import { count, ms } from './format';
import { copyHistory, HEAVY_PAST_SESSIONS, historyData, type HistoryData } from './history-data';
import { LoadTally, rowFromLoad, runLoad } from './osmium-load';
import { measured, type CaseOutput, type Measured } from './rows';
import { startAuthService, type ServerProcess } from './server-process';
import { SetupClient, signUpAccounts } from './setup-client';
import { median } from './stats';

export interface HistoryParams {
  /** Events in the large history (`--history-events`); a second, of `smallEvents`, is measured too. */
  events: number;
  smallEvents: number;
  /** Start-ups of each data directory (empty, small, large), interleaved. */
  startups: number;
  /** After the first answer, before reading the server's peak RSS: start-up work left running. */
  settleMs: number;
  startTimeoutMs: number;
  /** Authorize (old and fresh sessions) and GetSessions. */
  connections: number;
  depth: number;
  warmupMs: number;
  rounds: number;
  roundMs: number;
  /** SignIn on one account (past sessions or none), and password SignUp. */
  signInConnections: number;
  signUpConnections: number;
  signInRoundMs: number;
  referenceSliceMs: number;
}

/** Row id of the start-up on a history of `events` events. */
export const startupRowId = (events: number) => `startup-history-${events}`;

/**
 * The service on a data directory with history (history-data.ts): its start-up against an empty
 * directory's, and the paths whose cost could grow with the log, each against a reference
 * measured in the same run on the same server.
 */
export async function historyBench(params: HistoryParams): Promise<CaseOutput> {
  const log = (line: string) => process.stdout.write(`\n  ${line}`);
  const sizes = [...new Set([params.smallEvents, params.events])].sort((a, b) => a - b);
  const histories: HistoryData[] = [];
  for (const events of sizes) {
    const started = performance.now();
    const history = await historyData(events, log);
    if (history.built) {
      log(`built ${history.dir} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    histories.push(history);
  }
  const rows = await startupRows(histories, params);
  rows.push(...(await loadRows(histories[histories.length - 1], params)));
  return { rows };
}

/** One directory per data set, each started `startups` times, interleaved: E S L E S L … */
async function startupRows(histories: HistoryData[], params: HistoryParams): Promise<Measured[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'tangle-bench-history-'));
  try {
    const sets = [
      { id: 'startup-empty', dir: join(scratch, 'empty'), history: null as HistoryData | null },
      ...histories.map((history) => ({
        id: startupRowId(requested(history)),
        dir: join(scratch, String(history.manifest.events)),
        history,
      })),
    ];
    for (const set of sets) {
      if (set.history) copyHistory(set.history.dir, set.dir);
    }
    const times = new Map<string, number[]>(sets.map((set) => [set.id, []]));
    const rss = new Map<string, number[]>(sets.map((set) => [set.id, []]));
    for (let i = 0; i < params.startups; i++) {
      for (const set of sets) {
        // The empty directory starts empty every time; a history's copy is reused (a start-up
        // writes next to nothing).
        if (!set.history) rmSync(set.dir, { recursive: true, force: true });
        const server = await startAuthService({
          dataDir: set.dir,
          probe: initializeAnswered,
          startTimeoutMs: params.startTimeoutMs,
        });
        try {
          times.get(set.id)!.push(server.startMs);
          await new Promise((done) => setTimeout(done, params.settleMs));
          rss.get(set.id)!.push(server.peakRssMb() ?? NaN);
        } finally {
          await server.stop();
        }
      }
    }
    const empty = {
      p50Ms: median(times.get('startup-empty')!),
      rss: median(rss.get('startup-empty')!),
    };
    return sets.map((set) => {
      const startMs = median(times.get(set.id)!);
      const peak = median(rss.get(set.id)!);
      const each = `${times.get(set.id)!.map(ms).join(' / ')} ms; peak RSS per start-up: ${rss
        .get(set.id)!
        .map((mb) => mb.toFixed(0))
        .join(' / ')} MB`;
      if (!set.history) {
        return measured({
          id: set.id,
          name: 'Start-up, empty data directory, reference',
          throughput: 1000 / startMs,
          unit: 'start-ups/s',
          p50Ms: startMs,
          peakRssMb: isNaN(peak) ? null : peak,
          rssOf: 'server',
          notes: [
            `spawn of the built service to its first answered core.Initialize over a new WebSocket (polled every 10 ms); median of ${params.startups} start-ups, each on a new empty directory; first answer per start-up: ${each}, read ${params.settleMs / 1000} s after the first answer`,
          ],
        });
      }
      const { manifest, bytes } = set.history;
      return measured({
        id: set.id,
        name: `Start-up on a history of ${count(manifest.events)} events`,
        throughput: 1000 / startMs,
        unit: 'start-ups/s',
        p50Ms: startMs,
        peakRssMb: isNaN(peak) ? null : peak,
        rssOf: 'server',
        referenceId: 'startup-empty',
        inlineReference: {
          name: 'empty start-up',
          p50Ms: empty.p50Ms,
          peakRssMb: isNaN(empty.rss) ? null : empty.rss,
        },
        notes: [
          `${describeHistory(set.history)}; ${(bytes / 1024 / 1024).toFixed(0)} MB of data; the same first answer as the empty start-up, median of ${params.startups} start-ups interleaved with it; first answer per start-up: ${each}; RSS ratio to the empty start-up: ${(peak / empty.rss).toFixed(2)}×`,
        ],
      });
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The size a history was asked for (its directory's name), not the events it ended with. */
function requested(history: HistoryData): number {
  return Number(/-(\d+)$/.exec(history.dir)![1]);
}

function describeHistory({ manifest }: HistoryData): string {
  return `${count(manifest.events)} events written in process through the service's own command bus (SignUp, SignIn, RevokeSessions on the real SQLite event store; argon2id done once per distinct input, then remembered), ${count(manifest.accounts)} accounts, each with a sign-up and 3 sign-ins, all but the last session revoked, and one with ${count(HEAVY_PAST_SESSIONS)} revoked sessions; built in ${manifest.buildSeconds.toFixed(0)} s, kept under ~/.cache/tangle-auth/bench`;
}

async function timedSignIn(url: string, email: string, password: string): Promise<number> {
  const client = await SetupClient.connect(url);
  try {
    const started = performance.now();
    await client.call({ authSignIn: { email, password } });
    return performance.now() - started;
  } finally {
    client.close();
  }
}

async function initializeAnswered(port: number): Promise<boolean> {
  const client = await SetupClient.connect(`ws://127.0.0.1:${port}/`);
  client.close();
  return true;
}

/** Authorize, GetSessions, SignIn and SignUp on one server running on the large history. */
async function loadRows(history: HistoryData, params: HistoryParams): Promise<Measured[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'tangle-bench-history-load-'));
  const dataDir = join(scratch, 'data');
  copyHistory(history.dir, dataDir);
  const { manifest } = history;
  let server: ServerProcess | null = null;
  try {
    server = await startAuthService({ dataDir, startTimeoutMs: params.startTimeoutMs });
    const url = server.url;
    const fresh = await signUpAccounts(url, params.connections);
    const [freshSignIn] = await signUpAccounts(url, 1);
    const signUpReference = await Argon2Reference.prepare(params.signUpConnections, 'hash');
    server.resetPeakRss();

    // Authorize on fresh sessions (reference), on old ones, and GetSessions: F O G F O G … F.
    const freshTally = new LoadTally();
    const oldTally = new LoadTally();
    const sessionsTally = new LoadTally();
    let cursor = 0;
    const oldToken = () => manifest.oldTokens[cursor++ % manifest.oldTokens.length];
    const load = {
      url,
      connections: params.connections,
      depth: params.depth,
      replies: 'server' as const,
    };
    const authorizeFresh = () =>
      runLoad(
        {
          ...load,
          warmupMs: params.warmupMs,
          durationMs: params.roundMs,
          request: (index) => ({ authAuthorize: { token: fresh[index].token } }),
        },
        freshTally,
      );
    await authorizeFresh();
    for (let round = 0; round < params.rounds; round++) {
      await runLoad(
        {
          ...load,
          warmupMs: 0,
          durationMs: params.roundMs,
          perRequest: true,
          request: () => ({ authAuthorize: { token: oldToken() } }),
        },
        oldTally,
      );
      await runLoad(
        {
          ...load,
          warmupMs: params.warmupMs,
          durationMs: params.roundMs,
          prelude: (index) => ({
            authAuthorize: {
              token: manifest.fewActiveTokens[index % manifest.fewActiveTokens.length],
            },
          }),
          request: () => ({ authGetSessions: {} }),
        },
        sessionsTally,
      );
      await authorizeFresh();
    }
    const authorizeRss = server.peakRssMb();
    const setting = `${params.connections} conn × ${params.depth}`;
    const rows: Measured[] = [
      rowFromLoad(freshTally.result(), {
        id: 'authorize-fresh-sessions',
        name: `Authorize, fresh sessions, on a history of ${count(manifest.events)} events (${setting})`,
        peakRssMb: authorizeRss,
        rssOf: 'server',
        concurrency: { connections: params.connections, depth: params.depth },
        rounds: freshTally.runs,
        notes: [
          `${params.connections} accounts signed up after the start-up, untimed, one session each, the same token again and again on its connection`,
        ],
      }),
      rowFromLoad(oldTally.result(), {
        id: 'authorize-old-sessions',
        name: `Authorize, old sessions, on a history of ${count(manifest.events)} events (${setting})`,
        peakRssMb: authorizeRss,
        rssOf: 'server',
        referenceId: 'authorize-fresh-sessions',
        concurrency: { connections: params.connections, depth: params.depth },
        rounds: oldTally.runs,
        notes: [
          `each request the next of ${count(manifest.oldTokens.length)} active sessions written in the history (one per account, in log order), so each is asked for first without warm-up; ${count(cursor)} requests in all, ${cursor > manifest.oldTokens.length ? `past the last session ${Math.floor(cursor / manifest.oldTokens.length)} time(s), so later ones were asked for before` : 'no session asked for twice'}; each round between two fresh-session rounds`,
        ],
      }),
      rowFromLoad(sessionsTally.result(), {
        id: 'get-sessions',
        name: `GetSessions, 3 active sessions, on a history of ${count(manifest.events)} events (${setting})`,
        peakRssMb: authorizeRss,
        rssOf: 'server',
        referenceId: 'authorize-fresh-sessions',
        concurrency: { connections: params.connections, depth: params.depth },
        rounds: sessionsTally.runs,
        notes: [
          'an account of the history with three active sessions; each connection signed in to one of them with auth.authorize first, untimed, then auth.getSessions again and again; reference: Authorize on fresh sessions, the other per-connection read, in rounds next to it',
        ],
      }),
    ];

    // SignIn on the account with 10,000 past sessions against a fresh account: F H F H … F,
    // one connection (a person signing in), then several at once on the same account.
    // The first sign-in of each account reads it from the log: timed apart, untimed for the rows.
    const firstHeavyMs = await timedSignIn(url, manifest.heavyEmail, manifest.password);
    const firstFreshMs = await timedSignIn(url, freshSignIn.email, freshSignIn.password);
    for (const connections of [1, params.signInConnections]) {
      server.resetPeakRss();
      const freshAccount = new LoadTally();
      const heavyAccount = new LoadTally();
      const signIn = (email: string, password: string, tally: LoadTally) =>
        runLoad(
          {
            url,
            connections,
            depth: 1,
            warmupMs: params.warmupMs,
            durationMs: params.signInRoundMs,
            replies: 'server',
            request: () => ({ authSignIn: { email, password } }),
          },
          tally,
        );
      await signIn(freshSignIn.email, freshSignIn.password, freshAccount);
      for (let round = 0; round < params.rounds; round++) {
        await signIn(manifest.heavyEmail, manifest.password, heavyAccount);
        await signIn(freshSignIn.email, freshSignIn.password, freshAccount);
      }
      const signInRss = server.peakRssMb();
      const one = connections === 1;
      const suffix = one ? '' : '-concurrent';
      const setting = one ? '1 connection' : `${connections} connections, one account`;
      rows.push(
        rowFromLoad(freshAccount.result(), {
          id: `sign-in-fresh-account${suffix}`,
          name: `SignIn, fresh account, on a history (${setting})`,
          peakRssMb: signInRss,
          rssOf: 'server',
          concurrency: { connections, depth: 1 },
          rounds: freshAccount.runs,
          notes: [
            `one account signed up after the start-up, untimed; ${one ? 'one connection signs in to it' : 'every connection signs in to it at once'}, each sign-in a new session (so it gains active sessions as the rounds go, as the other account does); its first sign-in, untimed for the rows: ${ms(firstFreshMs)} ms`,
          ],
        }),
        rowFromLoad(heavyAccount.result(), {
          id: `sign-in-past-sessions${suffix}`,
          name: `SignIn, account with ${count(HEAVY_PAST_SESSIONS)} past sessions (${setting})`,
          peakRssMb: signInRss,
          rssOf: 'server',
          referenceId: `sign-in-fresh-account${suffix}`,
          concurrency: { connections, depth: 1 },
          rounds: heavyAccount.runs,
          notes: [
            `an account of the history that signed in ${count(HEAVY_PAST_SESSIONS)} times, each session revoked at once, early in the log; its first sign-in after the start-up, untimed for the rows: ${ms(firstHeavyMs)} ms; each round between two rounds on the fresh account, on the same server${one ? '' : '; sign-ins at once on one account conflict on its stream, and a conflict reads the stream again'}`,
          ],
        }),
      );
    }

    // Password SignUp against raw argon2id hashing in this process: R U R U … R.
    server.resetPeakRss();
    const signUps = new LoadTally();
    let next = 0;
    const run = Math.random().toString(36).slice(2, 8);
    for (let round = 0; round < params.rounds; round++) {
      await signUpReference.runSlice(params.warmupMs, params.referenceSliceMs);
      await runLoad(
        {
          url,
          connections: params.signUpConnections,
          depth: 1,
          warmupMs: params.warmupMs,
          durationMs: params.signInRoundMs,
          replies: 'server',
          perRequest: true,
          request: () => {
            const i = next++;
            const email = `history-sign-up-${run}-${i}@example.org`;
            return {
              authSignUp: { name: `Sign-up ${i}`, email, password: `Sign-up-password-${i}` },
            };
          },
        },
        signUps,
      );
    }
    await signUpReference.runSlice(params.warmupMs, params.referenceSliceMs);
    rows.push(
      signUpReference.row(),
      rowFromLoad(signUps.result(), {
        id: 'sign-up',
        name: `Password SignUp end to end (${params.signUpConnections} connections)`,
        peakRssMb: server.peakRssMb(),
        rssOf: 'server',
        referenceId: 'argon2-hash-reference',
        concurrency: { connections: params.signUpConnections, depth: 1 },
        rounds: signUps.runs,
        notes: [
          `each request a new account with an address and a password of its own (argon2id hash, email and optional username reservations, the account stream, the first session, the verification mail handed to the in-process mailer), on the server with the history of ${count(manifest.events)} events; each round between two reference slices`,
        ],
      }),
    );
    return rows;
  } finally {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
