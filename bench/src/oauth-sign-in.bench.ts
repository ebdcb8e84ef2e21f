import { cpuNote, medianOfRounds } from './http-authorize.bench';
import { tokensOfAnswer } from './gateway-client';
import { runHttpLoad, type HttpLoadResult, type HttpRequestSpec } from './http-load';
import { LocalJwks } from './local-jwks';
import { rowFromLoad } from './osmium-load';
import type { CaseOutput } from './rows';
import { startAuthService, startHttpReferenceServer, type ServerProcess } from './server-process';
import { ms } from './format';

export interface OAuthSignInParams {
  /** Keep-alive connections, one request in flight on each; one Google account per connection. */
  connections: number;
  warmupMs: number;
  /** Once, untimed, against each server before the first round. */
  serverWarmupMs: number;
  /** The service and the reference alternate this many times (A B B A …), each for `roundMs`. */
  rounds: number;
  roundMs: number;
  /** Profile mode: the server under --cpu-prof (the rows as usual). */
  cpuProfileDir?: string;
}

const CLIENT_ID = 'bench-web-client';

/**
 * `POST /auth/oauth/google` end to end with a cached JWKS: a stand-in provider in this process
 * publishes one ES256 key (fetched once by the service), each connection signs in again and
 * again with its own account's ID token (a known subject: a new session each time, two appends,
 * an access token signed), against the HTTP stack's ceiling: the same requests answered by a
 * bare node:http server with an envelope of the same shape. Rows are medians of their rounds.
 */
export async function oauthSignInBench(params: OAuthSignInParams): Promise<CaseOutput> {
  const jwks = await LocalJwks.start();
  let server: ServerProcess | null = null;
  let reference: ServerProcess | null = null;
  const serviceRounds: HttpLoadResult[] = [];
  const referenceRounds: HttpLoadResult[] = [];
  let serverPeak: number | null = null;
  let referencePeak: number | null = null;
  let keySetFetches = 0;
  try {
    server = await startAuthService({
      cpuProfileDir: params.cpuProfileDir,
      env: {
        OAUTH_GOOGLE_CLIENT_IDS: CLIENT_ID,
        OAUTH_GOOGLE_ISSUER: jwks.issuer,
        OAUTH_GOOGLE_JWKS_URL: jwks.jwksUrl,
      },
    });
    reference = await startHttpReferenceServer();
    const tokens = await Promise.all(
      Array.from({ length: params.connections }, (_, i) =>
        jwks.sign(CLIENT_ID, {
          sub: `bench-subject-${i}`,
          email: `oauth-bench-${i}@example.com`,
          email_verified: true,
          name: `Bench ${i}`,
        }),
      ),
    );
    const load = (target: ServerProcess, durationMs = params.roundMs) =>
      runHttpLoad({
        baseUrl: target.httpUrl,
        connections: params.connections,
        warmupMs: params.warmupMs,
        durationMs,
        expectStatus: 200,
        request: (index) => signInRequest(tokens[index]),
        checkFirstAnswer: (body) => void tokensOfAnswer(body.toString('utf8')),
        serverPid: target.pid,
      });
    // The first request of each connection opens its account; the JIT settles.
    for (const target of [server, reference]) await load(target, params.serverWarmupMs);
    server.resetPeakRss();
    reference.resetPeakRss();
    for (let round = 0; round < params.rounds; round += 1) {
      const order = round % 2 === 0 ? [server, reference] : [reference, server];
      for (const target of order) {
        const result = await load(target);
        (target === server ? serviceRounds : referenceRounds).push(result);
      }
    }
    serverPeak = server.peakRssMb();
    referencePeak = reference.peakRssMb();
    keySetFetches = jwks.fetches;
  } finally {
    await Promise.all([server?.stop(), reference?.stop()]);
    await jwks.close();
  }

  const concurrency = { connections: params.connections, depth: 1 };
  const setting = `${params.connections} connections`;
  return {
    cpuProfile: server?.cpuProfile(),
    rows: [
      rowFromLoad(medianOfRounds(referenceRounds), {
        id: 'oauth-http-reference',
        name: `HTTP node:http, reference for OAuth sign-in (${setting})`,
        peakRssMb: referencePeak,
        rssOf: 'reference server',
        rounds: referenceRounds.map((r) => r.throughput),
        concurrency,
        notes: [
          'the same POST /auth/oauth/google requests answered with an envelope of the same shape by a bare node:http server',
          `median of ${referenceRounds.length} rounds`,
          cpuNote(referenceRounds),
        ],
      }),
      rowFromLoad(medianOfRounds(serviceRounds), {
        id: 'oauth-sign-in',
        name: `OAuth sign-in, POST /auth/oauth/google, cached JWKS (${setting})`,
        peakRssMb: serverPeak,
        rssOf: 'server',
        referenceId: 'oauth-http-reference',
        rounds: serviceRounds.map((r) => r.throughput),
        concurrency,
        notes: [
          `${params.connections} Google accounts opened by their first sign-in, untimed; then each connection signs its own in again and again (ES256 ID token verified, a new session, token pair issued)`,
          `the key set was fetched ${keySetFetches} time(s) in all`,
          `median of ${serviceRounds.length} rounds; p99 per round: ${serviceRounds
            .map((r) => ms(r.latency.p99Ms))
            .join(' / ')} ms`,
          cpuNote(serviceRounds),
        ],
      }),
    ],
  };
}

function signInRequest(idToken: string): HttpRequestSpec {
  return {
    method: 'POST',
    path: '/auth/oauth/google',
    headers: { 'content-type': 'application/json', 'user-agent': 'tangle-bench' },
    body: JSON.stringify({ idToken }),
  };
}
