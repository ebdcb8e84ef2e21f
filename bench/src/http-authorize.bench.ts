import { ms } from './format';
import { loginAll, tokensOfAnswer } from './gateway-client';
import { runHttpLoad, type HttpLoadResult, type HttpRequestSpec } from './http-load';
import { LoadTally, rowFromLoad, type LoadResult } from './osmium-load';
import type { CaseOutput, Measured } from './rows';
import { startAuthService, startHttpReferenceServer, type ServerProcess } from './server-process';
import { signUpAccounts } from './setup-client';
import { median } from './stats';

export interface HttpAuthorizeParams {
  accounts: number;
  /** Keep-alive connections, one request in flight on each. */
  connections: number;
  /** Before each round. */
  warmupMs: number;
  /** Once, untimed, against each server before the first round: the JIT settles. */
  serverWarmupMs: number;
  /** The service and the reference alternate this many times (A B B A …), each for `roundMs`. */
  rounds: number;
  roundMs: number;
  /**
   * Also `POST /auth/refresh` in every round, after or before the other two (A B C, C B A, …):
   * each connection spends its own session's refresh tokens one after another.
   */
  refresh?: boolean;
  /** Profile mode: one round against the service under --cpu-prof, no reference. */
  cpuProfileDir?: string;
}

/**
 * `GET /v1/auth/authorize` with a bearer token (a gateway's check) over HTTP/1.1 keep-alive (valid tokens, closed loop, no pipelining)
 * against the built server, and the HTTP stack's ceiling: the same client and requests against
 * a bare node:http server answering the same JSON. Each row is the median of its rounds.
 */
export async function httpAuthorizeBench(params: HttpAuthorizeParams): Promise<CaseOutput> {
  const profiling = params.cpuProfileDir !== undefined;
  const server = await startAuthService({ cpuProfileDir: params.cpuProfileDir });
  const reference = profiling ? null : await startHttpReferenceServer();
  const serviceRounds: HttpLoadResult[] = [];
  const referenceRounds: HttpLoadResult[] = [];
  const refreshRounds: HttpLoadResult[] = [];
  let serverPeak: number | null = null;
  let referencePeak: number | null = null;
  try {
    const accounts = await signUpAccounts(server.url, params.accounts);
    const tokens = accounts.map((a) => a.token);
    const refresh = params.refresh && !profiling;
    // One session per connection: each spends the refresh token its last answer gave it.
    const chains = refresh
      ? (
          await loginAll(
            server.httpUrl,
            Array.from({ length: params.connections }, (_, i) => accounts[i % accounts.length]),
          )
        ).map((pair) => pair.refreshToken)
      : [];
    const refreshLoad = () =>
      runHttpLoad({
        baseUrl: server.httpUrl,
        connections: params.connections,
        warmupMs: params.warmupMs,
        durationMs: params.roundMs,
        expectStatus: 200,
        request: (index) => refreshRequest(chains[index]),
        follow: (index, body) => {
          chains[index] = tokensOfAnswer(body.toString('utf8')).refreshToken;
          return refreshRequest(chains[index]);
        },
        checkFirstAnswer: (body) => void tokensOfAnswer(body.toString('utf8')),
        serverPid: server.pid,
      });
    const load = (target: ServerProcess, durationMs = params.roundMs) =>
      runHttpLoad({
        baseUrl: target.httpUrl,
        connections: params.connections,
        warmupMs: params.warmupMs,
        durationMs,
        expectStatus: 200,
        request: (index) => authorizeRequest(tokens[index % tokens.length]),
        checkFirstAnswer: (body) => checkAuthorization(body, tokens),
        serverPid: target.pid,
      });
    for (const target of [server, reference]) {
      if (target) await load(target, params.serverWarmupMs);
    }
    server.resetPeakRss();
    reference?.resetPeakRss();
    for (let round = 0; round < (profiling ? 1 : params.rounds); round += 1) {
      const order = round % 2 === 0 ? [server, reference] : [reference, server];
      if (refresh && round % 2 === 1) refreshRounds.push(await refreshLoad());
      for (const target of order) {
        if (target === null) continue;
        const result = await load(target);
        (target === server ? serviceRounds : referenceRounds).push(result);
      }
      if (refresh && round % 2 === 0) refreshRounds.push(await refreshLoad());
    }
    serverPeak = server.peakRssMb();
    referencePeak = reference?.peakRssMb() ?? null;
  } finally {
    await Promise.all([server.stop(), reference?.stop()]);
  }

  const setting = `${params.connections} connections`;
  const concurrency = { connections: params.connections, depth: 1 };
  const rows: Measured[] = [
    rowFromLoad(medianOfRounds(serviceRounds), {
      id: profiling ? 'http-authorize-profiled' : 'http-authorize',
      name: `HTTP authorize end to end (${setting})`,
      peakRssMb: serverPeak,
      rssOf: 'server',
      referenceId: reference ? 'http-reference' : undefined,
      rounds: serviceRounds.map((r) => r.throughput),
      concurrency,
      notes: [
        `${params.accounts} sessions; median of ${serviceRounds.length} rounds`,
        `p99 per round: ${serviceRounds.map((r) => ms(r.latency.p99Ms)).join(' / ')} ms`,
        cpuNote(serviceRounds),
      ],
    }),
  ];
  if (reference) {
    rows.unshift(
      rowFromLoad(medianOfRounds(referenceRounds), {
        id: 'http-reference',
        name: `HTTP node:http, reference (${setting})`,
        peakRssMb: referencePeak,
        rssOf: 'reference server',
        rounds: referenceRounds.map((r) => r.throughput),
        concurrency,
        notes: [
          'the same requests answered with the same JSON by a bare node:http server',
          `median of ${referenceRounds.length} rounds`,
          cpuNote(referenceRounds),
        ],
      }),
    );
  }
  if (refreshRounds.length > 0) {
    rows.push(
      rowFromLoad(medianOfRounds(refreshRounds), {
        id: 'refresh',
        name: `HTTP refresh, POST /auth/refresh (${setting})`,
        peakRssMb: serverPeak,
        rssOf: 'server',
        referenceId: 'http-authorize',
        rounds: refreshRounds.map((r) => r.throughput),
        concurrency,
        notes: [
          `${params.connections} sessions from POST /auth/login, one per connection, each spending the refresh token of its last answer (a rotation per request); median of ${refreshRounds.length} rounds, each next to an HTTP authorize round on the same server`,
          `reference: HTTP authorize (GET /v1/auth/authorize with a bearer), the gateway’s other per-session call`,
          `p99 per round: ${refreshRounds.map((r) => ms(r.latency.p99Ms)).join(' / ')} ms`,
          cpuNote(refreshRounds),
        ],
      }),
    );
  }
  return {
    rows,
    cpuProfile: profiling ? server.cpuProfile() : undefined,
    profileWindowUs: profiling ? serviceRounds[0]?.windowsUs[0] : undefined,
  };
}

function authorizeRequest(token: string): HttpRequestSpec {
  return {
    method: 'GET',
    path: '/v1/auth/authorize',
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'tangle-bench' },
  };
}

function refreshRequest(refreshToken: string): HttpRequestSpec {
  return {
    method: 'POST',
    path: '/auth/refresh',
    headers: { 'content-type': 'application/json', 'user-agent': 'tangle-bench' },
    body: JSON.stringify({ refreshToken }),
  };
}

/** The first answer on each connection must be an Authorization for one of the tokens. */
function checkAuthorization(body: Buffer, tokens: string[]): void {
  const answer = JSON.parse(body.toString('utf8')) as { token?: unknown; sessionId?: unknown };
  if (typeof answer.token !== 'string' || !tokens.includes(answer.token)) {
    throw new Error(`not an Authorization for a bench token: ${body.toString('utf8', 0, 200)}`);
  }
}

/**
 * CPU time (user + system) per answer of the server (from /proc) and of the load generator,
 * the median of the rounds.
 */
export function cpuNote(rounds: HttpLoadResult[]): string {
  const of = (pick: (r: HttpLoadResult) => number | null) => {
    const values = rounds.map(pick).filter((us): us is number => us !== null);
    return values.length === 0 ? '–' : `${Math.round(median(values))} µs`;
  };
  return (
    `CPU per answer: ${of((r) => r.serverCpuUsPerAnswer)} in the server, ` +
    `${of((r) => r.clientCpuUsPerAnswer)} in the load generator`
  );
}

/**
 * One result standing for several rounds: the median of their throughputs, p50s and p99s
 * (each round's own percentiles), the sum of their errors and dropped connections.
 */
export function medianOfRounds(rounds: LoadResult[]): LoadResult {
  const tally = new LoadTally();
  const combined = tally.result();
  const of = (pick: (r: LoadResult) => number | null) => {
    const values = rounds.map(pick).filter((v): v is number => v !== null);
    return values.length > 0 ? median(values) : null;
  };
  const errorCodes: Record<string, number> = {};
  for (const round of rounds) {
    for (const [code, count] of Object.entries(round.errorCodes)) {
      errorCodes[code] = (errorCodes[code] ?? 0) + count;
    }
  }
  return {
    ...combined,
    completed: rounds.reduce((sum, r) => sum + r.completed, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    errorCodes,
    seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
    throughput: of((r) => r.throughput) ?? 0,
    latency: {
      samples: rounds.reduce((sum, r) => sum + r.latency.samples, 0),
      p50Ms: of((r) => r.latency.p50Ms),
      p99Ms: of((r) => r.latency.p99Ms),
      maxMs: of((r) => r.latency.maxMs),
    },
    droppedConnections: rounds.reduce((sum, r) => sum + r.droppedConnections, 0),
    windowsUs: rounds.flatMap((r) => r.windowsUs),
  };
}
