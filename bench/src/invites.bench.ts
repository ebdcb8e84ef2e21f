import { longFromDecimal } from '@tangle/protocol';
import { measured, type CaseOutput, type Measured } from './rows';
import { startAuthService } from './server-process';
import { SetupClient } from './setup-client';
import { LatencyRecorder } from './stats';

export interface InvitesParams {
  /** Signed-in users, one connection each, that look up and use invites. */
  connections: number;
  /** Invites made before the load (each user uses each at most once: every use is a new one). */
  invites: number;
  warmupMs: number;
  lookupMs: number;
  useMs: number;
  /** The race: this many users use one invite of `raceMaxUses` at once. */
  racers: number;
  raceMaxUses: number;
}

const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef0123456789';
const GROUP = '800000000000000001';

interface Loop {
  completed: number;
  errors: number;
  errorCodes: Record<string, number>;
  latency: LatencyRecorder;
  seconds: number;
}

/**
 * LookupInvite and UseInvite end to end against the built server (WebSocket, one request in
 * flight per connection), and the 200-way race on a 5-use invite. Every use in the UseInvite
 * load is a first use of its invite by its user, so each appends an event.
 */
export async function invitesBench(params: InvitesParams): Promise<CaseOutput> {
  const server = await startAuthService({ env: { TARGETS_SERVICE_TOKEN: SERVICE_TOKEN } });
  const clients: SetupClient[] = [];
  try {
    const connect = async () => {
      const client = await SetupClient.connect(server.url);
      clients.push(client);
      return client;
    };
    const signedIn = async (name: string) => {
      const client = await connect();
      const result = await client.call({ authSignUp: { name } });
      return { client, userId: String(result.authorization!.user!.id) };
    };
    const owner = await signedIn('Owner');
    const users = await Promise.all(
      Array.from({ length: params.connections }, (_, i) => signedIn(`User ${i}`)),
    );
    const response = await fetch(`${server.httpUrl}/internal/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` },
      body: JSON.stringify({
        type: 'TARGET_TYPE_GROUP',
        targetId: GROUP,
        version: '1',
        snapshot: { name: 'Bench group', ownerId: owner.userId },
      }),
    });
    if (!response.ok) throw new Error(`targets endpoint answered ${response.status}`);
    const groupRef = { group: { groupId: longFromDecimal(GROUP) } };
    const codes: string[] = [];
    for (let i = 0; i < params.invites; i++) {
      const created = await owner.client.call({
        chatsCreateChatInvite: { chatRef: groupRef, maxUses: params.connections + 1 },
      });
      codes.push(created.createdInvite!.code!);
    }
    server.resetPeakRss();

    const lookups = await closedLoop(
      users.map((u) => u.client),
      params.warmupMs,
      params.lookupMs,
      (c, n) => ({
        authLookupInvite: { code: codes[(c * 7 + n) % codes.length] },
      }),
    );
    const lookupPeak = server.peakRssMb();
    const uses = await closedLoop(
      users.map((u) => u.client),
      params.warmupMs,
      params.useMs,
      (c, n) => {
        if (n >= codes.length)
          throw new Error(`more uses than invites (${codes.length}): make more`);
        return { authUseInvite: { code: codes[(c + n) % codes.length] } };
      },
    );

    const raceCode = (
      await owner.client.call({
        chatsCreateChatInvite: { chatRef: groupRef, maxUses: params.raceMaxUses },
      })
    ).createdInvite!.code!;
    const racers = await Promise.all(
      Array.from({ length: params.racers }, (_, i) => signedIn(`Racer ${i}`)),
    );
    const raceLatency = new LatencyRecorder();
    const started = performance.now();
    const answers = await Promise.all(
      racers.map(async ({ client }) => {
        const answer = await client.request({ authUseInvite: { code: raceCode } });
        raceLatency.record(answer.receivedAt - answer.sentAt);
        return answer.result.error ? (answer.result.error.errorCode ?? 0) : 'used';
      }),
    );
    const wallMs = performance.now() - started;
    const used = answers.filter((a) => a === 'used').length;
    if (used !== params.raceMaxUses) {
      throw new Error(`race: ${used} uses counted, ${params.raceMaxUses} expected`);
    }
    const race = raceLatency.summary();
    const rows: Measured[] = [
      loopRow(
        'invite-lookup',
        `LookupInvite end to end (${params.connections} connections)`,
        lookups,
        lookupPeak,
        params,
        [
          `${params.invites} live group invites, looked up by signed-in users in turn; read model SQLite`,
        ],
      ),
      loopRow(
        'invite-use',
        `UseInvite end to end (${params.connections} connections)`,
        uses,
        server.peakRssMb(),
        params,
        ['every use is a first use of its invite by its user: one invite.used event appended each'],
      ),
      measured({
        id: 'invite-race',
        name: `UseInvite race: ${params.racers} at once on a ${params.raceMaxUses}-use invite (wall ${wallMs.toFixed(1)} ms)`,
        throughput: params.racers / (wallMs / 1000),
        unit: 'ops/s',
        p50Ms: race.p50Ms,
        p99Ms: race.p99Ms,
        peakRssMb: server.peakRssMb(),
        rssOf: 'server',
        errors: 0,
        notes: [
          `wall time ${wallMs.toFixed(1)} ms from the first request sent to the last answer; ${used} used, ${params.racers - used} refused INVITE_EXHAUSTED; ${params.racers} connections signed in first, untimed`,
        ],
        concurrency: { connections: params.racers, depth: 1 },
      }),
    ];
    return { rows };
  } finally {
    for (const client of clients) client.close();
    await server.stop();
  }
}

type Body = Parameters<SetupClient['request']>[0];

/** Each client sends its next request when the last is answered, for warmup then the window. */
async function closedLoop(
  clients: SetupClient[],
  warmupMs: number,
  durationMs: number,
  request: (client: number, n: number) => Body,
): Promise<Loop> {
  const loop: Loop = {
    completed: 0,
    errors: 0,
    errorCodes: {},
    latency: new LatencyRecorder(),
    seconds: 0,
  };
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let n = 0; performance.now() < end; n++) {
        const answer = await client.request(request(c, n));
        if (answer.sentAt < measureFrom || answer.receivedAt > end) continue;
        if (answer.result.error) {
          loop.errors += 1;
          const code = String(answer.result.error.errorCode ?? 0);
          loop.errorCodes[code] = (loop.errorCodes[code] ?? 0) + 1;
        } else {
          loop.latency.record(answer.receivedAt - answer.sentAt);
        }
      }
    }),
  );
  loop.seconds = durationMs / 1000;
  loop.completed = loop.latency.count;
  return loop;
}

function loopRow(
  id: string,
  name: string,
  loop: Loop,
  peakRssMb: number | null,
  params: InvitesParams,
  notes: string[],
): Measured {
  const summary = loop.latency.summary();
  const errors = Object.entries(loop.errorCodes).map(([code, count]) => `error ${code}: ${count}`);
  return measured({
    id,
    name,
    throughput: loop.completed / loop.seconds,
    unit: 'ops/s',
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    peakRssMb,
    rssOf: 'server',
    errors: loop.errors,
    notes: [...notes, ...errors],
    concurrency: { connections: params.connections, depth: 1 },
  });
}
