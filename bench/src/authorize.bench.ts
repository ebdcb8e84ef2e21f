import { LoadTally, rowFromLoad, runLoad, type LoadResult } from './osmium-load';
import type { CaseOutput, Measured, SweepPoint } from './rows';
import { loginAll } from './gateway-client';
import { startAuthService, startEchoServer, type ServerProcess } from './server-process';
import { signUpAccounts } from './setup-client';

export interface Concurrency {
  connections: number;
  /** Requests in flight per connection. */
  depth: number;
}

export interface AuthorizeParams {
  accounts: number;
  /** Tried briefly; the one with the best throughput is measured (see best()). */
  sweep: Concurrency[];
  probeMs: number;
  warmupMs: number;
  /** Authorize and echo alternate this many times, each for `roundMs`. */
  rounds: number;
  roundMs: number;
  /**
   * The goal's latency bound: when the chosen setting misses it, the fastest with fewer
   * requests in flight that met it in the sweep is measured too.
   */
  p99BudgetMs: number;
  /**
   * Also measure `auth.authorize` with JWT access tokens (from `POST /auth/login` of the same
   * accounts) at the chosen setting, in as many rounds, right after the session-token rounds.
   */
  accessTokens?: boolean;
}

type RunParams = Pick<AuthorizeParams, 'sweep' | 'probeMs' | 'warmupMs' | 'rounds' | 'roundMs'>;

/** Throughputs this close count as equal when choosing a setting. */
const TIE = 0.05;

const inFlight = ({ connections, depth }: Concurrency) => connections * depth;
const describe = ({ connections, depth }: Concurrency) => `${connections} conn × ${depth}`;

/**
 * Authorize end to end (valid tokens, pipelined, closed loop), and the transport's ceiling:
 * the same client against a `ws` echo server. Both servers are up at once and the two loads
 * alternate in rounds (A B B A ...) so drift on the shared machine hits both alike.
 */
export async function authorizeBench(params: AuthorizeParams): Promise<CaseOutput> {
  const server = await startAuthService();
  const echo = await startEchoServer();
  try {
    const accounts = await signUpAccounts(server.url, params.accounts);
    const tokens = accounts.map((a) => a.token);
    const accessTokens = params.accessTokens
      ? (await loginAll(server.httpUrl, accounts)).map((pair) => pair.accessToken)
      : [];
    server.resetPeakRss();
    const runs = new AuthorizeRuns(server, echo, tokens, params);

    const sweep = await runs.sweep();
    const fastest = best(sweep, () => true) ?? params.sweep[0];
    const rows = await runs.measure(fastest, '');

    const main = rows.find((row) => row.id === 'authorize')!;
    if (accessTokens.length > 0) {
      const jwt = new AuthorizeRuns(server, null, accessTokens, params, JWT_LABEL);
      const [jwtRow] = await jwt.measure(fastest, '');
      jwtRow.referenceId = 'authorize';
      jwtRow.notes.push(
        `${accessTokens.length} access tokens from POST /auth/login of the same accounts; ${params.rounds} rounds right after the session-token rounds, on the same server at the same setting`,
      );
      rows.push(jwtRow);
    }
    // Fewer in flight than the setting that just missed it, whatever its probe said.
    const withinBudget = best(
      sweep,
      (p) => p.p99Ms !== null && p.p99Ms < params.p99BudgetMs && inFlight(p) < inFlight(fastest),
    );
    if ((main.p99Ms ?? Infinity) >= params.p99BudgetMs && withinBudget) {
      rows.push(...(await runs.measure(withinBudget, '-budget')));
    }

    const serverPeak = server.peakRssMb();
    const echoPeak = echo.peakRssMb();
    for (const row of rows) row.peakRssMb = row.rssOf === 'server' ? serverPeak : echoPeak;
    return { rows, sweep };
  } finally {
    await Promise.all([server.stop(), echo.stop()]);
  }
}

export interface AuthorizeProfileParams {
  accounts: number;
  setting: Concurrency;
  warmupMs: number;
  durationMs: number;
  cpuProfileDir: string;
  /** With JWT access tokens (from `POST /auth/login`) instead of session tokens. */
  accessTokens?: boolean;
}

/** One Authorize run with the server under --cpu-prof; its figures are not the results. */
export async function authorizeProfile(params: AuthorizeProfileParams): Promise<CaseOutput> {
  const server = await startAuthService({ cpuProfileDir: params.cpuProfileDir });
  let rows: Measured[];
  let windowUs: [number, number] | undefined;
  try {
    const accounts = await signUpAccounts(server.url, params.accounts);
    const tokens = params.accessTokens
      ? (await loginAll(server.httpUrl, accounts)).map((pair) => pair.accessToken)
      : accounts.map((a) => a.token);
    const label = params.accessTokens ? JWT_LABEL : SESSION_LABEL;
    const runs = new AuthorizeRuns(
      server,
      null,
      tokens,
      {
        sweep: [],
        probeMs: 0,
        warmupMs: params.warmupMs,
        rounds: 1,
        roundMs: params.durationMs,
      },
      label,
    );
    rows = await runs.measure(params.setting, '-profiled');
    windowUs = runs.lastWindowUs;
  } finally {
    await server.stop();
  }
  return { rows, cpuProfile: server.cpuProfile(), profileWindowUs: windowUs };
}

/** What the rows of an AuthorizeRuns are called: session tokens or JWT access tokens. */
interface AuthorizeLabel {
  id: string;
  name: string;
  tokens: string;
}

const SESSION_LABEL: AuthorizeLabel = {
  id: 'authorize',
  name: 'Authorize end to end',
  tokens: 'sessions',
};
const JWT_LABEL: AuthorizeLabel = {
  id: 'authorize-jwt',
  name: 'Authorize with a JWT access token',
  tokens: 'access tokens',
};

class AuthorizeRuns {
  /** Where the last measure() had Authorize under load, in µs of the monotonic clock. */
  lastWindowUs: [number, number] | undefined;

  constructor(
    private readonly server: ServerProcess,
    private readonly echo: ServerProcess | null,
    private readonly tokens: string[],
    private readonly params: RunParams,
    private readonly label: AuthorizeLabel = SESSION_LABEL,
  ) {}

  async sweep(): Promise<SweepPoint[]> {
    const points: SweepPoint[] = [];
    for (const setting of this.params.sweep) {
      const result = await this.load(this.server, setting, this.params.probeMs);
      points.push({
        ...setting,
        throughput: result.throughput,
        p50Ms: result.latency.p50Ms,
        p99Ms: result.latency.p99Ms,
        errors: result.errors,
      });
    }
    return points;
  }

  /** Authorize (and, unless profiling, the echo reference) at one setting, in alternating rounds. */
  async measure(setting: Concurrency, suffix: string): Promise<Measured[]> {
    const authorize = new LoadTally();
    const echo = new LoadTally();
    for (let round = 0; round < this.params.rounds; round += 1) {
      const order = round % 2 === 0 ? ['authorize', 'echo'] : ['echo', 'authorize'];
      for (const which of order) {
        if (which === 'authorize') {
          await this.load(this.server, setting, this.params.roundMs, authorize);
        } else if (this.echo) {
          await this.load(this.echo, setting, this.params.roundMs, echo, 'echo');
        }
      }
    }
    const windows = authorize.windowsUs;
    this.lastWindowUs = [windows[0][0], windows[windows.length - 1][1]];
    const concurrency = { ...setting };
    const rows = [
      rowFromLoad(authorize.result(), {
        concurrency,
        id: `${this.label.id}${suffix}`,
        name: `${this.label.name} (${describe(setting)})`,
        peakRssMb: null,
        rssOf: 'server',
        referenceId: this.echo ? `echo-reference${suffix}` : undefined,
        rounds: authorize.runs,
        notes: [`${this.tokens.length} ${this.label.tokens}`],
      }),
    ];
    if (this.echo) {
      rows.unshift(
        rowFromLoad(echo.result(), {
          concurrency,
          id: `echo-reference${suffix}`,
          name: `WebSocket echo, reference (${describe(setting)})`,
          peakRssMb: null,
          rssOf: 'echo server',
          rounds: echo.runs,
          notes: ['the same Authorize frames, echoed by a bare ws server'],
        }),
      );
    }
    return rows;
  }

  private load(
    target: ServerProcess,
    { connections, depth }: Concurrency,
    durationMs: number,
    tally?: LoadTally,
    replies: 'server' | 'echo' = 'server',
  ): Promise<LoadResult> {
    return runLoad(
      {
        url: target.url,
        connections,
        depth,
        warmupMs: this.params.warmupMs,
        durationMs,
        replies,
        request: (index) => ({ authAuthorize: { token: this.tokens[index % this.tokens.length] } }),
      },
      tally,
    );
  }
}

/**
 * The eligible point with the best throughput; a point with fewer requests in flight wins when
 * it is within `TIE` of that, as such differences are the machine's noise and fewer in flight
 * means lower latency.
 */
function best(points: SweepPoint[], eligible: (point: SweepPoint) => boolean): Concurrency | null {
  const candidates = points.filter((point) => point.errors === 0 && eligible(point));
  if (candidates.length === 0) return null;
  const top = Math.max(...candidates.map((point) => point.throughput));
  const chosen = candidates
    .filter((point) => point.throughput >= top * (1 - TIE))
    .sort((a, b) => inFlight(a) - inFlight(b))[0];
  return { connections: chosen.connections, depth: chosen.depth };
}
