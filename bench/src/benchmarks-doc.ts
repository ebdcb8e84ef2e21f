import { count, ms, percent, rate } from './format';
import { TABLE_HEADER, tableCells } from './report';
import {
  PAST_SESSIONS_SIGN_IN_MIN_RATIO,
  REVOCATION_TARGET_P99_MS,
  SIGN_IN_MIN_RATIO,
  STARTUP_GOAL_EVENTS,
  STARTUP_MAX_MS,
  STARTUP_MAX_RSS_RATIO,
} from './goals';
import { HEAVY_PAST_SESSIONS, HISTORY_FORMAT, HISTORY_WRITERS } from './history-data';
import { PLAN } from './plan';
import type { BenchResults, ProfileResult } from './results';

const seconds = (ms: number) => `${ms / 1000} s`;
const escape = (text: string) => text.replace(/\|/g, '\\|');

function table(header: string[], lines: string[][], numeric: number[] = []): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (numeric.includes(i) ? '---:' : '---')).join(' | ')} |`,
    ...lines.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
  ];
}

/** docs/benchmarks.md, regenerated in full by every `npm run bench`. */
export function renderBenchmarksDoc(results: BenchResults): string {
  const { machine, plan } = results;
  const mail = plan.mail;
  const steadySignUps = Math.round((mail.steadyPerSecond * mail.steadyMs) / 1000);
  const revocation = plan.revocation;
  const byId = (id: string) => results.rows.find((row) => row.id === id);
  const authorize = byId('authorize');
  const budget = byId('authorize-budget');
  const runs = results.runs;

  return [
    '# Benchmarks',
    '',
    '`npm run bench` builds the service, runs every benchmark below (about five minutes),',
    'prints the table, saves `bench/results/latest.json` and rewrites this file;',
    '`npm run bench -- --runs=3` runs them all three times, saves each run to',
    '`bench/results/run-<i>.json` and reports, per row, the median of the runs. The figures below',
    'are those of the latest invocation; to change the text, edit `bench/src/benchmarks-doc.ts`.',
    '`npm run bench -- --only=history,sign-in` runs just the cases named (`sign-in`, `authorize`,',
    '`http-authorize`, `oauth-sign-in`, `access-token-verify`, `passkey-verify`, `rate-limits`,',
    '`sqlite-append`, `projection-replay`, `mail`, `revocation`, `invites`, `history`) and puts',
    'their rows in place of the same rows of `bench/results/latest.json`, every other row kept as',
    'it was (the rows so replaced are listed under the run’s date below);',
    '`--history-events=<n>` sets the size of the large history (default',
    `${count(PLAN.history.events)}; \`--history-events=100000\` makes a quick check).`,
    '',
    ...(runs ? [`## Latest runs: medians of ${runs.length}`] : ['## Latest run']),
    '',
    `- Date: ${results.date}${runs ? ` (runs started ${runs.map((run) => run.date).join(', ')})` : ''}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os}; shared with other work while the bench ran, so absolute figures move from run to run (see Method)`,
    `- Node.js ${machine.node}; temporary files (SQLite, server data) on ${machine.tmpFilesystem}`,
    runs
      ? `- Wall time (build excluded): ${Math.round(results.wallSeconds)} s in all; per run ${runs.map((run) => Math.round(run.wallSeconds)).join(' / ')} s`
      : `- Wall time of the run (build excluded): ${Math.round(results.wallSeconds)} s`,
    ...(results.merged ?? []).map(
      (merge) =>
        `- Measured later with \`--only=${merge.cases.join(',')}\` (${merge.date}, ${merge.runs === 1 ? 'one run' : `medians of ${merge.runs} runs`}, ${Math.round(merge.wallSeconds)} s), in place of the earlier figures: ${merge.rowIds.map((id) => `\`${id}\``).join(', ')}`,
    ),
    '',
    ...(runs
      ? [
          `Every figure in the table is the median of the ${runs.length} runs (${runs.map((run) => `\`${run.file}\``).join(', ')}): throughput, p50, p99 and peak RSS each on its own, the ratio as the median of the runs’ ratios (each run’s against its own reference), errors summed. A goal is met only when those medians meet it; each run’s figures are in the notes.`,
          '',
        ]
      : []),
    ...table(
      TABLE_HEADER,
      results.rows.map((row) => tableCells(row, results.rows)),
      [1, 2, 3, 4],
    ),
    '',
    'Throughput is per second over the measured windows. A ratio compares a row with its reference,',
    'both measured in the same run: where they ran in alternating rounds it is the median of the',
    'per-round ratios (each round against the reference slices next to it), otherwise throughput',
    'divided by throughput; for the revocation push, a latency, it is p50 divided by the p50 of the',
    'reference round trip, and for a start-up the time to its first answer divided by the empty',
    'start-up’s (a start-up’s “throughput” is one over that time). Peak RSS is the VmHWM of the',
    'process named.',
    '',
    ...results.rows.flatMap((row) => {
      const notes = [...row.notes];
      if (row.rounds && row.rounds.length > 1) {
        notes.push(`per round: ${row.rounds.map(rate).join(' / ')} ${row.unit}`);
      }
      if (row.ratioMethod === 'paired') notes.push('ratio: median of the per-round ratios');
      return notes.length > 0 ? [`- ${row.name}: ${notes.join('; ')}.`] : [];
    }),
    ...(authorize ? ['', ...authorizeNotes(results, authorize.name, budget?.name)] : []),
    '',
    '## Where the time goes',
    '',
    ...(results.profile ? profileSection(results.profile) : ['Not profiled in this run.']),
    '',
    '## Method',
    '',
    'The machine is shared and has two cores, so absolute figures move by tens of percent from',
    'one run to the next. Every row therefore has a reference measured in the same run, and',
    'reference and measurement are interleaved so that drift hits both: argon2id reference slices',
    'alternate with SignIn rounds, Authorize and the echo reference alternate in rounds (A B B A),',
    'so do HTTP authorize, its node:http reference and refresh, HTTP sign-in rounds follow SignIn',
    'rounds between the same argon2id slices, access-token verification alternates with the bare',
    'Ed25519 check and the rate-limit check with the same loop with limits off,',
    'the raw SQLite reference runs first and last, readAll and replay alternate, the mail',
    'burst is compared with the sign-ups of the same burst, and every revocation follows a',
    'reference round trip on the same connection. Compare ratios across runs, not absolute',
    'throughput.',
    '',
    '`bench/src/run.ts` forks every case into a fresh Node.js process (its own heap, JIT state and',
    'peak RSS) and waits. End-to-end cases start the built server as a child process',
    '(`node dist/apps/auth-service/src/main.js` with `PORT` free, `HOST=127.0.0.1`, a fresh',
    '`DATA_DIR` (the history case: a copy of a built history), `LOG_LEVEL=warn`, `RATE_LIMITS=off` and `WS_MAX_CONNECTIONS_PER_ADDRESS=10000`',
    '(every load comes from one address), every',
    'other setting at its default: SQLite with synchronous FULL,',
    'embedded projections, argon2id at m=19456 KiB, t=2, p=1). The load generator is the case',
    'process itself, a separate process from the server, so on two cores server and client each',
    'get about one; nothing else runs in the bench while a load is on. The client uses `ws` and the',
    'generated protobuf code (`core.ClientMessage.encode`, `core.ServerMessage.decode`); every',
    'connection sends `core.Initialize` first. Loads are closed loops: each reply sends the next',
    'request on its connection. Completions are counted by arrival within the measured window',
    '(after a warm-up); latency is send to decoded reply of each request. Traffic is to',
    '127.0.0.1 only. The HTTP rows use a load generator of their own on `node:net`',
    '(`bench/src/http-load.ts`): keep-alive HTTP/1.1 connections, one request in flight on each',
    '(no pipelining), each request encoded once and written in one call, answers framed by',
    '`Content-Length`; Node’s `http` client costs about 130 µs of CPU per request here, which on the',
    'one core a client gets would cap the load below the rate to measure.',
    '',
    'Peak RSS is read from `/proc/<pid>/status` (VmHWM) and reset through `/proc/<pid>/clear_refs`',
    'after the untimed setup, so it covers the measured phase: the server’s for end-to-end rows',
    '(the echo or reference server’s for the echo and node:http references), the bench process’s (after a forced GC) otherwise.',
    '',
    `1. **argon2id reference**: raw \`argon2.verify\` of an OWASP-parameter hash, ${plan.signIn.connections} verifications in flight (libuv’s default 4 threads stay busy), in ${plan.signIn.rounds + 1} slices of ${seconds(plan.signIn.referenceSliceMs)} before, between and after SignIn’s rounds, in the client process while the server has no load; warm-up and counting as for SignIn.`,
    `2. **SignIn end to end**: ${plan.signIn.connections} accounts signed up first (untimed), then ${plan.signIn.connections} connections each signing in to its own account, one request at a time, ${plan.signIn.rounds} rounds of ${seconds(plan.signIn.roundMs)}, each after ${seconds(plan.signIn.warmupMs)} of warm-up. Every SignIn verifies the password and starts a session (one appended event). Goal: at least ${SIGN_IN_MIN_RATIO} × the argon2id reference.`,
    `3. **HTTP sign-in**: ${plan.signIn.connections} accounts registered with \`POST /auth/register\` (email, password, first and last name; untimed) on the same server; ${plan.signIn.connections} keep-alive HTTP connections each send \`POST /auth/login\` with its account’s email and password, one request at a time, and every answer must be 200 with \`{ success, data: { tokens } }\` (checked on each connection’s first). A round of ${seconds(plan.signIn.roundMs)} (after ${seconds(plan.signIn.warmupMs)} of warm-up) follows each SignIn round, so the rounds go R S H R S H … R and each HTTP round is compared with the reference slices either side, like SignIn. Goal: at least 0.85 × the argon2id reference.${
      plan.signIn.totpAccountsPerConnection
        ? ` **SignIn with TOTP**: ${count(plan.signIn.connections * plan.signIn.totpAccountsPerConnection)} accounts with two-factor sign-in on, signed up and set up first (untimed); ${plan.signIn.connections} WebSocket connections each send \`auth.signIn\` with email, password and the TOTP code of the next time step, cycling through ${plan.signIn.totpAccountsPerConnection} accounts of their own (a code counts once, so an account comes back only after the clock passed the step it spent; the note counts sign-ins that found none ready). A round of ${seconds(plan.signIn.roundMs)} follows each HTTP round (R S H T R S H T … R). Reference: the password-only SignIn of the same run, round against round: the price of the second factor. No goal given.`
        : ''
    }`,
    `4. **Authorize end to end**: ${plan.authorize.accounts} accounts signed up (untimed); each connection sends \`auth.authorize\` with one of their tokens, ${plan.authorize.sweep[0].depth} requests in flight per connection. A sweep over ${plan.authorize.sweep.map((s) => s.connections).join(', ')} connections (${seconds(plan.authorize.probeMs)} each) picks the setting with the best throughput (the one with fewer requests in flight when within 5 % of the best: closer than that is noise here); that setting is measured for ${plan.authorize.rounds} rounds of ${seconds(plan.authorize.roundMs)}, alternating with the **WebSocket echo reference**: the same client and frames against a bare \`ws\` server (own process) that sends each frame back, the transport’s own ceiling. If that setting’s p99 comes out at ${plan.authorize.p99BudgetMs} ms or more, the fastest setting with fewer requests in flight whose probe stayed under ${plan.authorize.p99BudgetMs} ms is measured the same way. Goal: 20,000/s with p99 under 5 ms.`,
    `5. **Authorize with a JWT access token**: the same ${plan.authorize.accounts} accounts each log in once more with \`POST /auth/login\` (untimed); \`auth.authorize\` then carries those access tokens instead of session tokens, at the setting Authorize was measured at, for ${plan.authorize.rounds} rounds of ${seconds(plan.authorize.roundMs)} right after Authorize’s rounds on the same server. Reference: the Authorize row of the same run (round i against Authorize’s round i). No goal given.`,
    `6. **HTTP authorize end to end**: ${plan.httpAuthorize.accounts} accounts signed up over the WebSocket (untimed); ${plan.httpAuthorize.connections} keep-alive connections each send \`POST /v1/auth/authorize\` with a JSON body holding one of their tokens, one request at a time; the first answer on each connection (untimed) must be an Authorization for that token, and any answer but 200 counts as an error. After ${seconds(plan.httpAuthorize.serverWarmupMs)} of untimed load on each server, ${plan.httpAuthorize.rounds} rounds of ${seconds(plan.httpAuthorize.roundMs)} (each after ${seconds(plan.httpAuthorize.warmupMs)} of warm-up) alternate with the **node:http reference**: the same client and requests against a bare \`node:http\` server (own process) that reads and parses the body and answers the same JSON with the same headers, the HTTP stack’s own ceiling. Each row shows the median of its rounds’ throughputs, p50s and p99s (each round’s own percentiles), and in its notes the CPU time (user + system) per answer of the server, read from \`/proc/<pid>/stat\` around each measured window, and of the load generator: figures that a busy machine moves far less than throughput. Goal: 10,000/s with p99 under 10 ms.`,
    `7. **Refresh**: ${plan.httpAuthorize.connections} sessions opened with \`POST /auth/login\` (untimed), one per connection; each connection sends \`POST /auth/refresh\` with its session’s refresh token and the next with the \`data.tokens.refreshToken\` of the answer (each refresh rotates the token, so a chain cannot be shared), one at a time. A round of ${seconds(plan.httpAuthorize.roundMs)} next to each HTTP authorize round (A B C, C B A …), on the same server. Reference: HTTP authorize (\`GET /v1/auth/authorize\` with a bearer), the gateway’s other per-session call, round against round. No goal given.`,
    `8. **Access-token verification**: \`AccessTokens.verify\` (header checks, jose \`jwtVerify\` with WebCrypto Ed25519, claim checks) of one token issued by a started key ring on in-memory SQLite, awaited one at a time in the bench process, ${plan.accessTokenVerify.rounds} rounds of ${seconds(plan.accessTokenVerify.roundMs)} alternating with the **Ed25519 reference**: node:crypto’s synchronous \`verify\` of the same token’s signature and nothing else (R V R … R). No goal given.`,
    `9. **Passkey authentication verification**: \`WebAuthnVerifier.verifyAuthentication\` (\`SimpleWebAuthnVerifier\`: @simplewebauthn/server’s \`verifyAuthenticationResponse\` with user verification required: client data type, challenge and origin, RP id hash, flags, counter, the COSE key decoded and the ES256 signature checked) of one assertion by a software P-256 authenticator whose passkey the same verifier registered first (untimed), awaited one at a time in the bench process, ${plan.passkeyVerify.rounds} rounds of ${seconds(plan.passkeyVerify.roundMs)} alternating with the **ECDSA P-256 reference**: node:crypto’s synchronous \`verify\` of the same signature over the same bytes and nothing else (R V R … R). A passkey sign-in adds to this a stream read, an append and the session start. No goal given.`,
    `10. **Rate-limit check**: \`RateLimits.enforce('sign-in', { address, account })\` (\`@tangle/application\` over \`SqliteRateLimitStore\` from \`@tangle/limits\`, a file of its own opened as the server opens it: WAL, synchronous NORMAL), awaited one at a time in the bench process over ${count(plan.rateLimits.subjects)} addresses and as many accounts (each key hit once first, untimed), both limits at 1,000,000 per hour so that none refuses: two UPSERTs per call, the allowed path every door takes. ${plan.rateLimits.rounds} rounds of ${seconds(plan.rateLimits.roundMs)} alternating with the reference, the same loop with \`enabled: false\` (\`RATE_LIMITS=off\`: nothing is asked of the store). The note states the cost per limited call in µs. No goal given.`,
    `11. **SQLite appends through the port**: \`SqliteEventStore\` with synchronous FULL, a fresh file per row, every event a session.started payload with full metadata (built inside the timed loop): (a) one single-event append at a time, awaited, ${seconds(plan.sqliteAppend.sequentialMs)}; (b) ${plan.sqliteAppend.inFlight.toLocaleString('en-US')} single-event appends in flight (the adapter group-commits per event-loop turn), ${seconds(plan.sqliteAppend.concurrentMs)}; (c) ${plan.sqliteAppend.batchSize}-event appends, one call at a time, ${seconds(plan.sqliteAppend.batchMs)}. Reference: raw better-sqlite3 inserts of the same rows into the same schema (WAL, FULL), ${plan.sqliteAppend.rowsPerTransaction.toLocaleString('en-US')} rows per transaction, ${seconds(plan.sqliteAppend.referenceSliceMs)} first and last. Goal for (b) and (c): 50,000 events/s. Row (a) is bound by one commit, so one fsync, per append: its p50 is about the disk’s fsync latency.`,
    `12. **Sessions projection replay**: ${(plan.projectionReplay.sessions * plan.projectionReplay.eventsPerSession).toLocaleString('en-US')} events (${plan.projectionReplay.sessions.toLocaleString('en-US')} sessions of ${plan.projectionReplay.users.toLocaleString('en-US')} users, each started, seen ${plan.projectionReplay.eventsPerSession - 2} times and revoked, interleaved across sessions) written once into a \`SqliteEventStore\`, then \`ProjectionRunner.replay()\` into a fresh \`SqliteReadModelStore\` (pages and batches of ${plan.projectionReplay.batchSize}), timed whole, reading included, ${plan.projectionReplay.repeats} times. Reference: \`readAll\` of the same log in the same page size. Goal: 50,000 events/s.`,
    `13. **Sign-up → mail accepted by SMTP**: the server with \`SMTP_URL\` pointing at an SMTP sink in the bench process (\`smtp-server\`, no auth, no STARTTLS; it notes when the mail of each envelope recipient was accepted, at the end of DATA, on the bench process’s clock, and parses nothing else) and \`PUBLIC_BASE_URL\` naming its own port; every other setting as above. Sign-ups are passwordless, each with an address of its own, so argon2id plays no part: each appends \`account.email-verification-requested\`, which the relay inside the server hands to the in-process mailer, which sends it through nodemailer’s pool. First ${mail.warmupSignUps} sign-ups and their mails, untimed. (a) ${count(steadySignUps)} sign-ups sent open loop at ${mail.steadyPerSecond}/s for ${seconds(mail.steadyMs)} over ${mail.steadyConnections} connections; latency runs from each sign-up’s Authorization reply to the sink accepting its mail. (b) A burst of ${count(mail.burstSignUps)} sign-ups over ${mail.burstConnections} connections, one in flight on each; mails/s is the mails after the first divided by the time from the first to the last, and the reference is the sign-ups acknowledged per second in the same burst, counted the same way. Every mail must arrive within ${seconds(mail.mailTimeoutMs)} of its phase’s last reply, or the run fails. In embedded mode the in-process bus hands the mailer up to 8 users’ mails at once (each user’s in order) and the relay waits for a batch before the next; each mail has two durable commits to the sent-mail log (the claim and the sent mark) around its SMTP exchange. No goal is given for mail; the notes state the targets these rows are held to.`,
    `14. **Revocation → session_deleted push**: ${count(revocation.warmupUsers + revocation.users)} accounts, each signed up with a password and signed in once more (untimed, two argon2id operations each: an account without a password has no way to open a second session over the WebSocket), so that each has two sessions on two connections: A resumes session 1 with \`auth.authorize\`, B holds session 2; a third connection per account is initialized and never signed in. Revocations are sent open loop at ${revocation.perSecond}/s, one account each, the first ${revocation.warmupUsers} untimed: A has a \`core.Initialize\` answered (the reference round trip, on the same connection, just before), then sends \`auth.revokeSessions { session_ids: [session 2] }\`; latency runs from sending the revoke to B decoding \`Update { session_deleted }\`. Then B sends \`auth.getSessions\`, which must be refused \`UNAUTHORIZED\`, and the third connection sends \`auth.authorize\` with session 2’s token, which must be refused \`INVALID_TOKEN\`; the push must come within ${seconds(revocation.pushTimeoutMs)}, and ${seconds(revocation.graceMs)} after the last revocation B must have had exactly one push, for session 2, and A none. Any failure fails the run. The ratio is the push’s p50 over the round trip’s p50: how many plain round trips a revocation’s push costs. One embedded node both revokes and pushes, so the row measures the write-through path (the push leaves when the revoking command folds its own event into the session cache); the delay another node’s push would add, waiting for its $all subscription, is not measured here. No goal is given; the note states the target the row is held to.`,
    `15. **OAuth sign-in with a cached JWKS**: a stand-in identity provider in the bench process publishes one ES256 key; the server is configured with it as Google. ${plan.oauthSignIn.connections} Google accounts are opened by a first \`POST /auth/oauth/google\` each (untimed, with the JIT warm-up); then each of ${plan.oauthSignIn.connections} keep-alive connections signs its own account in again and again with its ID token, one request at a time (verified offline, the key set fetched once in all; a new session each time: two appends and a token pair), every answer 200 with \`data.tokens\`. ${plan.oauthSignIn.rounds} rounds of ${seconds(plan.oauthSignIn.roundMs)} alternate with the **reference**: the same requests answered with an envelope of the same shape by the bare node:http server (A B B A …). No goal given.`,
    historyMethod(plan),
    `17. **Where the time goes**: the path furthest from its goal (closest to missing it when all are met) is run once more for ${seconds(plan.profileMs)} (after all runs, with \`--runs\`, the path furthest by the medians) under the V8 sampling profiler: the server under \`node --cpu-prof\` for end-to-end paths, the measured phase of the bench process otherwise. Self time is summed per function (name and script) and shown against busy (non-idle) time. \`npm run bench -- --no-profile\` skips it; \`--profile=<row id>\` picks the path (\`--profile=mail-throughput\`: the server through one mail burst, from its first sign-up to its last mail; \`--profile=revocation-push\`: the server through the measured revocations).`,
    '',
    '## Goals',
    '',
    `- SignIn: at least ${SIGN_IN_MIN_RATIO} × raw argon2id verification at the same concurrency (the hash is the cost).`,
    `- SignIn on an account with ${count(HEAVY_PAST_SESSIONS)} past sessions: at least ${PAST_SESSIONS_SIGN_IN_MIN_RATIO} × SignIn on a fresh account.`,
    `- Start-up on a log of ${count(STARTUP_GOAL_EVENTS)} events: the first RPC answered within ${STARTUP_MAX_MS / 1000} s of the process starting, with a peak RSS at most ${STARTUP_MAX_RSS_RATIO} × the empty service’s.`,
    '- HTTP sign-in: at least 0.85 × raw argon2id verification at the same concurrency.',
    '- Authorize: at least 20,000 per second with p99 under 5 ms.',
    '- HTTP authorize: at least 10,000 per second with p99 under 10 ms.',
    '- Event store: at least 50,000 events/s for batched appends.',
    '- Sessions projection replay: at least 50,000 events/s.',
    `- Mail: none given. Held to: p99 under 1 s from sign-up reply to mail accepted at a steady ${mail.steadyPerSecond} sign-ups/s, and a sustained mail rate at least that of the argon2id reference, the most password sign-ups per second can reach, so that only passwordless bursts queue mail.`,
    `- Revocation push: none given. Held to: p99 under ${REVOCATION_TARGET_P99_MS} ms from sending the revoke to the revoked session’s connection receiving \`session_deleted\`, at a steady ${revocation.perSecond} revocations/s: far below what a person notices, and room for another node’s $all subscription to deliver the event, which a single embedded node does not exercise.`,
    '',
  ].join('\n');
}

function historyMethod(plan: BenchResults['plan']): string {
  const history = plan.history;
  const sizes = [...new Set([history.smallEvents, history.events])].map(count).join(' and ');
  return `16. **History**: every other case starts the service on an empty data directory; this one runs it on data directories whose logs hold ${sizes} events. Each history is built once through the service’s own code, in process: the auth service’s Nest application (\`createAuthService\`, not listening) on the real SQLite event store, its command bus running \`SignUp\`, \`SignIn\` and \`RevokeSessions\` as the transports do, so the events, their sealed personal data and the reservations are the service’s own; only argon2id is spared, each distinct password hashed and each (hash, password) pair verified once for real and then remembered. Ordinary accounts (${HISTORY_WRITERS} written at once) each sign up and sign in 3 times, every session but the last revoked; after the first 5 % of the log, one account signs in ${count(HEAVY_PAST_SESSIONS)} times, each session revoked at once, and one keeps 3 active sessions; ordinary accounts fill the rest. A built history is kept in \`~/.cache/tangle-auth/bench/history-v${HISTORY_FORMAT}-<events>\` (with \`history.json\`, its manifest: the accounts and tokens the case uses), so later runs do not build it again; each server runs on a copy. (a) **Start-up**: the built service spawned as above on an empty directory and on each history, ${history.startups} times each, interleaved (E S L E S L …); the time from spawning it to its first answered \`core.Initialize\` over a new WebSocket (tried every 10 ms), and its peak RSS ${seconds(history.settleMs)} after that answer. Each row is the median; the ratio is to the empty start-up’s median. Whatever the service does at start-up (reading the log into its caches, or following it from its end) is what is measured. (b) On one server on the large history: **Authorize on old sessions**, each request the next of the active sessions written in the history (one per ordinary account, in log order), against **Authorize on fresh sessions** (${history.connections} accounts signed up after the start-up, each connection its own token), ${history.connections} connections × ${history.depth} in flight, ${history.rounds} rounds of ${seconds(history.roundMs)}, interleaved F O G F O G … F. (c) **GetSessions** on the account with 3 active sessions, each connection signed in to one of them with \`auth.authorize\` first (untimed), in the G rounds; reference: Authorize on fresh sessions. (d) **SignIn on the account with ${count(HEAVY_PAST_SESSIONS)} past sessions** against SignIn on a fresh account (signed up after the start-up; each account’s first sign-in after the start-up timed apart, in the notes), one request at a time on one connection, ${history.rounds} rounds of ${seconds(history.signInRoundMs)}, F H F H … F; then the same with ${history.signInConnections} connections signing in to the one account at once. Goal (one connection): at least ${PAST_SESSIONS_SIGN_IN_MIN_RATIO} × the fresh account. (e) **Password SignUp end to end**, each request a new address and password, ${history.signUpConnections} connections, ${history.rounds} rounds of ${seconds(history.signInRoundMs)} between ${history.rounds + 1} slices of ${seconds(history.referenceSliceMs)} of the **argon2id hash reference** (raw \`argon2.hash\` with the service’s parameters, ${history.signUpConnections} in flight, in the client process). No goal given for (b), (c) and (e).`;
}

function authorizeNotes(results: BenchResults, mainName: string, budgetName?: string): string[] {
  const { plan } = results;
  const lines = [
    '### Authorize: concurrency sweep',
    '',
    ...(results.runs ? [`The sweep of the last of the ${results.runs.length} runs.`, ''] : []),
    `Each setting ran ${seconds(plan.authorize.probeMs)} after ${seconds(plan.authorize.warmupMs)} of warm-up; the best (see Method) was measured in full (“${mainName}”)${budgetName ? `, and, its p99 being over ${plan.authorize.p99BudgetMs} ms, the fastest under it too (“${budgetName}”)` : ''}. In a closed loop latency follows from the requests in flight (Little’s law), so the p99 goal holds only at the lower settings.`,
    '',
    ...table(
      ['Connections × in flight', 'Authorize/s', 'p50 ms', 'p99 ms', 'Errors'],
      results.authorizeSweep.map((point) => [
        `${point.connections} × ${point.depth}`,
        rate(point.throughput),
        ms(point.p50Ms),
        ms(point.p99Ms),
        String(point.errors),
      ]),
      [1, 2, 3, 4],
    ),
  ];
  return lines;
}

function profileSection(profile: ProfileResult): string[] {
  const { summary } = profile;
  return [
    `Profiled: **${profile.rowName}**, ${profile.reason}. CPU of ${profile.process}; ${Math.round(summary.totalMs).toLocaleString('en-US')} ms sampled, ${percent(1 - summary.idleShare)} of it busy${profile.throughputUnderProfiler === null ? '' : `, ${rate(profile.throughputUnderProfiler)}/s under the profiler`}. Shares are of busy time. The profiler samples the main thread only: work on libuv’s pool (argon2id) does not show; a native call that blocks (an fsync inside a commit) counts as busy.`,
    '',
    ...table(
      ['#', 'Function (self time)', 'Where', 'Self ms', 'Share'],
      summary.top.map((entry, i) => [
        String(i + 1),
        `\`${entry.name}\``,
        entry.location,
        Math.round(entry.selfMs).toLocaleString('en-US'),
        percent(entry.share),
      ]),
      [0, 3, 4],
    ),
    '',
    'By package or library (self time):',
    '',
    ...table(
      ['Area', 'Share'],
      summary.byArea.slice(0, 12).map((area) => [area.area, percent(area.share)]),
      [1],
    ),
  ];
}
